import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { Catalog } from '../../native-helper/catalog/catalog';
import { catalogPath, loadConfig, saveConfig } from '../../native-helper/config/config';
import type { JobInfo } from '../../src/protocol/messages';
import { pairedClient, recordEvents, startTestHelper } from '../helpers/helperHarness';
import { applyBandwidthLimit } from '../../native-helper/engine/bandwidthLimit';
import { protect } from '../../native-helper/engine/protect';
import { restore, type RestoredFile } from '../../native-helper/engine/restore/restore';
import { BIN, runCliAsync } from '../helpers/cli';
import { addCloudDestination } from '../helpers/cloudWorkspace';
import { type FaultProxy, startFaultProxy } from '../helpers/faultProxy';
import { xxhsum } from '../helpers/oracles';
import { s3Client, testS3Server } from '../helpers/s3Server';
import { pseudoRandomBytes, writeFile } from '../helpers/tempDir';
import { listFiles, useTempWorkspace } from '../helpers/workspace';

const t = useTempWorkspace();
const MiB = 1024 * 1024;
const byPath = (files: readonly RestoredFile[], file: string): RestoredFile => files.find((f) => f.path === file)!;

let proxy: FaultProxy;
beforeEach(async () => {
  const { hostname, port } = new URL(testS3Server().endpoint);
  proxy = await startFaultProxy({ host: hostname, port: Number(port) });
});
afterEach(() => proxy.close());

/** A workspace whose only destination is a bucket reached through the proxy, with `file` protected there and then lost. */
async function protectedOnlyInTheCloud(name: string, size: number, seed: number): Promise<{ file: string; xxh64: string }> {
  await t.reopen(path.join(t.dir, 'only-cloud'), []);
  await addCloudDestination(t.ws, 'cloud', proxy.endpoint);
  const file = writeFile(path.join(t.ws.source, name), pseudoRandomBytes(size, seed));
  const xxh64 = xxhsum(file);
  expect((await protect(t.ws, { targets: [file] })).job.failed).toEqual([]);
  fs.rmSync(file);
  return { file, xxh64 };
}

/** One more file protected to the bucket of the workspace protectedOnlyInTheCloud made, then lost. */
async function alsoOnlyInTheCloud(name: string, size: number, seed: number): Promise<{ file: string; xxh64: string }> {
  const file = writeFile(path.join(t.ws.source, name), pseudoRandomBytes(size, seed));
  const xxh64 = xxhsum(file);
  expect((await protect(t.ws, { targets: [file] })).job.failed).toEqual([]);
  fs.rmSync(file);
  return { file, xxh64 };
}

/** A tmpfs of `size` (as root) mounted on a new folder for the length of `use`. */
async function withSmallDisk<T>(size: string, use: (folder: string) => Promise<T>): Promise<T> {
  const folder = path.join(t.dir, 'small-disk');
  fs.mkdirSync(folder);
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', folder]);
  try {
    return await use(folder);
  } finally {
    execFileSync('umount', [folder]);
  }
}

/** Restores `file` while the proxy cuts its connections, and refuses new ones, once `past` bytes came down; says whether it cut. */
async function restoreCutPast(file: string, past: number): Promise<{ report: Awaited<ReturnType<typeof restore>>; cut: boolean }> {
  const before = proxy.bytesDownstream;
  let cut = false;
  const watch = setInterval(() => {
    if (!cut && proxy.bytesDownstream - before > past) {
      cut = true;
      proxy.refuse(true);
      proxy.cutOpenConnections();
    }
  }, 1);
  const report = await restore(t.ws, { targets: [file] }).finally(() => clearInterval(watch));
  return { report, cut };
}

