import { DeleteBucketCommand, DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { mapSourcePath } from '../../src/paths/mapSourcePath';
import { Catalog } from '../../native-helper/catalog/catalog';
import { saveConfig, type ThreefoldConfig } from '../../native-helper/config/config';
import type { StatusDocument } from '../../native-helper/engine/status';
import type { ProtectReport } from '../../native-helper/engine/protect';
import { runCliAsync } from '../helpers/cli';
import { s3Environment } from '../helpers/cloudWorkspace';
import { startFaultProxy, type FaultProxy } from '../helpers/faultProxy';
import { s3Client, testS3Server, uniqueBucket } from '../helpers/s3Server';
import { makeTempDir, pseudoRandomBytes, writeFile } from '../helpers/tempDir';

let temp: ReturnType<typeof makeTempDir>;
let home: string;
let media: string;
let bucket: string;
const mounted: string[] = [];
const proxies: FaultProxy[] = [];

beforeEach(async () => {
  temp = makeTempDir();
  home = path.join(temp.dir, 'home');
  media = path.join(temp.dir, 'Media');
  bucket = await uniqueBucket('identity');
});
afterEach(async () => {
  // Bind mounts first: removing the folder through one would remove the other's files too.
  for (const target of mounted.splice(0).reverse()) execFileSync('umount', ['-l', target]);
  await Promise.all(proxies.splice(0).map((p) => p.close()));
  temp.cleanup();
});

const endpoint = (): string => testS3Server().endpoint;
const port = (): string => new URL(endpoint()).port;
const s3 = () => s3Client(testS3Server());
const cli = (args: string[]) => runCliAsync(home, args, { env: s3Environment() });
const addBucket = (name: string, where = `s3://${bucket}/threefold`, at = endpoint()) => cli(['dest', 'add', name, where, '--endpoint', at, '--path-style']);
const addFolder = (name: string, folder: string, label = 'raid') => cli(['dest', 'add', name, folder, '--media', label]);

async function json<T>(args: string[]): Promise<T> {
  const r = await cli([...args, '--json']);
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
}

function folder(...parts: string[]): string {
  const p = path.join(temp.dir, ...parts);
  fs.mkdirSync(p, { recursive: true });
  return p;
}

function bindMount(source: string, target: string): void {
  fs.mkdirSync(target, { recursive: true });
  execFileSync('mount', ['--bind', source, target]);
  mounted.push(target);
}

async function proxyToServer(): Promise<FaultProxy> {
  const proxy = await startFaultProxy({ host: '127.0.0.1', port: Number(port()) });
  proxies.push(proxy);
  return proxy;
}

async function objectKeys(prefix = ''): Promise<string[]> {
  const listed = await s3().send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (listed.Contents ?? []).map((o) => o.Key!).sort();
}

async function emptyBucket(prefix = ''): Promise<void> {
  for (const Key of await objectKeys(prefix)) await s3().send(new DeleteObjectCommand({ Bucket: bucket, Key }));
}

const clip = (): string => writeFile(path.join(media, 'A001.mov'), pseudoRandomBytes(200_000, 1));

describe('one storage is never two destinations', () => {
  it('dest add refuses a bucket already added through another spelling of its endpoint (localhost, a trailing slash)', async () => {
    expect(await addBucket('b2', `s3://${bucket}/threefold`, `http://127.0.0.1:${port()}`)).toMatchObject({ code: 0, stderr: '' });
    for (const [name, where, at] of [
      ['b2-localhost', `s3://${bucket}/threefold`, `http://localhost:${port()}`],
      ['b2-slashes', `s3://${bucket}/threefold/`, `http://LOCALHOST:${port()}/`],
      ['b2-ipv6', `s3://${bucket}//threefold`, `http://[::1]:${port()}`],
    ] as const) {
      const r = await addBucket(name, where, at);
      expect([name, r.code, r.stderr]).toEqual([name, 2, expect.stringContaining(`is destination "b2" already`)]);
    }
    const config = JSON.parse(fs.readFileSync(path.join(home, 'config.json'), 'utf8')) as ThreefoldConfig;
    expect(config.destinations.map((d) => d.name)).toEqual(['b2']);
  });

  it("dest add refuses a prefix inside another destination's, or one that holds it, in the same bucket (however spelled)", async () => {
    expect((await addBucket('b2', `s3://${bucket}/threefold`, `http://127.0.0.1:${port()}`)).code).toBe(0);
    for (const [name, where] of [
      ['b2-inner', `s3://${bucket}/threefold/inner`],
      ['b2-outer', `s3://${bucket}`],
      ['b2-outer-slash', `s3://${bucket}/`],
    ] as const) {
      const r = await addBucket(name, where, `http://localhost:${port()}`);
      expect([name, r.code, r.stderr]).toEqual([name, 2, expect.stringContaining(`overlaps destination "b2"`)]);
    }
    // A sibling prefix is another place.
    expect((await addBucket('b2-sibling', `s3://${bucket}/threefold-2`)).code).toBe(0);
  });

  it('dest add writes an identity marker, and refuses the same bucket reached through another endpoint by it', async () => {
    expect((await addBucket('b2')).code).toBe(0);
    const marker = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: 'threefold/.threefold/identity.json' }));
    const text = await marker.Body!.transformToString();
    expect(JSON.parse(text)).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
      kind: 's3',
      where: `s3://${bucket}/threefold`,
      createdAt: expect.any(String),
    });
    expect(text).not.toContain(testS3Server().secretAccessKey);
    expect(text).not.toContain(testS3Server().accessKeyId);

    // Another port, another place as far as any spelling says: only the marker knows.
    const proxy = await proxyToServer();
    const r = await addBucket('b2-proxy', `s3://${bucket}/threefold`, proxy.endpoint);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('same storage as destination "b2"');
    // A marker is never overwritten.
    const again = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: 'threefold/.threefold/identity.json' }));
    expect(await again.Body!.transformToString()).toBe(text);
  });

  it.each([
    ['the root itself', (raid: string) => raid],
    ['its parent', (raid: string) => path.dirname(raid)],
    ['a folder inside it', (raid: string) => folder(path.relative(temp.dir, raid), 'inner')],
  ])('dest add refuses a bind mount of %s of another destination', async (_label, bound) => {
    const raid = folder('disks', 'raid');
    expect((await addFolder('raid', raid)).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(raid, '.threefold', 'identity.json'), 'utf8'))).toMatchObject({ kind: 'local', where: raid });
    const view = path.join(temp.dir, 'view');
    bindMount(bound(raid), view);
    const r = await addFolder('shuttle', view, 'hdd');
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('overlaps destination "raid"')]);
  });

  it('two destinations configured by an earlier version on one storage: the first job marks it, refuses the second, and status counts one copy', async () => {
    const raid = folder('disks', 'raid');
    const view = path.join(temp.dir, 'view');
    bindMount(raid, view);
    // As an earlier version left it: two folders in config.json, no marker anywhere.
    await saveConfig(home, {
      policy: { copies: 3, media: 2, offsite: 0 },
      sourceMedia: 'ssd',
      destinations: [
        { name: 'raid', kind: 'local', path: raid, media: 'raid', offsite: false },
        { name: 'shuttle', kind: 'local', path: view, media: 'hdd', offsite: false },
      ],
    });
    clip();
    const report = await json<ProtectReport>(['protect', media]);
    expect(report.job.failed).toEqual([
      expect.objectContaining({ destination: 'shuttle', error: expect.stringContaining('same storage as destination "raid"') }),
    ]);
    expect(report.assets[0]).toMatchObject({ state: 'partial', copies: 2 });
    expect(fs.existsSync(path.join(raid, '.threefold', 'identity.json'))).toBe(true);
  });

  it('after a second name for one storage was found, the first name still takes copies (only the second is refused)', async () => {
    const raid = folder('disks', 'raid');
    const view = path.join(temp.dir, 'view');
    bindMount(raid, view);
    await saveConfig(home, {
      policy: { copies: 3, media: 2, offsite: 0 },
      sourceMedia: 'ssd',
      destinations: [
        { name: 'raid', kind: 'local', path: raid, media: 'raid', offsite: false },
        { name: 'shuttle', kind: 'local', path: view, media: 'hdd', offsite: false },
      ],
    });
    clip();
    await json<ProtectReport>(['protect', media]);
    writeFile(path.join(media, 'A002.mov'), pseudoRandomBytes(1000, 2));
    const again = await json<ProtectReport>(['protect', media]);
    expect(again.job.failed).toEqual([
      expect.objectContaining({ destination: 'shuttle', error: expect.stringContaining('same storage as destination "raid"') }),
    ]);
    expect(again.assets.map((a) => [path.basename(a.path), a.copies])).toEqual([
      ['A001.mov', 2],
      ['A002.mov', 2],
    ]);
  });

  it('dest test writes the identity marker of a destination added by an earlier version', async () => {
    const raid = folder('raid');
    await saveConfig(home, {
      policy: { copies: 3, media: 2, offsite: 1 },
      sourceMedia: 'ssd',
      destinations: [{ name: 'raid', kind: 'local', path: raid, media: 'raid', offsite: false }],
    });
    expect((await cli(['dest', 'test', 'raid'])).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(raid, '.threefold', 'identity.json'), 'utf8'))).toMatchObject({ kind: 'local', where: raid });
  });

  it('one bucket configured twice by an earlier version (localhost and 127.0.0.1): protect uploads once and counts one copy', async () => {
    const b2 = { kind: 's3', bucket, prefix: 'threefold', region: 'us-east-1', pathStyle: true, media: 'cloud', offsite: true } as const;
    await saveConfig(home, {
      policy: { copies: 3, media: 2, offsite: 1 },
      sourceMedia: 'ssd',
      destinations: [
        { ...b2, name: 'b2', endpoint: `http://127.0.0.1:${port()}` },
        { ...b2, name: 'b2-again', endpoint: `http://localhost:${port()}` },
      ],
    });
    clip();
    const report = await json<ProtectReport>(['protect', media]);
    expect(report.job.failed).toEqual([
      expect.objectContaining({ destination: 'b2-again', error: expect.stringContaining('same storage as destination "b2"') }),
    ]);
    expect(report.assets[0]).toMatchObject({ state: 'partial', copies: 2 });
    expect((await json<StatusDocument>(['status', media])).assets[0]).toMatchObject({ state: 'partial', copies: 2 });
  });

  it('status counts copies on destinations that share a marker once, whatever was recorded before', async () => {
    const [raid, usb] = [folder('raid'), folder('usb')];
    expect((await addFolder('raid', raid)).code).toBe(0);
    expect((await addFolder('shuttle', usb, 'hdd')).code).toBe(0);
    await saveConfig(home, {
      ...(JSON.parse(fs.readFileSync(path.join(home, 'config.json'), 'utf8')) as ThreefoldConfig),
      policy: { copies: 3, media: 2, offsite: 0 },
    });
    clip();
    expect((await json<ProtectReport>(['protect', media])).assets[0]).toMatchObject({ state: 'protected', copies: 3 });
    // The catalog learns that both are one storage (a job found shuttle's root holding raid's marker).
    const catalog = Catalog.open(path.join(home, 'catalog.sqlite'));
    const states = catalog.destinations.states();
    catalog.destinations.setIdentity(states.find((s) => s.name === 'shuttle')!.id, states.find((s) => s.name === 'raid')!.identity!);
    catalog.close();
    expect((await json<StatusDocument>(['status', media])).assets[0]).toMatchObject({ state: 'partial', copies: 2 });
  });
});

