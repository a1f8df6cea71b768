import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { mapSourcePath } from '../../src/paths/mapSourcePath';
import { syntheticMedia, writePremiereProject } from '../../native-helper/demo/premiereProjectWriter';
import { protect } from '../../native-helper/engine/protect';
import { restore, type RestoredFile } from '../../native-helper/engine/restore/restore';
import { destinationUrl } from '../../native-helper/destinations/openDestinations';
import { BIN, runCliJson } from '../helpers/cli';
import { addCloudDestination } from '../helpers/cloudWorkspace';
import { startFaultProxy } from '../helpers/faultProxy';
import { testS3Server } from '../helpers/s3Server';
import { buildLightroomCatalog } from '../helpers/lightroomCatalogBuilder';
import { xxhsum } from '../helpers/oracles';
import { pseudoRandomBytes, writeFile } from '../helpers/tempDir';
import { listFiles, useTempWorkspace } from '../helpers/workspace';

const t = useTempWorkspace();
const byPath = (files: readonly RestoredFile[], file: string): RestoredFile => files.find((f) => f.path === file)!;

describe('restore from the cloud', () => {
  it('brings files back from an S3 bucket, a multipart object included, with their mtimes', async () => {
    await t.reopen(path.join(t.dir, 'only-cloud'), []);
    await addCloudDestination(t.ws);
    const files = [
      writeFile(path.join(t.ws.source, 'A001.mov'), pseudoRandomBytes(21 * 1024 * 1024 + 3, 1)),
      writeFile(path.join(t.ws.source, 'Audio', 'Zoë.wav'), pseudoRandomBytes(300_000, 2)),
    ];
    const recorded = files.map((f) => ({ file: f, xxh64: xxhsum(f), mtimeMs: fs.statSync(f).mtimeMs }));
    expect((await protect(t.ws, { targets: [t.ws.source] })).job.failed).toEqual([]);
    fs.rmSync(t.ws.source, { recursive: true });

    const to = path.join(t.dir, 'New');
    fs.mkdirSync(to);
    const report = await restore(t.ws, { targets: [t.ws.source], to, from: 'cloud' });
    expect(report.totals).toMatchObject({ restored: 2, failed: 0 });
    for (const r of recorded) {
      const target = path.join(to, ...mapSourcePath(r.file).split('/'));
      expect(byPath(report.files, r.file)).toMatchObject({ state: 'restored', from: 'cloud', target });
      expect(xxhsum(target)).toBe(r.xxh64);
      expect(Math.abs(fs.statSync(target).mtimeMs - r.mtimeMs)).toBeLessThan(0.001);
      // A cloud copy keeps no permission bits: the file is its owner's alone.
      expect(fs.statSync(target).mode & 0o777).toBe(0o600);
    }
  });

  it('prefers a local copy to the cloud one', async () => {
    await addCloudDestination(t.ws);
    const file = writeFile(path.join(t.ws.source, 'a.mov'), pseudoRandomBytes(1000, 3));
    expect((await protect(t.ws, { targets: [file] })).job.failed).toEqual([]);
    fs.rmSync(file);
    const report = await restore(t.ws, { targets: [file], dryRun: true });
    expect(byPath(report.files, file)).toMatchObject({ state: 'would-restore', from: 'raid' });
    expect(fs.existsSync(file)).toBe(false);
  });
});

