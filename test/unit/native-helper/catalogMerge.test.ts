import path from 'node:path';
import { Catalog } from '../../../native-helper/catalog/catalog';
import { checkCatalogSnapshot } from '../../../native-helper/catalog/rebuild';
import { MIGRATIONS } from '../../../native-helper/catalog/migrations';
import { SqliteDatabase } from '../../../native-helper/sqlite/sqliteDatabase';
import { makeTempDir } from '../../helpers/tempDir';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

const AT = '2026-12-01T10:00:00.000Z';
const RAID = { url: 'local:/raid', name: 'raid', kind: 'local', media: 'raid', offsite: false };

function record(catalog: Catalog, destinationId: number, source: string, xxh64: string): void {
  const assetId = catalog.assets.record({ path: source, size: 10, mtimeMs: 1000, xxh64 }, AT);
  const key = source.slice(1);
  catalog.copies.recordVerified({ assetId, destinationId, key, location: `/raid/${key}`, size: 10, xxh64, at: AT, readBack: 'medium' });
  catalog.keyOwners.claim({ destinationId, key, assetId });
}

describe('merging a catalog snapshot', () => {
  it('adds what the catalog lacks and changes nothing it holds', () => {
    const old = Catalog.open(path.join(temp.dir, 'old.sqlite'));
    const oldRaid = old.destinations.id(RAID);
    record(old, oldRaid, '/m/a.mov', 'aaaaaaaaaaaaaaaa');
    record(old, oldRaid, '/m/b.mov', 'bbbbbbbbbbbbbbbb');
    const snapshot = path.join(temp.dir, 'snapshot.sqlite');
    old.rebuild.snapshotInto(snapshot);
    old.close();
    expect(checkCatalogSnapshot(snapshot)).toMatchObject({ ok: true, schema: MIGRATIONS.length });

    const here = Catalog.open(path.join(temp.dir, 'here.sqlite'));
    const raid = here.destinations.id(RAID);
    // This catalog knows b.mov with other content, and its copy: both stay as they are.
    record(here, raid, '/m/b.mov', 'cccccccccccccccc');
    const added = here.rebuild.mergeSnapshot(snapshot, new Map([[oldRaid, raid]]));
    expect(added).toEqual({ assets: 1, copies: 1, keyOwners: 1, keptVersions: 0 });
    expect(here.assets.list({ kind: 'all' }).map((a) => [a.path, a.xxh64])).toEqual([
      ['/m/a.mov', 'aaaaaaaaaaaaaaaa'],
      ['/m/b.mov', 'cccccccccccccccc'],
    ]);
    expect(here.copies.list({ kind: 'all' }).map((c) => [c.key, c.xxh64, c.verifiedAt])).toEqual([
      ['m/b.mov', 'cccccccccccccccc', AT],
      ['m/a.mov', 'aaaaaaaaaaaaaaaa', AT],
    ]);
    expect(here.rebuild.mergeSnapshot(snapshot, new Map([[oldRaid, raid]]))).toEqual({ assets: 0, copies: 0, keyOwners: 0, keptVersions: 0 });
    here.close();
  });

  it('refuses a file that is not a Threefold catalog, or one of a newer schema', () => {
    const other = path.join(temp.dir, 'other.sqlite');
    const db = new SqliteDatabase(other);
    db.exec('CREATE TABLE photos (id INTEGER)');
    db.close();
    expect(checkCatalogSnapshot(other)).toEqual({
      ok: false,
      newer: false,
      reason: expect.stringContaining('not a Threefold catalog (no assets, copies, destinations, key_owners, home table)'),
    });
    const newer = path.join(temp.dir, 'newer.sqlite');
    Catalog.open(newer).close();
    const raw = new SqliteDatabase(newer);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    expect(checkCatalogSnapshot(newer)).toMatchObject({ ok: false, newer: true });
    expect(checkCatalogSnapshot(path.join(temp.dir, 'absent.sqlite'))).toMatchObject({
      ok: false,
      newer: false,
      reason: expect.stringContaining('not a readable SQLite database'),
    });
  });
});
