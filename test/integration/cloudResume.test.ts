import { HeadObjectCommand, ListMultipartUploadsCommand, ListPartsCommand } from '@aws-sdk/client-s3';
import { SqliteDatabase } from '../../native-helper/sqlite/sqliteDatabase';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { protect, type ProtectReport } from '../../native-helper/engine/protect';
import { verify } from '../../native-helper/engine/verify';
import { BIN, runCliAsync } from '../helpers/cli';
import { addCloudDestination, s3Environment } from '../helpers/cloudWorkspace';
import { startFaultProxy, type FaultProxy } from '../helpers/faultProxy';
import { xxhsum } from '../helpers/oracles';
import { s3Client, testS3Server } from '../helpers/s3Server';
import { pseudoRandomBytes, writeFile } from '../helpers/tempDir';
import { useTempWorkspace } from '../helpers/workspace';

const t = useTempWorkspace();
const MIB = 1024 * 1024;
let proxy: FaultProxy;

beforeEach(async () => {
  const { hostname, port } = new URL(testS3Server().endpoint);
  proxy = await startFaultProxy({ host: hostname, port: Number(port) });
});
afterEach(() => proxy.close());

/** Sizes of the parts the catalog has recorded as uploaded, read as another process would while the job runs. */
function journaledParts(home: string): number[] {
  const db = new SqliteDatabase(path.join(home, 'catalog.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT size FROM upload_parts').pluck().all() as number[];
  } finally {
    db.close();
  }
}