describe('restore through a connection that breaks', () => {
  it('fails the cloud attempt without blaming the copy, leaves nothing at the final name, and a rerun restores', async () => {
    const { hostname, port } = new URL(testS3Server().endpoint);
    const proxy = await startFaultProxy({ host: hostname, port: Number(port) });
    try {
      await t.reopen(path.join(t.dir, 'only-cloud'), []);
      await addCloudDestination(t.ws, 'cloud', proxy.endpoint);
      // Six 16 MiB ranges, four in flight: when the first progress comes, ranges are still on their way.
      const file = writeFile(path.join(t.ws.source, 'A001.mov'), pseudoRandomBytes(96 * 1024 * 1024, 8));
      const xxh64 = xxhsum(file);
      expect((await protect(t.ws, { targets: [file] })).job.failed).toEqual([]);
      fs.rmSync(file);
      // Slow enough that the download is still on its way when the connection is cut.
      proxy.delay(20);
      let cut = false;
      const report = await restore(t.ws, {
        targets: [file],
        onProgress: (s) => {
          if (!cut && s.bytesDone > 0) {
            cut = true;
            proxy.cutOpenConnections();
          }
        },
      });
      expect(cut).toBe(true);
      expect(byPath(report.files, file)).toMatchObject({
        state: 'failed',
        attempts: [{ destination: 'cloud', error: expect.stringMatching(/cannot read the copy/) }],
      });
      expect(t.ws.catalog.copies.list({ kind: 'file', path: file })[0]!.status).toBe('verified');
      // Ranges that came whole before the cut are kept in the partial file for the rerun (restoreCloudRanges.test.ts).
      expect(fs.readdirSync(t.ws.source).filter((name) => name !== 'A001.mov.threefold-partial')).toEqual([]);

      proxy.reset();
      const rerun = await restore(t.ws, { targets: [file] });
      expect(byPath(rerun.files, file).state).toBe('restored');
      expect(xxhsum(file)).toBe(xxh64);
    } finally {
      proxy.close();
    }
  });
});

describe('restore of a project', () => {
  it('restores the project file first, then every file it references', async () => {
    const clip = writeFile(path.join(t.ws.source, 'A001 Scène.mov'), pseudoRandomBytes(3 * 1024 * 1024 + 5, 1));
    const proxy = writeFile(path.join(t.ws.source, 'Proxies', 'A001_Proxy.mp4'), pseudoRandomBytes(50_000, 3));
    const never = path.join(t.ws.source, 'Lost', 'B007.mov');
    const project = await writePremiereProject(path.join(t.dir, 'Projects', 'Ferry Doc.prproj'), [
      { actualMediaFilePath: clip, title: 'A001 Scène' },
      { actualMediaFilePath: proxy, title: 'A001 proxy', isProxy: true },
      { actualMediaFilePath: never, title: 'B007', offlineReason: 6 },
      syntheticMedia('Black Video'),
    ]);
    const hashes = new Map([clip, proxy, project].map((f) => [f, xxhsum(f)]));
    await protect(t.ws, { targets: [project] });
    for (const f of hashes.keys()) fs.rmSync(f);

    const to = path.join(t.dir, 'New');
    fs.mkdirSync(to);
    const report = await restore(t.ws, { targets: [project], to });
    for (const [f, xxh64] of hashes) {
      const target = path.join(to, ...mapSourcePath(f).split('/'));
      expect(byPath(report.files, f)).toMatchObject({ state: 'restored', target });
      expect(xxhsum(target)).toBe(xxh64);
    }
    expect(byPath(report.files, never)).toMatchObject({ state: 'not-protected', note: expect.stringMatching(/referenced by .*not on disk/) });
    expect(report.totals.failed).toBe(0);
  });

  it('restores a Lightroom catalog and its photos in place', async () => {
    const photo = writeFile(path.join(t.ws.source, 'Photos', 'IMG_1.CR2'), pseudoRandomBytes(100_000, 7));
    const xmp = writeFile(path.join(t.ws.source, 'Photos', 'IMG_1.xmp'), '<x:xmpmeta/>');
    const built = buildLightroomCatalog(path.join(t.dir, 'LR'), {
      photos: [{ root: `${t.ws.source}/`, folder: 'Photos/', baseName: 'IMG_1', extension: 'CR2', sidecarExtensions: 'xmp' }],
    });
    built.close();
    const hashes = new Map([photo, xmp, built.path].map((f) => [f, xxhsum(f)]));
    expect((await protect(t.ws, { targets: [built.path] })).job.failed).toEqual([]);
    for (const f of hashes.keys()) fs.rmSync(f);
    const report = await restore(t.ws, { targets: [built.path] });
    expect(report.totals).toMatchObject({ restored: 3, failed: 0 });
    for (const [f, xxh64] of hashes) expect(xxhsum(f)).toBe(xxh64);
  });
});

