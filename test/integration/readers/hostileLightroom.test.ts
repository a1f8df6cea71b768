import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../../../native-helper/errors';
import { readLightroomCatalog } from '../../../native-helper/readers/lightroom/readLightroomCatalog';
import { SqliteDatabase } from '../../../native-helper/sqlite/sqliteDatabase';
import { CATALOG_FIELD_MAX_BYTES, CATALOG_MAX_PHOTOS } from '../../../src/limits/inputLimits';
import { buildLightroomCatalog } from '../../helpers/lightroomCatalogBuilder';
import { makeTempDir, pseudoRandomBytes, writeFile } from '../../helpers/tempDir';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => (temp = makeTempDir('threefold-hostile-lrcat-')));
afterEach(() => temp.cleanup());

const PHOTOS = Array.from({ length: 20 }, (_, i) => ({
  root: '/Users/me/Pictures/',
  folder: `2024/Trip ${i % 3}/`,
  baseName: `IMG_${1000 + i}`,
  extension: 'CR2',
  sidecarExtensions: i % 2 ? 'xmp' : 'JPG,xmp',
  virtualCopies: i % 5 === 0 ? ['BW', null] : [],
}));

/** A sound catalog of 20 photos, then `sql` run on it, as a hostile catalog's author would. */
function hostileCatalog(sql: string): string {
  const catalog = buildLightroomCatalog(path.join(temp.dir, 'Lightroom'), { photos: PHOTOS }).path;
  const db = new SqliteDatabase(catalog);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
  return catalog;
}

/** The reader's outcome: a reading, or the UserError it refused the catalog with; anything else is a crash. */
async function outcome(catalog: string): Promise<{ read: number } | { refused: string }> {
  try {
    return { read: (await readLightroomCatalog(catalog, { isProcessAlive: () => false })).files.length };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    expect(error.message).toContain(catalog);
    return { refused: error.message };
  }
}

