import type { CatalogDatabase } from './catalogDatabase';

/** Pairing codes and the tokens they bought. Only hashes are stored: a copied catalog gives no way in. */
export class PairingStore {
  constructor(private readonly db: CatalogDatabase) {}

  addCode(codeHash: string, expiresAt: Date, attempts: number): void {
    this.db.statement(`DELETE FROM pairing_codes WHERE expires_at < ?`).run(new Date().toISOString());
    this.db.statement(`INSERT INTO pairing_codes (code_hash, expires_at, attempts_left) VALUES (?, ?, ?)`).run(codeHash, expiresAt.toISOString(), attempts);
  }

  /**
   * Uses up a live code; true when it existed. A wrong code costs every live code one attempt, so codes
   * cannot be guessed by trying many.
   */
  consumeCode(codeHash: string, now: Date): boolean {
    return this.db.transaction(() => {
      const at = now.toISOString();
      this.db.statement(`DELETE FROM pairing_codes WHERE expires_at < ? OR attempts_left <= 0`).run(at);
      const used = this.db.statement(`DELETE FROM pairing_codes WHERE code_hash = ?`).run(codeHash).changes > 0;
      if (!used) this.db.statement(`UPDATE pairing_codes SET attempts_left = attempts_left - 1`).run();
      return used;
    });
  }

  addToken(tokenHash: string, client: string): void {
    this.db.statement(`INSERT INTO tokens (token_hash, client, created_at) VALUES (?, ?, ?)`).run(tokenHash, client, new Date().toISOString());
  }

  /** Whether the token is valid now (checked on every request, so a revocation takes effect at once). */
  hasToken(tokenHash: string): boolean {
    return this.db.statement(`SELECT 1 FROM tokens WHERE token_hash = ?`).get(tokenHash) !== undefined;
  }

  touchToken(tokenHash: string): void {
    this.db.statement(`UPDATE tokens SET last_used_at = ? WHERE token_hash = ?`).run(new Date().toISOString(), tokenHash);
  }

  removeToken(tokenHash: string): void {
    this.db.statement(`DELETE FROM tokens WHERE token_hash = ?`).run(tokenHash);
  }

  /** Each paired client by the name it gave, and when it last made a request (null: not since pairing). */
  clients(): { client: string; lastUsedAt: string | null }[] {
    return this.db.statement(`SELECT client, last_used_at AS lastUsedAt FROM tokens ORDER BY client, created_at`).all() as {
      client: string;
      lastUsedAt: string | null;
    }[];
  }

  revokeAll(): number {
    this.db.statement(`DELETE FROM pairing_codes`).run();
    return this.db.statement(`DELETE FROM tokens`).run().changes;
  }
}
