// Hostile projects and catalogs through the built CLI, each in a process of its own: whatever the file, the
// scan ends with exit 2 and a message saying which limit it passed, within seconds, its peak RSS (the
// kernel's count for the whole process) under 300 MB.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildLightroomCatalog } from '../helpers/lightroomCatalogBuilder';
import { writeGzipRepeating, writeNestingBomb } from '../helpers/hostileProjects';
import { runCliMeasured } from '../helpers/peakRss';
import { makeTempDir, pseudoRandomBytes, writeFile } from '../helpers/tempDir';

const MAX_PEAK_RSS = 300 * 1000 * 1000;
const MAX_SECONDS = 10;

let temp: ReturnType<typeof makeTempDir>;
beforeAll(() => (temp = makeTempDir('threefold-hostile-cli-')));
afterAll(() => temp.cleanup());

const ROOT = '<?xml version="1.0" encoding="UTF-8"?>\n<PremiereData Version="3">';

/** Runs SQL on a sound catalog in a child process, so the test's own memory does not hold the hostile values. */
function hostileCatalog(name: string, sql: string): string {
  const folder = path.join(temp.dir, name);
  const catalog = buildLightroomCatalog(folder, { photos: [{ root: '/Users/me/Pictures/', folder: 'Trip/', baseName: 'IMG_1', extension: 'CR2' }] }).path;
  const script = `const { DatabaseSync } = require('node:sqlite'); const db = new DatabaseSync(${JSON.stringify(catalog)}); db.exec(${JSON.stringify(sql)}); db.close();`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return catalog;
}

const cases: Array<[string, () => Promise<string>, RegExp]> = [
  [
    "the issue's case: 30 million nested elements in an 88 KB gzip",
    async () => {
      const file = path.join(temp.dir, 'nested.prproj');
      await writeNestingBomb(file);
      return file;
    },
    /not a project Threefold can read: its XML nests deeper than 256 elements/,
  ],
  [
    '30 million tiny elements in a small gzip',
    async () => {
      const file = path.join(temp.dir, 'tiny.prproj');
      await writeGzipRepeating(file, ROOT, '<a/>', 30_000_000, '</PremiereData>');
      return file;
    },
    /not a project Threefold can read: its XML is larger than 16\.8 MB/,
  ],
  [
    'a media field of 200 MiB of entities',
    async () => {
      const file = path.join(temp.dir, 'field.prproj');
      await writeGzipRepeating(file, `${ROOT}<Media><FilePath>`, '&lt;', 50 * 1024 * 1024, '</FilePath></Media></PremiereData>');
      return file;
    },
    /not a project Threefold can read: a name, attribute, comment, CDATA section, processing instruction or media field of its XML is longer than 1,048,576 characters/,
  ],
  [
    'a comment of 200 MiB',
    async () => {
      const file = path.join(temp.dir, 'comment.prproj');
      await writeGzipRepeating(file, `${ROOT}<!--`, '-x', 100 * 1024 * 1024, '--></PremiereData>');
      return file;
    },
    /not a project Threefold can read: a name, attribute, comment/,
  ],
  [
    'a catalog with a 400 MB name',
    async () => hostileCatalog('huge-name', "UPDATE AgLibraryFile SET baseName = printf('%.*c', 400000000, 'x')"),
    /not a catalog Threefold can read: a value of AgLibraryFile\.baseName is longer than 131,072 bytes/,
  ],
  [
    'a catalog whose photos are a view that never ends',
    async () =>
      hostileCatalog(
        'endless',
        "ALTER TABLE Adobe_images RENAME TO kept; CREATE VIEW Adobe_images AS WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT x AS id_local, 1 AS rootFile, printf('%.*c', 1000, 'c') || x AS copyName FROM n",
      ),
    /Adobe_images is a view, not a table/,
  ],
  [
    'garbage behind an SQLite header',
    async () =>
      writeFile(path.join(temp.dir, 'garbage', 'Photos.lrcat'), Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), pseudoRandomBytes(1 << 20, 7)])),
    /Photos\.lrcat: (is not a Lightroom catalog|this Lightroom catalog is damaged)/,
  ],
  [
    'a truncated catalog',
    async () => {
      const sound = buildLightroomCatalog(path.join(temp.dir, 'sound'), { photos: [{ root: '/p/', folder: '', baseName: 'a', extension: 'CR2' }] }).path;
      const bytes = fs.readFileSync(sound);
      return writeFile(path.join(temp.dir, 'truncated', 'Photos.lrcat'), bytes.subarray(0, bytes.length - 4096 - 100));
    },
    /Photos\.lrcat: (is not a Lightroom catalog|this Lightroom catalog is damaged)/,
  ],
];

describe('threefold scan --json of a hostile file', () => {
  it.each(cases)('%s: exit 2, a clear message, seconds, under 300 MB', async (_label, make, reason) => {
    const file = await make();
    const run = runCliMeasured(path.join(temp.dir, 'home'), ['scan', file, '--json'], temp.dir);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 2, stderr: expect.stringMatching(reason) });
    expect(run.stderr).toContain(file);
    expect(run.seconds).toBeLessThan(MAX_SECONDS);
    expect(run.peakRssBytes).toBeLessThan(MAX_PEAK_RSS);
  });
});
