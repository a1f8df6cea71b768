import path from 'node:path';
import { Catalog } from '../../../native-helper/catalog/catalog';
import { exchangePairingCode, newPairingCode, PAIRING_CODE_MINUTES, tokenIsValid } from '../../../native-helper/service/pairing';
import { SqliteDatabase } from '../../../native-helper/sqlite/sqliteDatabase';
import { makeTempDir } from '../../helpers/tempDir';

/** Crockford's base 32 without 0 and 1: no 0/O, 1/I/L, U. */
const CODE = /^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/;
const now = new Date(); // the catalog purges expired codes by the wall clock, so codes are made now
const later = (ms: number) => new Date(now.getTime() + ms);

let temp: ReturnType<typeof makeTempDir>;
let file: string;
let catalog: Catalog;
beforeEach(() => {
  temp = makeTempDir();
  file = path.join(temp.dir, 'home', 'catalog.sqlite');
  catalog = Catalog.open(file);
});
afterEach(() => {
  catalog.close();
  temp.cleanup();
});

/** Every value of every row of every table, as text. */
function everyStoredValue(): string[] {
  const db = new SqliteDatabase(file, { readonly: true });
  try {
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[];
    return tables.flatMap((t) => (db.prepare(`SELECT * FROM "${t}"`).all() as Record<string, unknown>[]).flatMap((row) => Object.values(row).map(String)));
  } finally {
    db.close();
  }
}

describe('pairing', () => {
  it('codes look like XXXX-XXXX in the unambiguous alphabet and expire after the pairing window', () => {
    for (let i = 0; i < 50; i++) {
      const { code, expiresAt } = newPairingCode(catalog, now);
      expect(code).toMatch(CODE);
      expect(expiresAt).toEqual(later(PAIRING_CODE_MINUTES * 60_000));
    }
  });

  it.each<[string, (code: string) => string]>([
    ['as shown', (c) => c],
    ['in lower case', (c) => c.toLowerCase()],
    ['without the dash', (c) => c.replace('-', '')],
    ['with spaces', (c) => ` ${c.slice(0, 2)} ${c.slice(2).replace('-', ' ')} `],
  ])('a code typed %s buys a valid token of at least 128 bits, once', (_, typed) => {
    const { code } = newPairingCode(catalog, now);
    const token = exchangePairingCode(catalog, typed(code), 'panel', later(1000));
    expect(token).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(Buffer.from(token!, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(tokenIsValid(catalog, token!)).toBe(true);
    expect(exchangePairingCode(catalog, code, 'panel', later(2000))).toBeNull();
  });

  it('two exchanges give two different tokens; an unknown token is not valid', () => {
    const a = exchangePairingCode(catalog, newPairingCode(catalog, now).code, 'a', now)!;
    const b = exchangePairingCode(catalog, newPairingCode(catalog, now).code, 'b', now)!;
    expect(a).not.toBe(b);
    expect(tokenIsValid(catalog, 'A'.repeat(43))).toBe(false);
    expect(tokenIsValid(catalog, a.slice(0, -1))).toBe(false);
  });

  it.each<[string, number, boolean]>([
    ['just before it expires', PAIRING_CODE_MINUTES * 60_000 - 1, true],
    ['after it expired', PAIRING_CODE_MINUTES * 60_000 + 1, false],
  ])('a code used %s works: %s', (_, after, works) => {
    const { code } = newPairingCode(catalog, now);
    expect(exchangePairingCode(catalog, code, 'panel', later(after)) !== null).toBe(works);
  });

  it.each<[number, boolean]>([
    [9, true],
    [10, false],
  ])('after %i wrong codes the outstanding code still works: %s', (wrong, works) => {
    const { code } = newPairingCode(catalog, now);
    const bad = code.startsWith('2') ? '3333-3333' : '2222-2222';
    for (let i = 0; i < wrong; i++) expect(exchangePairingCode(catalog, bad, 'attacker', now)).toBeNull();
    expect(exchangePairingCode(catalog, code, 'panel', now) !== null).toBe(works);
  });

  it('stores only hashes: neither the code nor the token is in the catalog file', () => {
    const outstanding = newPairingCode(catalog, now).code;
    const used = newPairingCode(catalog, now).code;
    const token = exchangePairingCode(catalog, used, 'panel', now)!;
    const values = everyStoredValue();
    expect(values.some((v) => v.includes('panel'))).toBe(true); // the dump does see what is stored
    const secrets = [outstanding, outstanding.replace('-', ''), used, used.replace('-', ''), token];
    for (const secret of secrets) expect(values.filter((v) => v.includes(secret))).toEqual([]);
  });

  it('revokeAllTokens makes every token invalid and voids outstanding codes', () => {
    const a = exchangePairingCode(catalog, newPairingCode(catalog, now).code, 'a', now)!;
    const b = exchangePairingCode(catalog, newPairingCode(catalog, now).code, 'b', now)!;
    const { code } = newPairingCode(catalog, now);
    expect(catalog.pairing.revokeAll()).toBe(2);
    expect(tokenIsValid(catalog, a)).toBe(false);
    expect(tokenIsValid(catalog, b)).toBe(false);
    expect(exchangePairingCode(catalog, code, 'c', now)).toBeNull();
  });
});