describe('a protect killed mid-upload', () => {
  it('resumes the same multipart upload on the next run and sends only the missing parts', async () => {
    await t.reopen(path.join(t.dir, 'cloud-only'), []);
    const cloud = await addCloudDestination(t.ws, 'cloud', proxy.endpoint);
    const clip = writeFile(path.join(t.ws.source, 'A001.mov'), pseudoRandomBytes(50 * MIB, 7)); // 16 + 16 + 16 + 2 MiB
    t.ws.close();

    // Let about 40 MiB through, then cut every connection: some parts finish, the others cannot.
    proxy.cutAfterBytes(40 * MIB);
    const env = { ...process.env, ...s3Environment(), THREEFOLD_HOME: t.ws.home };
    const child = spawn(process.execPath, [BIN, 'protect', t.ws.source, '--json'], { env, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const deadline = Date.now() + 60_000;
    while ((proxy.bytesUpstream < 40 * MIB || journaledParts(t.ws.home).length === 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await exited;

    const s3 = s3Client(testS3Server());
    const pending = (await s3.send(new ListMultipartUploadsCommand({ Bucket: cloud.bucket }))).Uploads ?? [];
    expect(pending).toHaveLength(1);
    const uploadId = pending[0]!.UploadId!;
    const doneParts = (await s3.send(new ListPartsCommand({ Bucket: cloud.bucket, Key: pending[0]!.Key!, UploadId: uploadId }))).Parts ?? [];
    expect(doneParts.length).toBeGreaterThan(0);
    expect(doneParts.length).toBeLessThan(4);
    const serverBytes = doneParts.reduce((sum, p) => sum + p.Size!, 0);
    // A part the server finished just before the kill but the catalog never heard of is sent again: safe.
    const journaledBytes = journaledParts(t.ws.home).reduce((sum, size) => sum + size, 0);
    expect(journaledBytes).toBeGreaterThan(0);

    proxy.reset();
    const before = proxy.bytesUpstream;
    const rerun = await runCliAsync(t.ws.home, ['protect', t.ws.source, '--json'], { env });
    expect(rerun.code).toBe(0);
    const report = JSON.parse(rerun.stdout) as ProtectReport;
    const sent = proxy.bytesUpstream - before;
    // Only the parts not recorded went again (plus requests and the small manifest files).
    expect(sent).toBeLessThan(50 * MIB - journaledBytes + MIB);
    expect(sent).toBeGreaterThanOrEqual(50 * MIB - serverBytes);

    expect((await s3.send(new ListMultipartUploadsCommand({ Bucket: cloud.bucket }))).Uploads ?? []).toEqual([]);
    const head = await s3.send(new HeadObjectCommand({ Bucket: cloud.bucket, Key: `threefold/${path.relative('/', clip)}` }));
    expect(head.ContentLength).toBe(50 * MIB);
    expect(head.Metadata?.xxh64).toBe(xxhsum(clip));
    expect(report.assets[0]).toMatchObject({ path: clip, copies: 2, offsite: 1 });
    expect(journaledParts(t.ws.home)).toEqual([]);
  });

  it('a network failure that outlasts the retries fails the file, and the next run resumes its upload', async () => {
    await t.reopen(path.join(t.dir, 'cloud-only'), []);
    const cloud = await addCloudDestination(t.ws, 'cloud', proxy.endpoint);
    const clip = writeFile(path.join(t.ws.source, 'B002.mov'), pseudoRandomBytes(50 * MIB, 8));

    proxy.cutAfterBytes(40 * MIB); // and stays cut: every retry fails too
    const first = await protect(t.ws, { targets: [t.ws.source] });
    expect(first.job.failed).toEqual([expect.objectContaining({ path: clip, destination: 'cloud', error: expect.stringMatching(/could not be uploaded/) })]);
    const s3 = s3Client(testS3Server());
    expect((await s3.send(new ListMultipartUploadsCommand({ Bucket: cloud.bucket }))).Uploads ?? []).toHaveLength(1);
    const journaledBytes = journaledParts(t.ws.home).reduce((sum, size) => sum + size, 0);
    expect(journaledBytes).toBeGreaterThan(0);

    proxy.reset();
    const before = proxy.bytesUpstream;
    const second = await protect(t.ws, { targets: [t.ws.source] });
    expect(second.job.failed).toEqual([]);
    expect(proxy.bytesUpstream - before).toBeLessThan(50 * MIB - journaledBytes + MIB);
    expect((await s3.send(new ListMultipartUploadsCommand({ Bucket: cloud.bucket }))).Uploads ?? []).toEqual([]);
    expect(second.assets[0]).toMatchObject({ path: clip, offsite: 1, xxh64: xxhsum(clip) });
  });

  it('an upload whose CreateMultipartUpload answer was cut off is aborted, not left behind; the object is complete', async () => {
    await t.reopen(path.join(t.dir, 'cloud-only'), []);
    const cloud = await addCloudDestination(t.ws, 'cloud', proxy.endpoint);
    const clip = writeFile(path.join(t.ws.source, 'C003.mov'), pseudoRandomBytes(40 * MIB, 9));
    const s3 = s3Client(testS3Server());
    const uploads = async (): Promise<string[]> =>
      ((await s3.send(new ListMultipartUploadsCommand({ Bucket: cloud.bucket }))).Uploads ?? []).map((u) => u.UploadId!);

    // The store creates the upload; its answer is held on the way back, then the connection is cut.
    // Every request is held, those before the upload too (the destination's marker, the key owners
    // records and listings): the deadline leaves room for a dozen of them.
    proxy.delay(1500);
    const first = protect(t.ws, { targets: [t.ws.source] });
    const deadline = Date.now() + 90_000;
    while ((await uploads()).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const lost = await uploads();
    expect(lost).toHaveLength(1);
    proxy.cutOpenConnections();
    proxy.reset();
    await first;

    const rerun = await protect(t.ws, { targets: [t.ws.source] });
    expect(rerun.job.failed).toEqual([]);
    expect(await uploads()).toEqual([]);
    const head = await s3.send(new HeadObjectCommand({ Bucket: cloud.bucket, Key: `threefold/${path.relative('/', clip)}` }));
    expect(head.ContentLength).toBe(40 * MIB);
    expect(head.Metadata?.xxh64).toBe(xxhsum(clip));
    expect(rerun.assets[0]).toMatchObject({ path: clip, offsite: 1, xxh64: xxhsum(clip) });
    const full = await verify(t.ws, { targets: [], readCloud: true });
    expect(full.copies).toEqual({ checked: 1, passed: 1, failed: 0 });
  });

  it('an upload left for content the file no longer has is aborted by the rerun that uploads its new content', async () => {
    await t.reopen(path.join(t.dir, 'cloud-only'), []);
    const cloud = await addCloudDestination(t.ws, 'cloud', proxy.endpoint);
    const clip = writeFile(path.join(t.ws.source, 'D004.mov'), pseudoRandomBytes(40 * MIB, 10));
    const s3 = s3Client(testS3Server());
    const uploads = async (): Promise<string[]> =>
      ((await s3.send(new ListMultipartUploadsCommand({ Bucket: cloud.bucket }))).Uploads ?? []).map((u) => u.UploadId!);

    proxy.cutAfterBytes(20 * MIB); // and stays cut: the file fails, its upload is kept to be resumed
    expect((await protect(t.ws, { targets: [t.ws.source] })).job.failed).toHaveLength(1);
    expect(await uploads()).toHaveLength(1);

    proxy.reset();
    writeFile(clip, pseudoRandomBytes(40 * MIB, 11)); // edited meanwhile: that upload can never be completed
    const rerun = await protect(t.ws, { targets: [t.ws.source] });
    expect(rerun.job.failed).toEqual([]);
    expect(await uploads()).toEqual([]);
    expect(journaledParts(t.ws.home)).toEqual([]);
    expect(rerun.assets[0]).toMatchObject({ path: clip, offsite: 1, xxh64: xxhsum(clip) });
  });
});
