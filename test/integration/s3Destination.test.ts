import path from 'node:path';
import {
  AbortMultipartUploadCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Catalog } from '../../native-helper/catalog/catalog';
import type { S3DestinationConfig } from '../../native-helper/config/config';
import { S3_CAPABILITIES, S3Destination, type S3DestinationOptions } from '../../native-helper/destinations/s3/s3Destination';
import { testDestination } from '../../native-helper/destinations/testDestination';
import type { UploadJournal } from '../../native-helper/destinations/uploadJournal';
import { hashChunks } from '../../native-helper/hash/hashChunks';
import { startFaultProxy } from '../helpers/faultProxy';
import { testS3Server, uniqueBucket } from '../helpers/s3Server';
import { makeTempDir, pseudoRandomBytes } from '../helpers/tempDir';
import { destinationConformance } from './destinationConformance';
import { closedPort } from '../helpers/closedPort';

const MiB = 1024 * 1024;
const PART = 5 * MiB;

/** What a test opened, closed after it (clients hold sockets, catalogs a database). */
const opened: S3Destination[] = [];
const catalogs: Catalog[] = [];
const temps: Array<() => void> = [];

afterEach(() => {
  for (const d of opened.splice(0)) d.close();
  for (const c of catalogs.splice(0)) c.close();
  for (const cleanup of temps.splice(0)) cleanup();
});

function configFor(bucket: string, overrides: Partial<S3DestinationConfig> = {}): S3DestinationConfig {
  const server = testS3Server();
  return {
    name: 'swift',
    kind: 's3',
    bucket,
    prefix: 'threefold',
    endpoint: server.endpoint,
    region: server.region,
    pathStyle: true,
    media: 'cloud',
    offsite: true,
    ...overrides,
  };
}

function open(config: S3DestinationConfig, journal: UploadJournal, options: S3DestinationOptions = {}): S3Destination {
  const { accessKeyId, secretAccessKey } = testS3Server();
  const d = new S3Destination(config, journal, { partSize: PART, credentials: { accessKeyId, secretAccessKey }, ...options });
  opened.push(d);
  return d;
}

/** A real catalog (where the resume journal lives in production), in a temp folder unless given a file. */
function openCatalog(file?: string): { catalog: Catalog; file: string } {
  if (file === undefined) {
    const temp = makeTempDir();
    temps.push(temp.cleanup);
    file = path.join(temp.dir, 'catalog.sqlite');
  }
  const catalog = Catalog.open(file);
  catalogs.push(catalog);
  return { catalog, file };
}

function journalFor(catalog: Catalog, config: S3DestinationConfig, url: string): UploadJournal {
  return catalog.uploads.journal(catalog.destinations.id({ url, name: config.name, kind: 's3', media: config.media, offsite: config.offsite }));
}

async function newDestination(
  options: S3DestinationOptions = {},
  overrides: Partial<S3DestinationConfig> = {},
): Promise<{ d: S3Destination; journal: UploadJournal; config: S3DestinationConfig }> {
  const config = configFor(await uniqueBucket('tf'), overrides);
  const { catalog } = openCatalog();
  const journal = journalFor(catalog, config, `s3:test/${config.bucket}`);
  return { d: open(config, journal, options), journal, config };
}

const xxh64Of = async (data: Buffer): Promise<string> =>
  (
    await hashChunks(
      (async function* () {
        yield data;
      })(),
    )
  ).xxh64;

async function writeAll(w: { write(chunk: Uint8Array): Promise<void> }, data: Buffer, chunk = 777_777): Promise<void> {
  for (let i = 0; i < data.length; i += chunk) await w.write(data.subarray(i, Math.min(i + chunk, data.length)));
}

async function download(d: S3Destination, key: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of d.readChunks(key)) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}

async function unfinishedUploads(client: S3Client, bucket: string): Promise<string[]> {
  const page = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
  return (page.Uploads ?? []).map((u) => u.UploadId!);
}

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

