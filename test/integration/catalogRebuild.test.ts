import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { SqliteDatabase } from '../../native-helper/sqlite/sqliteDatabase';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { Catalog } from '../../native-helper/catalog/catalog';
import { catalogPath } from '../../native-helper/config/config';
import type { RebuildReport } from '../../native-helper/engine/rebuildCatalog';
import type { RestoreReport } from '../../native-helper/engine/restore/restore';
import type { StatusDocument } from '../../native-helper/engine/status';
import { mapSourcePath } from '../../src/paths/mapSourcePath';
import { runCliAsync } from '../helpers/cli';
import { s3Environment } from '../helpers/cloudWorkspace';
import { xxhsum } from '../helpers/oracles';
import { s3Client, testS3Server, uniqueBucket } from '../helpers/s3Server';
import { makeTempDir, pseudoRandomBytes, writeFile } from '../helpers/tempDir';

let temp: ReturnType<typeof makeTempDir>;
let bucket: string;
let raid: string;
let media: string;
const homeA = (): string => path.join(temp.dir, 'homeA');
const homeB = (): string => path.join(temp.dir, 'homeB');
beforeEach(async () => {
  temp = makeTempDir();
  bucket = await uniqueBucket('rebuild');
  raid = path.join(temp.dir, 'raid');
  fs.mkdirSync(raid);
  media = path.join(temp.dir, 'Media');
});
afterEach(() => temp.cleanup());

const cli = (home: string, args: string[]) => runCliAsync(home, args, { env: s3Environment() });
const addRaid = (home: string) => cli(home, ['dest', 'add', 'raid', raid, '--media', 'raid']);
const addB2 = (home: string) => cli(home, ['dest', 'add', 'b2', `s3://${bucket}/threefold`, '--endpoint', testS3Server().endpoint, '--path-style']);
const FILES = { 'A001.mov': 300_000, 'sub/B002.wav': 70_000, 'notes.txt': 5 };

