// The bundled helper (dist/helper/, written by `npm run build`) runs on its own: copied to a folder with no
// node_modules anywhere near it, `node threefold.js` works (SQLite is node:sqlite, inside Node).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { s3Environment } from '../helpers/cloudWorkspace';
import { buildLightroomCatalog } from '../helpers/lightroomCatalogBuilder';
import { testS3Server, uniqueBucket } from '../helpers/s3Server';
import { makeTempDir, pseudoRandomBytes, writeFile } from '../helpers/tempDir';
import { listFiles } from '../helpers/workspace';
import type { ProtectReport } from '../../native-helper/engine/protect';
import type { ScanDocument } from '../../native-helper/engine/scan';

const repo = path.resolve(__dirname, '../..');
const built = path.join(repo, 'dist/helper');

let temp: ReturnType<typeof makeTempDir>;
let bundle: string;
let home: string;

beforeAll(() => {
  if (!fs.existsSync(path.join(built, 'threefold.js'))) {
    throw new Error(`${path.join(built, 'threefold.js')} is missing: run \`npm run build\` (npm test does) before this test`);
  }
  temp = makeTempDir('threefold-bundle-');
  const helper = path.join(temp.dir, 'helper');
  fs.cpSync(built, helper, { recursive: true });
  bundle = path.join(helper, 'threefold.js');
  home = path.join(temp.dir, 'home');
});
afterAll(() => temp?.cleanup());

/** `node <copy>/threefold.js --home <home> ...args`, run from the copy's folder with no module path of the repository. */
function run(args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): { code: number; stdout: string; stderr: string } {
  const env = { ...process.env, ...extraEnv };
  delete env.NODE_PATH;
  delete env.THREEFOLD_HOME;
  const result = spawnSync(process.execPath, [bundle, ...args], { cwd: path.dirname(bundle), env, encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function runJson<T>(args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): { code: number; json: T } {
  const r = run([...args, '--json'], extraEnv);
  try {
    return { code: r.code, json: JSON.parse(r.stdout) as T };
  } catch {
    throw new Error(`not JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
}

describe('the bundled helper in dist/helper', () => {
  it('is one script (SQLite is node:sqlite: no addon beside it), and the copy has no node_modules', () => {
    expect(fs.readdirSync(path.dirname(bundle)).sort()).toEqual(['threefold.js']);
    expect(fs.readFileSync(bundle, 'utf8').split('\n', 1)[0]).toBe('#!/usr/bin/env node');
    for (let dir = path.dirname(bundle); dir !== path.dirname(dir); dir = path.dirname(dir)) {
      expect(fs.existsSync(path.join(dir, 'node_modules'))).toBe(false);
    }
  });

  it('prints the version of package.json', () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string };
    const r = run(['--version']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout.trim()).toBe(version);
  });

  it('scans a folder, adds a destination and protects the folder (the catalog opens on node:sqlite)', () => {
    const media = path.join(temp.dir, 'Media');
    const a = writeFile(path.join(media, 'A001.mov'), pseudoRandomBytes(300_000, 7));
    const b = writeFile(path.join(media, 'sub', 'b é.wav'), 'a little audio');
    const raid = path.join(temp.dir, 'raid');
    fs.mkdirSync(raid);

    const scan = runJson<ScanDocument>(['--home', home, 'scan', media]);
    expect(scan.code).toBe(0);
    expect(scan.json.kind).toBe('folder');
    expect(scan.json.media.map((m) => [m.path, m.exists, m.size]).sort()).toEqual(
      [
        [a, true, 300_000],
        [b, true, 14],
      ].sort(),
    );

    const added = run(['--home', home, 'dest', 'add', 'raid', raid, '--media', 'raid']);
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toContain('Added destination "raid"');

    const protect = runJson<ProtectReport>(['--home', home, 'protect', media]);
    expect(protect.code).toBe(0);
    expect(protect.json.job).toMatchObject({ files: 2, bytes: 300_014, failed: [] });
    expect(protect.json.assets.map((x) => [x.path, x.copies, x.locations.map((l) => l.destination)]).sort()).toEqual(
      [
        [a, 2, ['raid']],
        [b, 2, ['raid']],
      ].sort(),
    );
    const copies = listFiles(raid);
    expect(copies.some((f) => f.endsWith('/Media/A001.mov'))).toBe(true);
    expect(copies.some((f) => f.endsWith('/Media/sub/b é.wav'))).toBe(true);
    expect(fs.existsSync(path.join(home, 'catalog.sqlite'))).toBe(true);

    const again = runJson<ProtectReport>(['--home', home, 'protect', media]);
    expect(again.code).toBe(0);
    expect(again.json.job).toMatchObject({ files: 0, upToDate: 2, failed: [] });
  });

  it('writes a PDF report: pdfkit’s standard fonts are in the bundle', () => {
    const pdf = path.join(temp.dir, 'first.pdf');
    expect(run(['--home', home, 'report', '1', '--out', pdf])).toMatchObject({ code: 0, stderr: '' });
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain(path.join(temp.dir, 'Media', 'sub', 'b é.wav'));
    expect(fs.readdirSync(path.join(home, 'reports'))).toEqual(['job-1.html', 'job-2.html']);
  });

  it('protects to an S3 destination: the S3 code, loaded on first use, is in the bundle', async () => {
    const cloudHome = path.join(temp.dir, 'cloud-home');
    const media = path.join(temp.dir, 'CloudMedia');
    writeFile(path.join(media, 'C001.mov'), pseudoRandomBytes(200_000, 9));
    const bucket = await uniqueBucket('bundle');
    const env = s3Environment();
    const added = run(['--home', cloudHome, 'dest', 'add', 'cloud', `s3://${bucket}/threefold`, '--endpoint', testS3Server().endpoint, '--path-style'], env);
    expect(added).toMatchObject({ code: 0, stderr: '' });
    const protect = runJson<ProtectReport>(['--home', cloudHome, 'protect', media], env);
    expect(protect.json.job).toMatchObject({ files: 1, bytes: 200_000, failed: [] });
    expect(protect.json.assets[0]!.locations.map((l) => l.destination)).toEqual(['cloud']);
  });

  it('reads a Lightroom catalog (node:sqlite inside the bundle)', () => {
    const photos = path.join(temp.dir, 'Pictures');
    const photo = writeFile(path.join(photos, 'IMG_0001.jpg'), pseudoRandomBytes(1000, 3));
    const catalog = buildLightroomCatalog(path.join(temp.dir, 'Lightroom'), {
      photos: [{ root: `${photos}/`, folder: '', baseName: 'IMG_0001', extension: 'jpg' }],
    });
    catalog.close();
    const scan = runJson<ScanDocument>(['--home', home, 'scan', catalog.path]);
    expect(scan.code).toBe(0);
    expect(scan.json.kind).toBe('lightroom');
    expect(scan.json.media).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: catalog.path, role: 'catalog', exists: true }),
        expect.objectContaining({ path: photo, role: 'media', exists: true, size: 1000 }),
      ]),
    );
  });
});