/** Writes the object of `file`'s cloud copy again, straight to the bucket, in one PUT (a new ETag). */
async function writeObjectAgain(file: string, body: Buffer, xxh64: string): Promise<void> {
  const [copy] = t.ws.catalog.copies.list({ kind: 'file', path: file });
  const cloud = t.ws.config.destinations.find((d) => d.name === 'cloud')!;
  if (cloud.kind !== 's3') throw new Error('the cloud destination is not S3');
  const client = s3Client(testS3Server());
  try {
    await client.send(new PutObjectCommand({ Bucket: cloud.bucket, Key: `${cloud.prefix}/${copy!.key}`, Body: body, Metadata: { xxh64 } }));
  } finally {
    client.destroy();
  }
}

/**
 * Restores `file` slowly (a 2 MB/s limit) and, once its first ranges are under way, writes its object again
 * with `body`; then lifts the limit. Six ranges of 16 MiB: the last two start after the object changed.
 */
async function restoreWrittenAgainMidway(file: string, body: Buffer, xxh64: string): Promise<Awaited<ReturnType<typeof restore>>> {
  const before = proxy.bytesDownstream;
  applyBandwidthLimit('2M');
  try {
    const restoring = restore(t.ws, { targets: [file] });
    while (proxy.bytesDownstream - before < MiB) await new Promise((resolve) => setTimeout(resolve, 5));
    await writeObjectAgain(file, body, xxh64);
    applyBandwidthLimit(undefined);
    return await restoring;
  } finally {
    applyBandwidthLimit(undefined);
  }
}