async function json<T>(home: string, args: string[]): Promise<{ code: number; json: T; stderr: string }> {
  const r = await cli(home, [...args, '--json']);
  try {
    return { code: r.code, json: JSON.parse(r.stdout) as T, stderr: r.stderr };
  } catch {
    throw new Error(`not JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
}

/** Home A protects the media folder to the raid and the bucket; what its status says of every file. */
async function protectOnHomeA(): Promise<Map<string, { size: number; xxh64: string | null }>> {
  let seed = 1;
  for (const [name, size] of Object.entries(FILES)) writeFile(path.join(media, name), pseudoRandomBytes(size, seed++));
  expect((await addRaid(homeA())).code).toBe(0);
  expect((await addB2(homeA())).code).toBe(0);
  const protectedA = await json<{ job: { failed: unknown[]; warnings?: string[] } }>(homeA(), ['protect', media]);
  expect(protectedA.json.job).toMatchObject({ failed: [] });
  expect(protectedA.json.job.warnings).toBeUndefined();
  const status = await json<StatusDocument>(homeA(), ['status', media]);
  return new Map(status.json.assets.map((a) => [a.path, { size: a.size, xxh64: a.xxh64 }]));
}

async function bucketKeys(prefix: string): Promise<string[]> {
  const listed = await s3Client(testS3Server()).send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (listed.Contents ?? []).map((o) => o.Key!).sort();
}

/** After the sources are gone: every old path is missing, restorable, with home A's size and hash (every file the home knows). */
async function expectRestorable(home: string, recorded: Map<string, { size: number; xxh64: string | null }>): Promise<void> {
  const status = await json<StatusDocument>(home, ['status']);
  expect(status.json.assets.map((a) => [a.path, a.state, a.size, a.xxh64]).sort()).toEqual(
    [...recorded].map(([p, r]) => [p, 'missing', r.size, r.xxh64]).sort(),
  );
  expect(status.json.summary).toMatchObject({ assets: 3, missing: 3, lost: 0 });
}

/** Each source file's hash (xxhsum) and modification time, by its name under the media folder. */
function sourceFacts(): Map<string, { xxh64: string; mtimeMs: number }> {
  return new Map(Object.keys(FILES).map((name) => [name, { xxh64: xxhsum(path.join(media, name)), mtimeMs: fs.statSync(path.join(media, name)).mtimeMs }]));
}

/** Every file under a folder, as absolute paths. */
function listTree(root: string): string[] {
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

function homeIdOf(home: string): string {
  const catalog = Catalog.open(catalogPath(home));
  try {
    return catalog.homeId();
  } finally {
    catalog.close();
  }
}

describe('threefold catalog rebuild', () => {
  it('a fresh home with only the bucket learns every copy from the snapshot home A left there', async () => {
    const recorded = await protectOnHomeA();
    const home = homeIdOf(homeA());
    const state = await bucketKeys(`threefold/.threefold/state/${home}/`);
    expect(state).toEqual([expect.stringMatching(/catalog-\d{8}T\d{9}Z\.sqlite\.gz$/), expect.stringMatching(/config-\d{8}T\d{9}Z\.json$/)]);
    // The config snapshot is home A's config, with nothing of the credentials the process signed with.
    const config = await s3Client(testS3Server()).send(new GetObjectCommand({ Bucket: bucket, Key: state[1] }));
    const configText = await config.Body!.transformToString();
    expect(configText).not.toContain(testS3Server().secretAccessKey);
    expect(configText).not.toContain(testS3Server().accessKeyId);
    expect(JSON.parse(configText)).toEqual(JSON.parse(fs.readFileSync(path.join(homeA(), 'config.json'), 'utf8')));
    const originals = sourceFacts();
    fs.rmSync(media, { recursive: true });

    const added = await addB2(homeB());
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(`It holds the Threefold records of another home: ${home} (on `);
    expect(added.stdout).toContain('A new machine learns the copies with `threefold catalog rebuild --from b2`.');
    const rebuilt = await json<RebuildReport>(homeB(), ['catalog', 'rebuild', '--from', 'b2']);
    expect(rebuilt.stderr).toBe('');
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.json).toMatchObject({ destination: 'b2', home, catalogWasEmpty: true, history: null, warnings: [] });
    expect(rebuilt.json.snapshot!.added).toEqual({ assets: 3, copies: 3, keyOwners: 3, keptVersions: 0 });
    expect(rebuilt.json.notConfigured).toEqual([{ name: 'raid', location: expect.stringContaining(raid), copies: 3 }]);
    await expectRestorable(homeB(), recorded);
    // The old folder, gone from disk, is still a target its recorded files answer for.
    const folderStatus = await json<StatusDocument>(homeB(), ['status', media]);
    expect(folderStatus.json.assets.map((a) => [a.path, a.state]).sort()).toEqual([...recorded.keys()].map((p) => [p, 'missing']).sort());

    // The machine is gone, the bucket remains: every file comes back under a new root, byte for byte, named and dated as it was.
    const newRoot = path.join(temp.dir, 'New');
    fs.mkdirSync(newRoot);
    const restored = await json<RestoreReport>(homeB(), ['restore', media, '--to', newRoot]);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.json.totals).toMatchObject({ restored: 3, failed: 0, notProtected: 0 });
    for (const [name, original] of originals) {
      const target = path.join(newRoot, ...mapSourcePath(path.join(media, name)).split('/'));
      expect(restored.json.files.find((f) => f.path === path.join(media, name))).toMatchObject({ state: 'restored', from: 'b2', target });
      expect(xxhsum(target)).toBe(original.xxh64);
      // To the microsecond, as Node sets times.
      expect(Math.abs(fs.statSync(target).mtimeMs - original.mtimeMs)).toBeLessThan(0.001);
    }
    expect(
      listTree(newRoot)
        .map((p) => path.basename(p))
        .sort(),
    ).toEqual([...originals.keys()].map((n) => path.basename(n)).sort());

    // Again: everything is there already, nothing is added or changed.
    const again = await json<RebuildReport>(homeB(), ['catalog', 'rebuild', '--from', 'b2']);
    expect(again.json).toMatchObject({ catalogWasEmpty: false, snapshot: { added: { assets: 0, copies: 0, keyOwners: 0, keptVersions: 0 } } });
  });

  it.each([
    ['the raid (a local folder)', 'raid'],
    ['the bucket', 'b2'],
  ])('without a snapshot, proves the copies on %s from its ASC MHL history and key owners record', async (_label, from) => {
    const recorded = await protectOnHomeA();
    if (from === 'raid') fs.rmSync(path.join(raid, '.threefold', 'state'), { recursive: true });
    else {
      const keys = await bucketKeys('threefold/.threefold/state/');
      for (const Key of keys) await s3Client(testS3Server()).send(new DeleteObjectCommand({ Bucket: bucket, Key }));
    }
    fs.rmSync(media, { recursive: true });
    expect((await (from === 'raid' ? addRaid(homeB()) : addB2(homeB()))).code).toBe(0);
    const rebuiltAt = Date.now();
    const rebuilt = await json<RebuildReport>(homeB(), ['catalog', 'rebuild', '--from', from]);
    expect(rebuilt.json.snapshot).toBeNull();
    expect(rebuilt.json.warnings).toEqual([expect.stringContaining('holds no catalog snapshot')]);
    expect(rebuilt.code).toBe(1);
    expect(rebuilt.json.history).toEqual({ generations: 1, proven: 3, added: { assets: 3, copies: 3 }, differing: 0, unproven: 0 });
    await expectRestorable(homeB(), recorded);
    // Recorded as verified when the manifest says, not now; how it was read back is not known.
    const db = new SqliteDatabase(catalogPath(homeB()), { readonly: true });
    const rows = db.prepare(`SELECT verified_at AS verifiedAt, read_back AS readBack FROM copies`).all() as Array<{
      verifiedAt: string;
      readBack: string | null;
    }>;
    db.close();
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.readBack).toBeNull();
      expect(Date.parse(row.verifiedAt)).toBeLessThan(rebuiltAt);
    }
  });

  it('a truncated snapshot is refused with a message and the history is read instead', async () => {
    const recorded = await protectOnHomeA();
    const folder = path.join(raid, '.threefold', 'state', homeIdOf(homeA()));
    const snapshot = path.join(folder, fs.readdirSync(folder).find((n) => n.startsWith('catalog-'))!);
    const bytes = fs.readFileSync(snapshot);
    fs.writeFileSync(snapshot, bytes.subarray(0, Math.floor(bytes.length / 2)));
    fs.rmSync(media, { recursive: true });
    expect((await addRaid(homeB())).code).toBe(0);
    const rebuilt = await json<RebuildReport>(homeB(), ['catalog', 'rebuild', '--from', 'raid']);
    expect(rebuilt.code).toBe(1);
    expect(rebuilt.json.warnings).toEqual([expect.stringMatching(/catalog snapshot .* was not used: it could not be read whole \(unexpected end of file\)/)]);
    expect(rebuilt.json.snapshot).toBeNull();
    expect(rebuilt.json.history).toMatchObject({ proven: 3, added: { copies: 3 } });
    await expectRestorable(homeB(), recorded);
  });

  it('a snapshot written by a newer Threefold is refused (exit 2), and nothing is recorded', async () => {
    await protectOnHomeA();
    const folder = path.join(raid, '.threefold', 'state', homeIdOf(homeA()));
    const snapshot = path.join(folder, fs.readdirSync(folder).find((n) => n.startsWith('catalog-'))!);
    const file = path.join(temp.dir, 'newer.sqlite');
    fs.writeFileSync(file, zlib.gunzipSync(fs.readFileSync(snapshot)));
    const db = new SqliteDatabase(file);
    db.pragma('user_version = 999');
    db.close();
    fs.writeFileSync(snapshot, zlib.gzipSync(fs.readFileSync(file)));
    expect((await addRaid(homeB())).code).toBe(0);
    const r = await cli(homeB(), ['catalog', 'rebuild', '--from', 'raid']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /written by a newer Threefold \(catalog schema 999; this build knows \d+\); update Threefold, or rebuild from the ASC MHL history alone with --history-only/,
    );
    const status = await json<StatusDocument>(homeB(), ['status']);
    expect(status.json.summary.assets).toBe(0);
    const history = await json<RebuildReport>(homeB(), ['catalog', 'rebuild', '--from', 'raid', '--history-only']);
    expect(history.json).toMatchObject({ snapshot: null, history: { proven: 3 } });
  });

  it('asks which home when the destination holds several, and refuses a destination that is not configured', async () => {
    await protectOnHomeA();
    const other = path.join(temp.dir, 'homeC');
    writeFile(path.join(temp.dir, 'Other', 'x.mov'), pseudoRandomBytes(1000, 9));
    expect((await addRaid(other)).code).toBe(0);
    expect((await cli(other, ['protect', path.join(temp.dir, 'Other')])).code).toBe(0);
    expect((await addRaid(homeB())).code).toBe(0);
    const ambiguous = await cli(homeB(), ['catalog', 'rebuild', '--from', 'raid']);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('holds the records of 2 Threefold homes; choose one with --home-id ID');
    expect(ambiguous.stderr).toContain(homeIdOf(other));
    const chosen = await json<RebuildReport>(homeB(), ['catalog', 'rebuild', '--from', 'raid', '--home-id', homeIdOf(other)]);
    expect(chosen.json.snapshot!.added).toMatchObject({ assets: 1, copies: 1 });
    const unknown = await cli(homeB(), ['catalog', 'rebuild', '--from', 'b2']);
    expect(unknown).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('no destination is named "b2" here (configured: raid); add it first with `threefold dest add b2 WHERE`'),
    });
  });
});