describe('a hostile catalog is refused, by what it is, before its values are loaded', () => {
  const series = (n: number) => `WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n LIMIT ${n})`;

  it.each([
    ['AgLibraryFile.baseName', `UPDATE AgLibraryFile SET baseName = printf('%.*c', ${CATALOG_FIELD_MAX_BYTES + 1}, 'x') WHERE id_local = 3`],
    ['AgLibraryRootFolder.absolutePath', `UPDATE AgLibraryRootFolder SET absolutePath = absolutePath || zeroblob(${CATALOG_FIELD_MAX_BYTES})`],
    ['Adobe_images.copyName', `UPDATE Adobe_images SET copyName = printf('%.*c', 50000000, 'x') WHERE id_local = 1`],
    ['Adobe_images.rootFile', `UPDATE Adobe_images SET rootFile = zeroblob(50000000) WHERE id_local = 2`],
  ])('a value past the limit: %s', async (column, sql) => {
    const catalog = hostileCatalog(sql);
    const [table, name] = column.split('.');
    expect(await outcome(catalog)).toEqual({
      refused: `${catalog}: not a catalog Threefold can read: a value of ${table}.${name} is longer than 131,072 bytes`,
    });
  });

  it('a value of the limit is read', async () => {
    const catalog = hostileCatalog(`UPDATE AgLibraryFile SET baseName = printf('%.*c', ${CATALOG_FIELD_MAX_BYTES}, 'x') WHERE id_local = 3`);
    expect(await outcome(catalog)).toEqual({ read: expect.any(Number) });
  });

  it('more photos than the limit: one file named by two million rows, each a virtual copy', async () => {
    const catalog = hostileCatalog(
      `${series(CATALOG_MAX_PHOTOS)} INSERT INTO Adobe_images (id_global, rootFile, copyName) SELECT 'V' || x, 1, 'Copy ' || x FROM n`,
    );
    const started = performance.now();
    expect(await outcome(catalog)).toEqual({ refused: `${catalog}: not a catalog Threefold can read: it has more than 2,000,000 photos` });
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it.each([
    [
      'a view that never ends',
      `ALTER TABLE Adobe_images RENAME TO images_kept; CREATE VIEW Adobe_images AS ${series(1e15)} SELECT x AS id_local, 1 AS rootFile, 'c' || x AS copyName FROM n`,
      /unknown Lightroom catalog schema \(Adobe_DBVersion 1100000\): Adobe_images is a view, not a table/,
    ],
    [
      'a generated column that computes a huge text',
      `ALTER TABLE AgLibraryFile ADD COLUMN huge AS (printf('%.*c', 500000000, 'x')); ALTER TABLE AgLibraryFile RENAME COLUMN baseName TO kept; ALTER TABLE AgLibraryFile RENAME COLUMN huge TO baseName`,
      /unknown Lightroom catalog schema \(Adobe_DBVersion 1100000\): table AgLibraryFile computes its column baseName/,
    ],
    [
      'ids that repeat: a table without its primary key, each row twice',
      'CREATE TABLE files AS SELECT * FROM AgLibraryFile; INSERT INTO files SELECT * FROM files; DROP TABLE AgLibraryFile; ALTER TABLE files RENAME TO AgLibraryFile',
      /unknown Lightroom catalog schema \(Adobe_DBVersion 1100000\): table AgLibraryFile has id_local, but not as its primary key/,
    ],
  ])('%s', async (_label, sql, reason) => {
    const catalog = hostileCatalog(sql);
    expect((await outcome(catalog)) as { refused: string }).toEqual({ refused: expect.stringMatching(reason) });
  });

  it('a view standing in for the variables table is not read: the version is unknown, the photos are read', async () => {
    const catalog = hostileCatalog(
      `DROP TABLE Adobe_variablesTable; CREATE VIEW Adobe_variablesTable AS SELECT 'Adobe_DBVersion' AS name, printf('%.*c', 500000000, '1') AS value`,
    );
    const reading = await readLightroomCatalog(catalog, { isProcessAlive: () => false });
    // Only its start is compared: a failure prints what it received, and the view's value is 500 MB.
    expect(reading.project.version?.slice(0, 40) ?? null).toBeNull();
    expect(reading.files.length).toBeGreaterThan(20);
  });

  it('folders whose parents form a cycle are read as the paths they hold (the reader never walks parents)', async () => {
    const catalog = hostileCatalog('UPDATE AgLibraryFolder SET parentId = CASE id_local WHEN 1 THEN 2 WHEN 2 THEN 3 ELSE 1 END');
    expect(await outcome(catalog)).toEqual({ read: expect.any(Number) });
  });
});

describe('fuzz: damaged catalogs are read or refused (a UserError naming the file), never crash', () => {
  type Damage =
    | { kind: 'flip'; at: number; bit: number }
    | { kind: 'truncate'; at: number }
    | { kind: 'zero'; at: number; length: number }
    | { kind: 'garbage'; seed: number; size: number };
  const damage: fc.Arbitrary<Damage> = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('zero' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8192 }) }),
    fc.record({ kind: fc.constant('garbage' as const), seed: fc.integer({ min: 1 }), size: fc.integer({ min: 0, max: 65536 }) }),
  );

  function apply(bytes: Buffer, d: Damage): Buffer {
    if (d.kind === 'garbage')
      return d.size < 16
        ? pseudoRandomBytes(d.size, d.seed)
        : Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), pseudoRandomBytes(d.size - 16, d.seed)]);
    if (bytes.length === 0) return bytes;
    const at = d.at % bytes.length;
    if (d.kind === 'truncate') return bytes.subarray(0, at);
    const copy = Buffer.from(bytes);
    if (d.kind === 'flip') copy[at] = copy[at]! ^ (1 << d.bit);
    else copy.fill(0, at, Math.min(copy.length, at + d.length));
    return copy;
  }

  it('bit flips, zeroed pages, truncations and garbage behind an SQLite header', async () => {
    const sound = fs.readFileSync(buildLightroomCatalog(path.join(temp.dir, 'sound'), { photos: PHOTOS }).path);
    const outcomes = { read: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(damage, { minLength: 1, maxLength: 4 }), async (damages) => {
        const catalog = writeFile(path.join(temp.dir, 'damaged', 'Photos.lrcat'), damages.reduce(apply, sound));
        const result = await outcome(catalog);
        outcomes['read' in result ? 'read' : 'refused'] += 1;
      }),
      { seed: 16_3, numRuns: 150 },
    );
    expect(outcomes.refused).toBeGreaterThan(20);
  });
});
