import fs from 'node:fs';
import path from 'node:path';
import { Catalog } from '../../../native-helper/catalog/catalog';
import { MIGRATIONS } from '../../../native-helper/catalog/migrations';
import { SqliteDatabase } from '../../../native-helper/sqlite/sqliteDatabase';
import { makeTempDir } from '../../helpers/tempDir';

let temp: ReturnType<typeof makeTempDir>;
let file: string;
beforeEach(() => {
  temp = makeTempDir();
  file = path.join(temp.dir, 'home', 'catalog.sqlite');
});
afterEach(() => temp.cleanup());

/** The catalog as the Threefold before key owners left it. */
function catalogBeforeKeyOwners(rows: string): void {
  const version = MIGRATIONS.findIndex((m) => m.includes('CREATE TABLE key_owners'));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new SqliteDatabase(file);
  for (let v = 0; v < version; v++) db.exec(MIGRATIONS[v]!);
  db.pragma(`user_version = ${version}`);
  db.exec(`INSERT INTO destinations (id, url, name, kind, media, offsite, created_at) VALUES (1, 'local:/raid', 'raid', 'local', 'raid', 0, 'x')`);
  db.exec(rows);
  db.close();
}

describe('the key owners migration', () => {
  it('gives each recorded copy its key, and a versioned asset the key its versions sit beside', () => {
    catalogBeforeKeyOwners(`
      INSERT INTO assets (id, path, size, mtime_ms, xxh64, hashed_at) VALUES
        (1, '/X/Proj/A.bin', 1, 1, 'aa', 't'), (2, '/X/Proj/Ferry.prproj', 1, 1, 'bb', 't');
      INSERT INTO copies (asset_id, destination_id, key, location, size, xxh64, copied_at, verified_at, status) VALUES
        (1, 1, 'X/Proj/A.bin', '/raid/X/Proj/A.bin', 1, 'aa', '2026-01-01', '2026-01-01', 'verified'),
        (2, 1, 'X/Proj/.threefold-versions/Ferry.2026-01-02T030405Z.prproj', '/raid/…', 1, 'bb', '2026-01-02', '2026-01-02', 'verified');
      INSERT INTO kept_versions (asset_id, destination_id, key, xxh64, size, copied_at) VALUES
        (2, 1, 'X/Proj/.threefold-versions/Ferry.2026-01-01T030405Z.prproj', 'b0', 1, '2026-01-01'),
        (2, 1, 'X/Proj/.threefold-versions/Ferry.2026-01-02T030405Z.prproj', 'bb', 1, '2026-01-02');
    `);
    const catalog = Catalog.open(file);
    try {
      expect(catalog.keyOwners.ownedKeys(['/X/Proj/A.bin', '/X/Proj/Ferry.prproj', '/not/recorded'])).toEqual(
        new Map([
          ['/X/Proj/A.bin', new Map([[1, ['X/Proj/A.bin']]])],
          ['/X/Proj/Ferry.prproj', new Map([[1, ['X/Proj/Ferry.prproj']]])],
        ]),
      );
      // The folded form is what another source is kept from.
      expect(catalog.keyOwners.holder(1, 'x/proj/a.bin', '/Volumes/X/Proj/a.bin')).toBe('/X/Proj/A.bin');
      expect(catalog.keyOwners.holder(1, 'x/proj/a.bin', '/X/Proj/A.bin')).toBeUndefined();
      expect(catalog.keyOwners.holders(1, ['x/proj/a.bin', 'x/proj/ferry.prproj', 'x/none'])).toEqual(
        new Map([
          ['x/proj/a.bin', ['/X/Proj/A.bin']],
          ['x/proj/ferry.prproj', ['/X/Proj/Ferry.prproj']],
        ]),
      );
      expect(catalog.homeId()).toMatch(/^[0-9a-f]{32}$/);
    } finally {
      catalog.close();
    }
  });

  it('marks failed the copy another source later overwrote at the same key, naming it; the later one owns the key', () => {
    catalogBeforeKeyOwners(`
      INSERT INTO assets (id, path, size, mtime_ms, xxh64, hashed_at) VALUES
        (1, '/Volumes/X/Proj/a.bin', 1, 1, 'aa', 't'), (2, '/X/Proj/a.bin', 1, 1, 'bb', 't');
      INSERT INTO copies (asset_id, destination_id, key, location, size, xxh64, copied_at, verified_at, status) VALUES
        (1, 1, 'X/Proj/a.bin', '/raid/X/Proj/a.bin', 1, 'aa', '2026-01-01', '2026-01-01', 'verified'),
        (2, 1, 'X/Proj/a.bin', '/raid/X/Proj/a.bin', 1, 'bb', '2026-01-02', '2026-01-02', 'verified');
    `);
    const catalog = Catalog.open(file);
    try {
      const copies = catalog.copies.list({ kind: 'all' });
      expect(copies.find((c) => c.assetId === 1)).toMatchObject({
        status: 'failed',
        error: expect.stringContaining('overwritten by the copy of /X/Proj/a.bin'),
      });
      expect(copies.find((c) => c.assetId === 2)).toMatchObject({ status: 'verified', error: null });
      expect(catalog.keyOwners.ownedKeys(['/X/Proj/a.bin', '/Volumes/X/Proj/a.bin'])).toEqual(new Map([['/X/Proj/a.bin', new Map([[1, ['X/Proj/a.bin']]])]]));
    } finally {
      catalog.close();
    }
  });

  it('gives every new catalog a home id of its own', () => {
    const a = Catalog.open(file);
    const b = Catalog.open(path.join(temp.dir, 'other', 'catalog.sqlite'));
    try {
      expect(a.homeId()).not.toBe(b.homeId());
      expect(a.homeId()).toBe(a.homeId());
    } finally {
      a.close();
      b.close();
    }
  });
});