describe('restore refuses', () => {
  it('to restore in place on a disk that is not mounted, creating nothing', async () => {
    const file = writeFile(path.join(t.ws.source, 'a.mov'), pseudoRandomBytes(1000, 6));
    await protect(t.ws, { targets: [file] });
    const volume = `/mnt/threefold-unmounted-${process.pid}`;
    const onDisk = `${volume}/Ferry/a.mov`;
    recordCopyOf(file, onDisk);
    const report = await restore(t.ws, { targets: [onDisk] });
    expect(byPath(report.files, onDisk)).toMatchObject({ state: 'failed', note: expect.stringMatching(/volume .* is not mounted/) });
    expect(fs.existsSync(volume)).toBe(false);
  });

  it('a recorded path that would escape --to, writing nothing', async () => {
    const file = writeFile(path.join(t.ws.source, 'a.mov'), pseudoRandomBytes(1000, 4));
    await protect(t.ws, { targets: [file] });
    // A record whose path climbs out (a catalog learnt from a destination someone else wrote).
    const hostile = `${t.ws.source}/../../../../etc/evil`;
    recordCopyOf(file, hostile);
    const to = path.join(t.dir, 'New');
    fs.mkdirSync(to);
    const report = await restore(t.ws, { targets: [hostile], to });
    expect(byPath(report.files, hostile)).toMatchObject({ state: 'failed', note: expect.stringMatching(/refused: it would not stay inside/) });
    expect(listFiles(to)).toEqual([]);
    expect(fs.existsSync('/etc/evil')).toBe(false);
  });
});

/** Records `file`'s raid copy as the copy of another source path too (as a catalog learnt from a destination might). */
function recordCopyOf(file: string, otherPath: string): void {
  const [copy] = t.ws.catalog.copies.list({ kind: 'file', path: file });
  const assetId = t.ws.catalog.assets.record({ path: otherPath, size: copy!.size, mtimeMs: 0, xxh64: copy!.xxh64 }, new Date().toISOString());
  const raid = t.ws.config.destinations.find((d) => d.name === 'raid')!;
  t.ws.catalog.copies.recordVerified({
    assetId,
    destinationId: t.ws.catalog.destinations.ids().get(destinationUrl(raid))!,
    key: copy!.key,
    location: copy!.location,
    size: copy!.size,
    xxh64: copy!.xxh64,
    at: new Date().toISOString(),
  });
}

describe('restore after a kill', () => {
  it('leaves nothing partial at the final name, and a rerun finishes', async () => {
    await t.reopen(path.join(t.dir, 'one'), [{ name: 'raid', media: 'raid' }]);
    const file = writeFile(path.join(t.ws.source, 'big.mov'), pseudoRandomBytes(256 * 1024 * 1024, 5));
    const xxh64 = xxhsum(file);
    expect((await protect(t.ws, { targets: [file] })).job.failed).toEqual([]);
    fs.rmSync(file);
    t.ws.close();

    const child = spawn(process.execPath, [BIN, 'restore', file], { env: { ...process.env, THREEFOLD_HOME: t.ws.home }, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const partial = `${file}.threefold-partial`;
    while (!fs.existsSync(partial) && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 2));
    child.kill('SIGKILL');
    await exited;
    // Killed while writing: the partial file is there, nothing at the final name.
    expect(fs.existsSync(partial)).toBe(true);
    expect(fs.existsSync(file)).toBe(false);

    const rerun = runCliJson<{ totals: { failed: number } }>(t.ws.home, ['restore', file]);
    expect(rerun.code).toBe(0);
    expect(xxhsum(file)).toBe(xxh64);
    expect(fs.readdirSync(t.ws.source)).toEqual(['big.mov']);
  });
});