describe('only a proof of absence condemns copies', () => {
  const protectToBucket = async (at = endpoint()): Promise<void> => {
    expect((await addFolder('raid', folder('raid'))).code).toBe(0);
    expect((await addBucket('b2', `s3://${bucket}/threefold`, at)).code).toBe(0);
    clip();
    expect((await json<ProtectReport>(['protect', media])).assets[0]).toMatchObject({ state: 'protected', copies: 3 });
  };

  it('a deleted bucket: verify says so, and status no longer counts its copies', async () => {
    await protectToBucket();
    await emptyBucket();
    await s3().send(new DeleteBucketCommand({ Bucket: bucket }));
    const verified = await cli(['verify']);
    expect(verified.code).toBe(1);
    expect(verified.stdout).toMatch(/b2.*does not exist/);
    const status = await json<StatusDocument>(['status', media]);
    expect(status.assets[0]).toMatchObject({ state: 'partial', copies: 2, problem: expect.stringMatching(/copy on b2: .*does not exist/) });
    expect(status.unreachable).toBeUndefined();
  });

  it('a bucket emptied behind its back (marker gone): verify condemns its copies, protect uploads them again', async () => {
    await protectToBucket();
    await emptyBucket('threefold/');
    expect((await cli(['verify'])).code).toBe(1);
    const status = await json<StatusDocument>(['status', media]);
    expect(status.assets[0]).toMatchObject({ state: 'partial', copies: 2, problem: expect.stringContaining('emptied or replaced') });
    const again = await json<ProtectReport>(['protect', media]);
    expect(again.job).toMatchObject({ files: 1, failed: [] });
    expect(again.assets[0]).toMatchObject({ state: 'protected', copies: 3 });
    expect(await objectKeys('threefold/')).toEqual(expect.arrayContaining(['threefold/.threefold/identity.json', expect.stringMatching(/A001\.mov$/)]));
  });

  it('a stopped endpoint: copies still counted, and status says since when it has not been reachable', async () => {
    const proxy = await proxyToServer();
    await protectToBucket(proxy.endpoint);
    await proxy.close();
    const verified = await cli(['verify']);
    expect(verified.code).toBe(1);
    expect(verified.stdout).toMatch(/b2.*cannot reach/);
    const status = await json<StatusDocument>(['status', media]);
    expect(status.assets[0]).toMatchObject({ state: 'protected', copies: 3 });
    expect(status.unreachable).toEqual([
      {
        destination: 'b2',
        since: expect.stringMatching(/^\d{4}-/),
        lastReachable: expect.stringMatching(/^\d{4}-/),
        reason: expect.stringContaining('cannot reach'),
      },
    ]);
    expect(Date.parse(status.unreachable![0]!.since)).toBeGreaterThanOrEqual(Date.parse(status.unreachable![0]!.lastReachable!));
    const table = await cli(['status', media]);
    expect(table.stdout).toMatch(/^b2: not reachable since \d{4}-.*; its copies are still counted$/m);
  });

  it('a local copy deleted from a mounted root is condemned by verify', async () => {
    const raid = folder('raid');
    expect((await addFolder('raid', raid)).code).toBe(0);
    clip();
    expect((await cli(['protect', media])).code).toBe(0);
    fs.rmSync(path.join(raid, ...mapSourcePath(path.join(media, 'A001.mov')).split('/')));
    expect((await cli(['verify'])).stdout).toContain('the copy is gone');
    expect((await json<StatusDocument>(['status', media])).assets[0]).toMatchObject({ state: 'failed', copies: 1 });
  });

  it("a copy's folder replaced by a link (moved to another disk since unplugged) is condemned by verify, not counted", async () => {
    const raid = folder('raid');
    expect((await addFolder('raid', raid)).code).toBe(0);
    clip();
    expect((await cli(['protect', media])).code).toBe(0);
    const copyFolder = path.dirname(path.join(raid, ...mapSourcePath(path.join(media, 'A001.mov')).split('/')));
    fs.renameSync(copyFolder, path.join(temp.dir, 'moved'));
    fs.symlinkSync(path.join(temp.dir, 'gone-with-its-disk'), copyFolder);
    const verified = await cli(['verify']);
    expect(verified.code).toBe(1);
    expect(verified.stdout).toContain('the copy is gone');
    const status = await json<StatusDocument>(['status', media]);
    expect(status.assets[0]).toMatchObject({ state: 'failed', copies: 1 });
    expect(status.unreachable ?? []).toEqual([]);
  });

  it.each([
    ['renamed away', (raid: string) => fs.renameSync(raid, `${raid}-away`)],
    [
      'an empty mount point left behind',
      (raid: string) => {
        fs.renameSync(raid, `${raid}-away`);
        fs.mkdirSync(raid);
      },
    ],
  ])('an unplugged local root (%s) is not condemned: status says since when it is unreachable', async (_label, unplug) => {
    const raid = folder('raid');
    expect((await addFolder('raid', raid)).code).toBe(0);
    clip();
    expect((await cli(['protect', media])).code).toBe(0);
    unplug(raid);
    const verified = await cli(['verify']);
    expect(verified.code).toBe(1);
    expect(verified.stdout).toMatch(/raid.*(not reachable|not mounted)/);
    const status = await json<StatusDocument>(['status', media]);
    expect(status.assets[0]).toMatchObject({ copies: 2 });
    expect(status.assets[0]!.problem).toBeUndefined();
    expect(status.unreachable).toEqual([expect.objectContaining({ destination: 'raid', since: expect.any(String) })]);
    // Nothing is written into the empty folder standing in for the disk.
    expect((await cli(['protect', media])).code).toBe(1);
    if (fs.existsSync(raid)) expect(fs.readdirSync(raid)).toEqual([]);
  });
});
