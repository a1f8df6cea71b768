import type { CatalogDatabase } from './catalogDatabase';
import { type Scope, scopeClause } from './scope';

export interface CopyRow {
  id: number;
  assetId: number;
  destinationUrl: string;
  key: string;
  location: string;
  size: number;
  xxh64: string;
  copiedAt: string;
  verifiedAt: string;
  status: 'verified' | 'failed';
  error: string | null;
  /** The store's ETag of a cloud copy when it was uploaded; null for local copies and older records. */
  etag: string | null;
}

/** Where a local copy was last read back from (see ReadSource); null for a cloud copy. */
export type ReadBackFrom = 'medium' | 'cache' | null;

/** A copy of an asset's recorded content, as a status tells of it. */
export interface CopyState {
  assetId: number;
  destinationId: number;
  location: string;
  verifiedAt: string;
  /** Its last verification failed (1), or passed (0). */
  failed: 0 | 1;
  /** Failed because its storage proved not to hold it any more (see condemn): simply not there. */
  absent: 0 | 1;
  error: string | null;
  readBack: ReadBackFrom;
}

const COPY_COLUMNS = `c.id, c.asset_id AS assetId, d.url AS destinationUrl, c.key, c.location, c.size, c.xxh64,
  c.copied_at AS copiedAt, c.verified_at AS verifiedAt, c.status, c.error, c.etag`;

/** The copies of assets on destinations: where, when last verified and how, and whether they still count. */
export class CopyStore {
  constructor(private readonly db: CatalogDatabase) {}

  list(scope: Scope): CopyRow[] {
    const { where, params } = scopeClause(scope);
    return this.db
      .statement(
        `SELECT ${COPY_COLUMNS} FROM copies c JOIN assets a ON a.id = c.asset_id
         JOIN destinations d ON d.id = c.destination_id WHERE ${where}`,
      )
      .all(...params) as CopyRow[];
  }

  /**
   * Every recorded copy of the scope's assets, with what a restore chooses by: whether it is known absent,
   * and whether it holds the asset's recorded content (an older copy of a changed source does not).
   */
  forRestore(scope: Scope): Array<CopyRow & { absent: 0 | 1; current: 0 | 1 }> {
    const { where, params } = scopeClause(scope);
    return this.db
      .statement(
        `SELECT ${COPY_COLUMNS}, c.absent, c.xxh64 = a.xxh64 AS current FROM copies c JOIN assets a ON a.id = c.asset_id
         JOIN destinations d ON d.id = c.destination_id WHERE ${where}`,
      )
      .all(...params) as Array<CopyRow & { absent: 0 | 1; current: 0 | 1 }>;
  }

  /**
   * The copies of the scope's assets that hold each asset's recorded content, as a status tells of them:
   * where, when last verified, and whether that failed. Not keys, sizes, hashes or copy times: for
   * 100,000 files each column of text is 100,000 strings more.
   */
  states(scope: Scope): CopyState[] {
    const { where, params } = scopeClause(scope);
    const rows = this.db
      .rawStatement(
        `SELECT c.asset_id, c.destination_id, c.location, c.verified_at, c.status = 'failed', c.absent, c.error, c.read_back
       FROM copies c JOIN assets a ON a.id = c.asset_id WHERE (${where}) AND c.xxh64 = a.xxh64`,
      )
      .all(...params) as Array<[number, number, string, string, 0 | 1, 0 | 1, string | null, ReadBackFrom]>;
    return rows.map(([assetId, destinationId, location, verifiedAt, failed, absent, error, readBack]) => ({
      assetId,
      destinationId,
      location,
      verifiedAt,
      failed,
      absent,
      error,
      readBack,
    }));
  }

  /** When each destination last received a copy (by destination id; none for one that never did). */
  lastCopiedAt(): Map<number, string> {
    const rows = this.db.rawStatement(`SELECT destination_id, max(copied_at) FROM copies GROUP BY destination_id`).all() as Array<[number, string]>;
    return new Map(rows);
  }

  /** Copies recorded on a destination (verified or not). */
  count(destinationId: number): number {
    return (this.db.statement(`SELECT count(*) AS n FROM copies WHERE destination_id = ?`).get(destinationId) as { n: number }).n;
  }

  recordVerified(c: {
    assetId: number;
    destinationId: number;
    key: string;
    location: string;
    size: number;
    xxh64: string;
    at: string;
    etag?: string | undefined;
    readBack?: ReadBackFrom;
  }): void {
    this.db
      .statement(
        `INSERT INTO copies (asset_id, destination_id, key, location, size, xxh64, copied_at, verified_at, status, error, etag, read_back)
         VALUES (@assetId, @destinationId, @key, @location, @size, @xxh64, @at, @at, 'verified', NULL, @etag, @readBack)
         ON CONFLICT (asset_id, destination_id) DO UPDATE SET key = excluded.key, location = excluded.location,
           size = excluded.size, xxh64 = excluded.xxh64, copied_at = excluded.copied_at,
           verified_at = excluded.verified_at, status = 'verified', error = NULL, etag = excluded.etag, absent = 0,
           read_back = excluded.read_back`,
      )
      .run({ readBack: null, ...c, etag: c.etag ?? null });
  }

  /**
   * The outcome of re-reading a copy: a pass renews verified_at (and, for a local copy, says where it was
   * read from), a failure keeps the last good date.
   */
  recordCheck(copyId: number, outcome: { ok: true; at: string; readBack?: 'medium' | 'cache' } | { ok: false; error: string }): void {
    if (outcome.ok) {
      this.db
        .statement(`UPDATE copies SET status = 'verified', error = NULL, absent = 0, verified_at = ?, read_back = COALESCE(?, read_back) WHERE id = ?`)
        .run(outcome.at, outcome.readBack ?? null, copyId);
    } else {
      // A copy already known absent (its storage was emptied) stays absent: found missing again, it is no failed check.
      this.db.statement(`UPDATE copies SET status = 'failed', error = CASE WHEN absent = 1 THEN error ELSE ? END WHERE id = ?`).run(outcome.error, copyId);
    }
  }

  /**
   * Every verified copy on a destination proven not to hold them (its bucket is gone, its storage was
   * replaced) is failed and absent, with the reason: no status counts it, a protect makes it again.
   * Returns how many.
   */
  condemn(destinationId: number, reason: string): number {
    return this.db
      .statement(`UPDATE copies SET status = 'failed', absent = 1, error = ? WHERE destination_id = ? AND status = 'verified'`)
      .run(reason, destinationId).changes;
  }
}
