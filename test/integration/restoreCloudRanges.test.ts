import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { protect } from '../../native-helper/engine/protect';
import { restore, type RestoredFile } from '../../native-helper/engine/restore/restore';
import { BIN, runCliAsync } from '../helpers/cli';
import { addCloudDestination } from '../helpers/cloudWorkspace';
import { type FaultProxy, startFaultProxy } from '../helpers/faultProxy';
import { xxhsum } from '../helpers/oracles';
import { s3Client, testS3Server } from '../helpers/s3Server';
import { pseudoRandomBytes, writeFile } from '../helpers/tempDir';
import { useTempWorkspace } from '../helpers/workspace';

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

describe('restore of a large cloud object', () => {
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