describe('restore of a large cloud object', () => {
  it('an object written again mid-download with the same content is fetched again from the start, never stitched', async () => {
    const size = 96 * MiB;
    const { file, xxh64 } = await protectedOnlyInTheCloud('A005.mov', size, 27);
    const report = await restoreWrittenAgainMidway(file, pseudoRandomBytes(size, 27), xxh64);
    expect(byPath(report.files, file)).toMatchObject({
      state: 'restored',
      note: expect.stringMatching(/written again while it was read.*fetched again from the start/),
    });
    expect(xxhsum(file)).toBe(xxh64);
    expect(fs.readdirSync(t.ws.source)).toEqual(['A005.mov']);
  });

  it('an object written again mid-download with other content fails the file: no partial, nothing at its name, the copy marked failed', async () => {
    const size = 96 * MiB;
    const { file } = await protectedOnlyInTheCloud('A006.mov', size, 28);
    const other = pseudoRandomBytes(size, 29);
    const before = proxy.bytesDownstream;
    const report = await restoreWrittenAgainMidway(file, other, '0123456789abcdef');
    expect(byPath(report.files, file)).toMatchObject({
      state: 'failed',
      attempts: [
        {
          destination: 'cloud',
          error: expect.stringMatching(
            /written again while it was read, and its partial file dropped; then: .*it holds xxh64 0123456789abcdef .*marked failed/,
          ),
        },
      ],
    });
    // The ranges asked after the change were refused (If-Match): not every byte of the object came down.
    expect(proxy.bytesDownstream - before).toBeLessThan(size);
    expect(fs.readdirSync(t.ws.source)).toEqual([]);
    expect(t.ws.catalog.copies.list({ kind: 'file', path: file })[0]!.status).toBe('failed');
  });

  it('after a kill -9 mid-download, a rerun fetches only the ranges missing, and nothing partial is at the final name', async () => {
    const size = 192 * MiB;
    const { file, xxh64 } = await protectedOnlyInTheCloud('big.mov', size, 21);
    t.ws.close();

    const before = proxy.bytesDownstream;
    const child = spawn(process.execPath, [BIN, 'restore', file], { env: { ...process.env, THREEFOLD_HOME: t.ws.home }, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // At most 4 ranges of 16 MiB are under way at once: past 150 MiB, several ranges are whole on the disk.
    while (proxy.bytesDownstream - before < 150 * MiB && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 2));
    child.kill('SIGKILL');
    await exited;
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.readdirSync(t.ws.source)).toEqual(['big.mov.threefold-partial']);

    const beforeRerun = proxy.bytesDownstream;
    const rerun = await runCliAsync(t.ws.home, ['restore', file, '--json']);
    expect(rerun.code).toBe(0);
    const fetched = proxy.bytesDownstream - beforeRerun;
    // Only the ranges the killed run had not finished: at least 4 of its 12 were done.
    expect(fetched).toBeLessThan(size - 4 * 16 * MiB);
    expect(byPath(JSON.parse(rerun.stdout).files, file)).toMatchObject({ state: 'restored', note: expect.stringMatching(/^resumed: \d+ of \d+ bytes/) });
    expect(xxhsum(file)).toBe(xxh64);
    expect(fs.readdirSync(t.ws.source)).toEqual(['big.mov']);
  });

  it('restores an object written again with the recorded content, and says that its ETag changed', async () => {
    const size = 40 * MiB;
    const { file, xxh64 } = await protectedOnlyInTheCloud('A001.mov', size, 22);
    const [copy] = t.ws.catalog.copies.list({ kind: 'file', path: file });
    const cloud = t.ws.config.destinations.find((d) => d.name === 'cloud')!;
    if (cloud.kind !== 's3') throw new Error('the cloud destination is not S3');
    // The same bytes and metadata sent again in one PUT: a new ETag (an MD5, no longer a multipart one).
    const client = s3Client(testS3Server());
    try {
      await client.send(
        new PutObjectCommand({
          Bucket: cloud.bucket,
          Key: `${cloud.prefix}/${copy!.key}`,
          Body: pseudoRandomBytes(size, 22),
          Metadata: { xxh64 },
        }),
      );
    } finally {
      client.destroy();
    }
    const report = await restore(t.ws, { targets: [file] });
    expect(byPath(report.files, file)).toMatchObject({ state: 'restored', note: expect.stringMatching(/written again since it was copied \(its ETag is/) });
    expect(xxhsum(file)).toBe(xxh64);
  });

  it('marks the copy failed, without downloading it, when the object now holds other content', async () => {
    const size = 40 * MiB;
    const { file } = await protectedOnlyInTheCloud('A002.mov', size, 23);
    const [copy] = t.ws.catalog.copies.list({ kind: 'file', path: file });
    const cloud = t.ws.config.destinations.find((d) => d.name === 'cloud')!;
    if (cloud.kind !== 's3') throw new Error('the cloud destination is not S3');
    const client = s3Client(testS3Server());
    try {
      await client.send(
        new PutObjectCommand({
          Bucket: cloud.bucket,
          Key: `${cloud.prefix}/${copy!.key}`,
          Body: pseudoRandomBytes(size, 24),
          Metadata: { xxh64: '0123456789abcdef' },
        }),
      );
    } finally {
      client.destroy();
    }
    const before = proxy.bytesDownstream;
    const report = await restore(t.ws, { targets: [file] });
    expect(byPath(report.files, file)).toMatchObject({
      state: 'failed',
      attempts: [{ destination: 'cloud', error: expect.stringMatching(/written again since it was copied: it holds xxh64 0123456789abcdef .*marked failed/) }],
    });
    expect(proxy.bytesDownstream - before).toBeLessThan(MiB);
    expect(t.ws.catalog.copies.list({ kind: 'file', path: file })[0]!.status).toBe('failed');
    expect(fs.readdirSync(t.ws.source)).toEqual([]);
  });

  it('a cut connection keeps the ranges fetched, and the rerun fetches the rest', async () => {
    const size = 96 * MiB;
    const { file, xxh64 } = await protectedOnlyInTheCloud('A003.mov', size, 25);
    // Past 88 MiB, with at most 4 ranges of 16 MiB under way, at least two ranges have come whole.
    const { report, cut } = await restoreCutPast(file, 88 * MiB);
    expect(cut).toBe(true);
    expect(byPath(report.files, file)).toMatchObject({
      state: 'failed',
      attempts: [{ destination: 'cloud', error: expect.stringMatching(/cannot read the copy: .*bytes fetched are kept in .*A003\.mov\.threefold-partial/) }],
    });
    expect(t.ws.catalog.copies.list({ kind: 'file', path: file })[0]!.status).toBe('verified');
    expect(fs.readdirSync(t.ws.source)).toEqual(['A003.mov.threefold-partial']);

    proxy.reset();
    const beforeRerun = proxy.bytesDownstream;
    const rerun = await restore(t.ws, { targets: [file] });
    expect(byPath(rerun.files, file)).toMatchObject({ state: 'restored', note: expect.stringMatching(/^resumed/) });
    expect(proxy.bytesDownstream - beforeRerun).toBeLessThan(size - 8 * MiB);
    expect(xxhsum(file)).toBe(xxh64);
    expect(fs.readdirSync(t.ws.source)).toEqual(['A003.mov']);
  });

  it('an object written again between a cut and the rerun is fetched whole: the kept ranges of the old one are dropped', async () => {
    const size = 96 * MiB;
    const { file, xxh64 } = await protectedOnlyInTheCloud('A007.mov', size, 30);
    expect((await restoreCutPast(file, 88 * MiB)).cut).toBe(true);
    expect(fs.readdirSync(t.ws.source)).toEqual(['A007.mov.threefold-partial']);
    await writeObjectAgain(file, pseudoRandomBytes(size, 30), xxh64);

    proxy.reset();
    const beforeRerun = proxy.bytesDownstream;
    const rerun = await restore(t.ws, { targets: [file] });
    expect(byPath(rerun.files, file)).toMatchObject({ state: 'restored', note: expect.not.stringMatching(/resumed/) });
    expect(proxy.bytesDownstream - beforeRerun).toBeGreaterThan(size);
    expect(xxhsum(file)).toBe(xxh64);
    expect(fs.readdirSync(t.ws.source)).toEqual(['A007.mov']);
  });

  it('Ctrl-C stops the CLI within the file: exit 130, the job cancelled, the ranges fetched kept, and the rerun resumes', async () => {
    const size = 96 * MiB;
    const { file, xxh64 } = await protectedOnlyInTheCloud('A008.mov', size, 35);
    t.ws.close();
    const before = proxy.bytesDownstream;
    const child = spawn(process.execPath, [BIN, 'restore', file, '--bwlimit', '8M'], { env: { ...process.env, THREEFOLD_HOME: t.ws.home }, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Past 72 MiB at 8 MB/s: the first 4 ranges of 16 MiB are whole (they go at one pace), the last two under way, 2 s or more to go.
    while (proxy.bytesDownstream - before < 72 * MiB && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 5));
    const interrupted = performance.now();
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    // It ends soon, its reports written; the bytes fetched show the file was left unfinished.
    expect(performance.now() - interrupted).toBeLessThan(5000);
    expect(proxy.bytesDownstream - before).toBeLessThan(size);
    expect(fs.readdirSync(t.ws.source)).toEqual(['A008.mov.threefold-partial']);
    const catalog = Catalog.open(catalogPath(t.ws.home));
    try {
      expect(catalog.jobs.recent(1)[0]).toMatchObject({ kind: 'restore', state: 'cancelled', files: 0 });
    } finally {
      catalog.close();
    }

    const rerun = await runCliAsync(t.ws.home, ['restore', file, '--json']);
    expect(rerun.code).toBe(0);
    expect(byPath(JSON.parse(rerun.stdout).files, file)).toMatchObject({ state: 'restored', note: expect.stringMatching(/^resumed: \d+ of \d+ bytes/) });
    expect(xxhsum(file)).toBe(xxh64);
  });

  it("the helper's cancel stops the job within the file: cancelled, no file failed, the ranges fetched kept for the next run", async () => {
    const size = 96 * MiB;
    const { file, xxh64 } = await protectedOnlyInTheCloud('A009.mov', size, 36);
    await saveConfig(t.ws.home, { ...(await loadConfig(t.ws.home)), bwlimit: '8M' });
    const helper = await startTestHelper({ home: t.ws.home, port: 0, log: () => undefined });
    const { client } = await pairedClient(helper.port, t.ws.home, 'cancel test');
    try {
      const { next } = recordEvents(client);
      const answer = await client.request('restore', { targets: [file] });
      if (!('job' in answer)) throw new Error('a restore is queued as a job');
      // Past 72 MiB at 8 MB/s: the first 4 ranges are whole, the last two under way.
      await next((e) => e.type === 'job.progress' && e.jobId === answer.job.id && e.progress.bytesDone > 72 * MiB);
      await client.request('cancel', { jobId: answer.job.id });
      const finished = ((await next((e) => e.type === 'job.finished' && e.job.id === answer.job.id)) as { job: JobInfo }).job;
      expect(finished).toMatchObject({ state: 'cancelled', result: { failed: [] } });
      expect(fs.readdirSync(t.ws.source)).toEqual(['A009.mov.threefold-partial']);
    } finally {
      client.close();
      await helper.close();
      applyBandwidthLimit(undefined);
    }
    await saveConfig(t.ws.home, { ...(await loadConfig(t.ws.home)), bwlimit: undefined });
    t.ws.config = await loadConfig(t.ws.home);
    const rerun = await restore(t.ws, { targets: [file] });
    expect(byPath(rerun.files, file)).toMatchObject({ state: 'restored', note: expect.stringMatching(/^resumed/) });
    expect(xxhsum(file)).toBe(xxh64);
  });

  it('fetches everything again when the kept ranges no longer hash right, and restores the right bytes', async () => {
    const size = 96 * MiB;
    const { file, xxh64 } = await protectedOnlyInTheCloud('A004.mov', size, 26);
    await restoreCutPast(file, 88 * MiB);
    const partial = `${file}.threefold-partial`;
    expect(fs.existsSync(partial)).toBe(true);
    // The first range's bytes lost (a crash before they reached the disk): zeros where the journal says done.
    fs.writeFileSync(partial, Buffer.alloc(MiB), { flag: 'r+' });

    proxy.reset();
    const beforeRerun = proxy.bytesDownstream;
    const rerun = await restore(t.ws, { targets: [file] });
    expect(byPath(rerun.files, file).state).toBe('restored');
    expect(proxy.bytesDownstream - beforeRerun).toBeGreaterThan(size);
    expect(xxhsum(file)).toBe(xxh64);
    expect(t.ws.catalog.copies.list({ kind: 'file', path: file })[0]!.status).toBe('verified');
    expect(fs.readdirSync(t.ws.source)).toEqual(['A004.mov']);
  });
});

describe('restore of a large cloud object to a disk without room for it', () => {
  it('fails that file naming it and the space it needs, leaves nothing partial, marks no copy, restores the rest (CLI, exit 1)', async () => {
    const big = await protectedOnlyInTheCloud('big.mov', 40 * MiB, 31);
    const wav = await alsoOnlyInTheCloud('small.wav', 300_000, 32);
    t.ws.close();
    await withSmallDisk('24m', async (disk) => {
      const run = await runCliAsync(t.ws.home, ['restore', t.ws.source, '--to', disk, '--json']);
      expect(run.code).toBe(1);
      const files: RestoredFile[] = JSON.parse(run.stdout).files;
      const failed = byPath(files, big.file);
      expect(failed).toMatchObject({ state: 'failed', attempts: [] });
      expect(failed.note).toMatch(/^not enough space on the disk of .*: it needs 41\.9 MB more, 2\d\.\d MB are free; free some space/);
      expect(failed.note!.startsWith(`not enough space on the disk of ${failed.target}:`)).toBe(true);
      expect(fs.existsSync(failed.target!)).toBe(false);
      expect(listFiles(disk).filter((f) => f.includes('threefold-partial'))).toEqual([]);
      const restored = byPath(files, wav.file);
      expect(restored.state).toBe('restored');
      expect(xxhsum(restored.target!)).toBe(wav.xxh64);
    });
    const catalog = Catalog.open(catalogPath(t.ws.home));
    try {
      expect(catalog.copies.list({ kind: 'file', path: big.file })[0]!.status).toBe('verified');
    } finally {
      catalog.close();
    }
  });

  it('a resumed partial file on a disk too full for the rest is kept: freeing the space it names is enough', async () => {
    const size = 96 * MiB;
    const { file, xxh64 } = await protectedOnlyInTheCloud('A010.mov', size, 35);
    await withSmallDisk('112m', async (disk) => {
      // A cut past 88 MiB: with at most 4 ranges of 16 MiB under way, at least two came whole.
      const before = proxy.bytesDownstream;
      let cut = false;
      const watch = setInterval(() => {
        if (!cut && proxy.bytesDownstream - before > 88 * MiB) {
          cut = true;
          proxy.refuse(true);
          proxy.cutOpenConnections();
        }
      }, 1);
      await restore(t.ws, { targets: [file], to: disk }).finally(() => clearInterval(watch));
      expect(cut).toBe(true);
      const kept = listFiles(disk).find((f) => f.endsWith('A010.mov.threefold-partial'));
      expect(kept).toBeDefined();
      const partial = path.join(disk, kept!);
      proxy.reset();

      // Something else fills the disk but for 1 MiB: the rest of the download does not fit.
      const filler = path.join(disk, 'filler');
      const { bavail, bsize } = fs.statfsSync(disk);
      fs.writeFileSync(filler, Buffer.alloc(bavail * bsize - MiB));
      const full = await restore(t.ws, { targets: [file], to: disk });
      const failed = byPath(full.files, file);
      expect(failed.state).toBe('failed');
      expect(failed.note).toMatch(
        /^not enough space on the disk of .*: it needs .* more, .* are free; free some space .*; the ranges fetched before are kept in /,
      );
      expect(fs.existsSync(partial)).toBe(true);

      // Freed (more than it said it needs): the rerun resumes.
      fs.rmSync(filler);
      const beforeRerun = proxy.bytesDownstream;
      const rerun = await restore(t.ws, { targets: [file], to: disk });
      const restored = byPath(rerun.files, file);
      expect(restored).toMatchObject({ state: 'restored', note: expect.stringMatching(/^resumed/) });
      expect(proxy.bytesDownstream - beforeRerun).toBeLessThan(size - 8 * MiB);
      expect(xxhsum(restored.target!)).toBe(xxh64);
      expect(listFiles(disk).filter((f) => f.includes('threefold-partial'))).toEqual([]);
    });
  });

  it('two files that each fit but not together: the disk fills up mid-download, each failed file is named with its size, nothing partial', async () => {
    const first = await protectedOnlyInTheCloud('A.mov', 20 * MiB, 33);
    const second = await alsoOnlyInTheCloud('B.mov', 20 * MiB, 34);
    await withSmallDisk('32m', async (disk) => {
      const report = await restore(t.ws, { targets: [t.ws.source], to: disk });
      expect(report.totals.failed).toBeGreaterThan(0);
      for (const f of report.files) {
        if (f.state === 'restored') {
          expect(xxhsum(f.target!)).toBe(f.path === first.file ? first.xxh64 : second.xxh64);
          continue;
        }
        // Checked at once, both fit; the disk fills up while they are written (or, if one was quicker, at the other's check).
        expect(f).toMatchObject({ state: 'failed', attempts: [] });
        expect(f.note).toMatch(/^(no space left on the device \(ENOSPC\) while writing .*, which needs 21\.0 MB|not enough space on the disk of .*: it needs)/);
        expect(f.note).toContain(f.target!);
        expect(fs.existsSync(f.target!)).toBe(false);
      }
      expect(listFiles(disk).filter((f) => f.includes('threefold-partial'))).toEqual([]);
    });
    for (const { file } of [first, second]) expect(t.ws.catalog.copies.list({ kind: 'file', path: file })[0]!.status).toBe('verified');
  });
});