destinationConformance('S3Destination (Swift)', async () => (await newDestination()).d, S3_CAPABILITIES);

describe('S3Destination specifics (Swift)', () => {
  it('uploads a large file in parts, byte for byte, with its xxh64 and mtime as metadata', async () => {
    const { d, config } = await newDestination();
    const data = pseudoRandomBytes(23 * MiB + 12_345, 7);
    const source = { size: data.length, mtimeMs: 1_718_000_000_123.25, xxh64: await xxh64Of(data) };
    const w = await d.createWriter('Vol/Proj/big.mov', source);
    await writeAll(w, data);
    await w.seal();
    await w.verify(source.xxh64);
    expect(await w.commit()).toBe(`s3://${config.bucket}/threefold/Vol/Proj/big.mov`);
    expect(w.stats).toMatchObject({ partSize: PART, partsSent: 5, partsReused: 0 });
    expect(w.etag).toMatch(/^"?[0-9a-f]{32}(-5)?"?$/); // the store's ETag of the object, kept for later checks
    expect(await d.stat('Vol/Proj/big.mov')).toEqual({ size: data.length, mtimeMs: source.mtimeMs, xxh64: source.xxh64, etag: w.etag });
    expect((await download(d, 'Vol/Proj/big.mov')).equals(data)).toBe(true);
    expect(await unfinishedUploads(d.client, config.bucket)).toEqual([]);
  });

  it('reads a range only from the object with the ETag given (If-Match): one written again is a ChangedObjectError', async () => {
    const { d, config } = await newDestination();
    const first = pseudoRandomBytes(12 * MiB, 11);
    const w = await d.createWriter('Vol/A.mov', { size: first.length, mtimeMs: 1, xxh64: await xxh64Of(first) });
    await writeAll(w, first);
    await w.seal();
    await w.verify(await xxh64Of(first));
    await w.commit();
    const etag = (await d.stat('Vol/A.mov'))!.etag!;
    const range = async (ifMatch: string): Promise<Buffer> => {
      const parts: Buffer[] = [];
      for await (const c of d.readRange('Vol/A.mov', MiB, 2 * MiB, { ifMatch })) parts.push(Buffer.from(c));
      return Buffer.concat(parts);
    };
    expect((await range(etag)).equals(first.subarray(MiB, 2 * MiB))).toBe(true);
    await d.client.send(new PutObjectCommand({ Bucket: config.bucket, Key: 'threefold/Vol/A.mov', Body: pseudoRandomBytes(12 * MiB, 12) }));
    await expect(range(etag)).rejects.toMatchObject({
      name: 'ChangedObjectError',
      message: expect.stringMatching(/A\.mov was written again while it was read \(its ETag is no longer /),
    });
  });

  it('reads the mtime of objects written by rclone (seconds) and by earlier versions (milliseconds)', async () => {
    const { d, config } = await newDestination();
    const written = { 'rclone.mov': '1700000000.123456789', 'old.mov': '1700000000123.25' };
    for (const [name, mtime] of Object.entries(written)) {
      await d.client.send(new PutObjectCommand({ Bucket: config.bucket, Key: `threefold/${name}`, Body: 'x', Metadata: { mtime } }));
    }
    // biome-ignore lint/correctness/noPrecisionLoss: rclone's decimal, compared as the nearest double, which is what parsing it yields
    expect((await d.stat('rclone.mov'))?.mtimeMs).toBe(1_700_000_000_123.456789);
    expect((await d.stat('old.mov'))?.mtimeMs).toBe(1_700_000_000_123.25);
  });

  it('resumes a killed upload with the same upload id, sending only the missing parts', async () => {
    const config = configFor(await uniqueBucket('tf-resume'));
    const first = openCatalog();
    const url = `s3:test/${config.bucket}`;
    const data = pseudoRandomBytes(23 * MiB, 11);
    const source = { size: data.length, mtimeMs: 1_700_000_000_000, xxh64: await xxh64Of(data) };
    const content = { size: source.size, xxh64: source.xxh64 };

    const journal1 = journalFor(first.catalog, config, url);
    const killedRun = open(config, journal1, { partsInFlight: 2 });
    const killed = await killedRun.createWriter('Vol/clip.mov', source);
    await writeAll(killed, data.subarray(0, 3 * PART));
    await until(() => journal1.find('Vol/clip.mov', content)?.parts.length === 3, 'three journaled parts');
    // The process "dies": no seal, no abort; a new run opens the same catalog.
    first.catalog.close();
    catalogs.splice(catalogs.indexOf(first.catalog), 1);
    const second = openCatalog(first.file);
    const journal2 = journalFor(second.catalog, config, url);
    const recorded = journal2.find('Vol/clip.mov', content)!;
    const stored = await killedRun.client.send(new ListPartsCommand({ Bucket: config.bucket, Key: 'threefold/Vol/clip.mov', UploadId: recorded.uploadId }));
    expect((stored.Parts ?? []).map((p) => [p.PartNumber, p.ETag, p.Size])).toEqual(recorded.parts.map((p) => [p.partNumber, p.etag, p.size]));

    const d = open(config, journal2);
    const w = await d.createWriter('Vol/clip.mov', source);
    expect(w.stats).toMatchObject({ uploadId: killed.stats.uploadId, partsReused: 3 });
    await writeAll(w, data);
    await w.seal();
    await w.verify(source.xxh64);
    await w.commit();
    expect(w.stats).toMatchObject({ uploadId: recorded.uploadId, partsSent: 2, partsReused: 3 });
    expect(journal2.find('Vol/clip.mov', content)).toBeUndefined();
    expect((await download(d, 'Vol/clip.mov')).equals(data)).toBe(true);
    expect(await unfinishedUploads(d.client, config.bucket)).toEqual([]);
  });

  it("sends a part again when what an earlier run stored is not this run's bytes", async () => {
    const config = configFor(await uniqueBucket('tf-resume-bad'));
    const { catalog } = openCatalog();
    const journal = journalFor(catalog, config, `s3:test/${config.bucket}`);
    const data = pseudoRandomBytes(12 * MiB, 12);
    const source = { size: data.length, mtimeMs: 1_700_000_000_000, xxh64: await xxh64Of(data) };
    // The killed run read its first part wrong (a flaky card reader): the store holds those bytes.
    const damaged = Buffer.from(data);
    damaged[1000] ^= 0xff;
    const killed = await open(config, journal).createWriter('Vol/flaky.mov', source);
    await writeAll(killed, damaged.subarray(0, PART));
    await until(() => journal.find('Vol/flaky.mov', { size: source.size, xxh64: source.xxh64 })?.parts.length === 1, 'one journaled part');

    const d = open(config, journal);
    const w = await d.createWriter('Vol/flaky.mov', source);
    expect(w.stats.partsReused).toBe(1);
    await writeAll(w, data);
    await w.seal();
    await w.verify(source.xxh64);
    await w.commit();
    expect(w.stats).toMatchObject({ uploadId: killed.stats.uploadId, partsReused: 0, partsSent: 3 });
    expect((await download(d, 'Vol/flaky.mov')).equals(data)).toBe(true);
  });

  it('starts over when the store no longer knows the journaled upload', async () => {
    const { d, journal, config } = await newDestination();
    const data = pseudoRandomBytes(12 * MiB, 5);
    const source = { size: data.length, mtimeMs: 0, xxh64: await xxh64Of(data) };
    const killed = await d.createWriter('gone.bin', source);
    await d.client.send(new AbortMultipartUploadCommand({ Bucket: config.bucket, Key: 'threefold/gone.bin', UploadId: killed.stats.uploadId }));
    const w = await d.createWriter('gone.bin', source);
    expect(w.stats.uploadId).not.toBe(killed.stats.uploadId);
    expect(journal.find('gone.bin', source)?.uploadId).toBe(w.stats.uploadId);
    await w.abort();
  });

  it('never completes an upload whose bytes do not hash to the source, and leaves no upload behind', async () => {
    const { d, journal, config } = await newDestination();
    const data = pseudoRandomBytes(11 * MiB, 3);
    const source = { size: data.length, mtimeMs: 0, xxh64: await xxh64Of(data) };
    const damaged = Buffer.from(data);
    damaged[6 * MiB] ^= 0x01;
    const w = await d.createWriter('Vol/bad.mov', source);
    await writeAll(w, damaged);
    await w.seal();
    await expect(w.verify(source.xxh64)).rejects.toThrow(/xxh64 [0-9a-f]{16}, not the source's/);
    await expect(w.commit()).rejects.toThrow(/before it was verified/);
    await w.abort();
    await w.abort();
    expect(await d.stat('Vol/bad.mov')).toBeUndefined();
    expect(await unfinishedUploads(d.client, config.bucket)).toEqual([]);
    expect(journal.find('Vol/bad.mov', source)).toBeUndefined();
  });

  it('sends each small object exactly, one after another in reused bodies of other sizes, and after an abort', async () => {
    const { d } = await newDestination();
    const sizes = [200_000, 131_073, 150_000, 0, 1, 65_536];
    const aborted = await d.createWriter('Vol/aborted.jpg', { size: 180_000, mtimeMs: 1, xxh64: await xxh64Of(pseudoRandomBytes(180_000, 99)) });
    await aborted.write(pseudoRandomBytes(180_000, 99));
    await aborted.abort();
    for (const [i, size] of sizes.entries()) {
      const data = pseudoRandomBytes(size, 40 + i);
      const source = { size, mtimeMs: 1_718_000_000_000 + i, xxh64: await xxh64Of(data) };
      const w = await d.createWriter(`Vol/IMG_${i}.jpg`, source);
      await writeAll(w, data, 65_536);
      await w.seal();
      await w.verify(source.xxh64);
      await w.commit();
      expect(await d.stat(`Vol/IMG_${i}.jpg`)).toEqual({ ...source, etag: w.etag });
      expect((await download(d, `Vol/IMG_${i}.jpg`)).equals(data)).toBe(true);
    }
    expect(await d.stat('Vol/aborted.jpg')).toBeUndefined();
  });

  it('needs the hash before it uploads', async () => {
    const { d } = await newDestination();
    await expect(d.createWriter('Vol/a.mov', { size: 1, mtimeMs: 0 })).rejects.toThrow(/before its xxh64 is known/);
  });

  it('puts keys at the bucket root when there is no prefix', async () => {
    const { d, config } = await newDestination({}, { prefix: '' });
    await d.putSmall('at-root.txt', Buffer.from('x'));
    expect(d.locate('at-root.txt')).toBe(`s3://${config.bucket}/at-root.txt`);
    const page = await d.client.send(new ListObjectsV2Command({ Bucket: config.bucket }));
    expect(page.Contents?.map((o) => o.Key)).toEqual(['at-root.txt']);
  });

  it('survives a connection cut mid-part: the SDK retries and the upload completes', async () => {
    const server = new URL(testS3Server().endpoint);
    const proxy = await startFaultProxy({ host: server.hostname, port: Number(server.port) });
    try {
      const { d: direct, journal, config } = await newDestination();
      const d = open({ ...config, endpoint: proxy.endpoint }, journal, { partsInFlight: 1 });
      const data = pseudoRandomBytes(12 * MiB, 9);
      const source = { size: data.length, mtimeMs: 0, xxh64: await xxh64Of(data) };
      const w = await d.createWriter('Vol/cut.mov', source);
      const connectionsBefore = proxy.connections;
      const cutAt = proxy.bytesUpstream + 7 * MiB;
      proxy.cutAfterBytes(7 * MiB);
      // Lift the fault as soon as it struck, so the retries get through.
      const lift = setInterval(() => {
        if (proxy.bytesUpstream >= cutAt) proxy.reset();
      }, 2);
      try {
        await writeAll(w, data);
        await w.seal();
      } finally {
        clearInterval(lift);
      }
      await w.verify(source.xxh64);
      await w.commit();
      expect(proxy.bytesUpstream).toBeGreaterThan(cutAt);
      expect(proxy.connections).toBeGreaterThan(connectionsBefore);
      expect(w.stats.partsSent).toBe(3);
      expect((await download(direct, 'Vol/cut.mov')).equals(data)).toBe(true);
    } finally {
      await proxy.close();
    }
  });

  it('says it cannot reach an endpoint that refuses every connection', async () => {
    const server = new URL(testS3Server().endpoint);
    const proxy = await startFaultProxy({ host: server.hostname, port: Number(server.port) });
    try {
      proxy.refuse(true);
      const { config, journal } = await newDestination();
      await expect(open({ ...config, endpoint: proxy.endpoint }, journal).probe()).rejects.toThrow(/cannot reach http:\/\/127\.0\.0\.1:\d+ \(E[A-Z]+\)/);
    } finally {
      await proxy.close();
    }
  });

  describe('the `dest test` verdict', () => {
    it('passes a working bucket and leaves no probe object', async () => {
      const { d } = await newDestination();
      expect(await testDestination(d)).toEqual({ ok: true });
      const left = [];
      for await (const o of d.list()) left.push(o.key);
      expect(left).toEqual([]);
    });

    it('names a missing bucket', async () => {
      const { journal, config } = await newDestination();
      const verdict = await testDestination(open({ ...config, bucket: 'no-such-bucket-here' }, journal));
      expect(verdict).toEqual({ ok: false, error: expect.stringMatching(/bucket no-such-bucket-here does not exist/) });
    });

    it('names wrong credentials, without quoting the secret', async () => {
      const { journal, config } = await newDestination();
      const d = open(config, journal, { credentials: { accessKeyId: testS3Server().accessKeyId, secretAccessKey: 'not-the-secret' } });
      const verdict = await testDestination(d);
      expect(verdict).toEqual({ ok: false, error: expect.stringMatching(/the secret access key does not match the access key id/) });
      expect(JSON.stringify(verdict)).not.toContain('not-the-secret');
    });

    it('names an unreachable endpoint', async () => {
      const { journal, config } = await newDestination();
      const endpoint = `http://127.0.0.1:${await closedPort()}`;
      const verdict = await testDestination(open({ ...config, endpoint }, journal));
      expect(verdict).toEqual({ ok: false, error: expect.stringContaining(`cannot reach ${endpoint} (ECONNREFUSED)`) });
    });
  });

  it('aborts orphaned uploads older than the cutoff, and only those', async () => {
    const { d, journal, config } = await newDestination();
    const data = pseudoRandomBytes(11 * MiB, 4);
    const source = { size: data.length, mtimeMs: 0, xxh64: await xxh64Of(data) };
    const orphan = await d.createWriter('Vol/orphan.mov', source);
    await writeAll(orphan, data.subarray(0, PART));
    await until(() => journal.find('Vol/orphan.mov', source)?.parts.length === 1, 'one journaled part');
    expect(await d.abortOrphanedUploads(1)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const aborted = await d.abortOrphanedUploads(0);
    expect(aborted).toEqual([{ key: 'Vol/orphan.mov', uploadId: orphan.stats.uploadId, initiated: expect.any(Date) }]);
    expect(await unfinishedUploads(d.client, config.bucket)).toEqual([]);
    expect(journal.find('Vol/orphan.mov', source)).toBeUndefined();
  });
});
