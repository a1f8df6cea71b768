import { HeadObjectCommand } from '@aws-sdk/client-s3';
import fs from 'node:fs';
import path from 'node:path';
import type { S3DestinationConfig } from '../../native-helper/config/config';
import { S3Destination } from '../../native-helper/destinations/s3/s3Destination';
import { nullUploadJournal } from '../../native-helper/destinations/uploadJournal';
import { hashChunks } from '../../native-helper/hash/hashChunks';
import { runCliAsync } from '../helpers/cli';
import { s3Environment } from '../helpers/cloudWorkspace';
import { type HeaderProxy, startHeaderProxy } from '../helpers/headerProxy';
import { s3Client, testS3Server, uniqueBucket, useServerWithEncryptionAtRest } from '../helpers/s3Server';
import { makeTempDir, pseudoRandomBytes } from '../helpers/tempDir';

// SSE-S3 needs Swift's encryption at rest.
useServerWithEncryptionAtRest();

const MiB = 1024 * 1024;
const opened: S3Destination[] = [];
const temps: Array<() => void> = [];
const tempHome = (): string => {
  const { dir, cleanup } = makeTempDir('sse-home');
  temps.push(cleanup);
  return dir;
};
let proxy: HeaderProxy;
beforeEach(async () => {
  proxy = await startHeaderProxy(testS3Server().endpoint);
});
afterEach(async () => {
  for (const d of opened.splice(0)) d.close();
  for (const cleanup of temps.splice(0)) cleanup();
  await proxy.close();
});

async function openThroughProxy(overrides: Partial<S3DestinationConfig>): Promise<S3Destination> {
  const server = testS3Server();
  const config: S3DestinationConfig = {
    name: 'sse',
    kind: 's3',
    bucket: await uniqueBucket('sse'),
    prefix: 'threefold',
    endpoint: proxy.endpoint,
    region: server.region,
    pathStyle: true,
    media: 'cloud',
    offsite: true,
    ...overrides,
  };
  const d = new S3Destination(config, nullUploadJournal(), { partSize: 5 * MiB, credentials: server });
  opened.push(d);
  return d;
}

/** One copy through the writer lifecycle, as a protect makes it. */
async function writeCopy(d: S3Destination, key: string, bytes: Buffer): Promise<void> {
  const { xxh64 } = await hashChunks(
    (async function* () {
      yield bytes;
    })(),
  );
  const writer = await d.createWriter(key, { size: bytes.length, mtimeMs: Date.now(), xxh64 });
  try {
    await writer.write(bytes);
    await writer.seal();
    await writer.verify(xxh64);
    await writer.commit();
  } catch (error) {
    await writer.abort();
    throw error;
  }
}

const creations = () =>
  proxy.seen.filter((r) => (r.method === 'PUT' && !r.url.includes('partNumber=')) || (r.method === 'POST' && /[?&]uploads(=|&|$)/.test(r.url)));

describe('server-side encryption on an S3 destination', () => {
  it('asks for AES256 on every PutObject and CreateMultipartUpload, and the store (Swift with its encryption middleware) takes it', async () => {
    const d = await openThroughProxy({ sse: 'AES256' });
    const small = pseudoRandomBytes(300_000, 1);
    const large = pseudoRandomBytes(12 * MiB, 2);
    await writeCopy(d, 'Shoot/small.wav', small);
    await writeCopy(d, 'Shoot/large.mov', large);
    await d.putSmall('.threefold/owners/home.json', Buffer.from('{}'));
    const made = creations();
    expect(made.map((r) => `${r.method} ${decodeURIComponent(r.url.split('?')[0]!)}`).sort()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PUT .*\/threefold\/Shoot\/small\.wav$/),
        expect.stringMatching(/^POST .*\/threefold\/Shoot\/large\.mov$/),
        expect.stringMatching(/^PUT .*\/threefold\/\.threefold\/owners\/home\.json$/),
      ]),
    );
    for (const request of made) expect(request.headers['x-amz-server-side-encryption']).toBe('AES256');
    // The SSE header is signed: a store cannot be sent it stripped.
    for (const request of made) expect(String(request.headers.authorization)).toContain('x-amz-server-side-encryption');
    expect((await hashChunks(d.readChunks('Shoot/large.mov'))).size).toBe(large.length);
  });

  it('does not count a copy the store reports with another encryption: the object is deleted and the message says why', async () => {
    const d = await openThroughProxy({ sse: 'AES256' });
    proxy.reportOnHead({ 'x-amz-server-side-encryption': 'aws:kms' });
    for (const [key, size] of [
      ['Shoot/small.wav', 200_000],
      ['Shoot/large.mov', 11 * MiB],
    ] as const) {
      await expect(writeCopy(d, key, pseudoRandomBytes(size, 3))).rejects.toThrow(
        new RegExp(
          `after upload, s3://.*/threefold/${key.replace('.', '\\.')} is not encrypted as this destination asks: the store encrypted it with aws:kms, not AES256 as asked .*; it was deleted`,
        ),
      );
      proxy.reportOnHead({});
      expect(await d.stat(key)).toBeUndefined();
      proxy.reportOnHead({ 'x-amz-server-side-encryption': 'aws:kms' });
    }
  });

  it('counts a copy the store reports with the encryption asked for', async () => {
    const d = await openThroughProxy({ sse: 'AES256' });
    proxy.reportOnHead({ 'x-amz-server-side-encryption': 'AES256' });
    await writeCopy(d, 'Shoot/small.wav', pseudoRandomBytes(100_000, 4));
    expect(await d.stat('Shoot/small.wav')).toMatchObject({ size: 100_000 });
  });

  it('sends no encryption header where none is asked', async () => {
    const d = await openThroughProxy({});
    await writeCopy(d, 'Shoot/small.wav', pseudoRandomBytes(100_000, 5));
    expect(creations().every((r) => r.headers['x-amz-server-side-encryption'] === undefined)).toBe(true);
  });
});

describe('dest add --sse', () => {
  const cli = (home: string, args: string[]) => runCliAsync(home, args, { env: s3Environment() });
  const place = async () => [`s3://${await uniqueBucket('sseadd')}/threefold`, '--provider', 'other', '--endpoint', testS3Server().endpoint];

  it('stores AES256 once the store has taken a probe written with it, and dest list says so', async () => {
    const home = tempHome();
    const added = await cli(home, ['dest', 'add', 'offsite', ...(await place()), '--sse', 'aes256']);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const config = JSON.parse(fs.readFileSync(path.join(home, 'config.json'), 'utf8'));
    expect(config.destinations[0]).toMatchObject({ name: 'offsite', sse: 'AES256' });
    expect(config.destinations[0].kmsKeyId).toBeUndefined();
    expect((await cli(home, ['dest', 'list'])).stdout).toMatch(/server-side encryption AES256/);
  });

  it('refuses aws:kms where the store does not support it, saying so, and adds nothing', async () => {
    const home = tempHome();
    const refused = await cli(home, ['dest', 'add', 'offsite', ...(await place()), '--sse', 'aws:kms', '--kms-key-id', 'alias/backups']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /does not support server-side encryption aws:kms \(it answered: Server-side encryption is not supported\.\); choose --sse AES256, or leave --sse out/,
    );
    expect(fs.existsSync(path.join(home, 'config.json')) ? JSON.parse(fs.readFileSync(path.join(home, 'config.json'), 'utf8')).destinations : []).toEqual([]);
  });

  it('refuses a KMS key without aws:kms and an unknown algorithm before any request', async () => {
    const home = tempHome();
    const keyAlone = await cli(home, ['dest', 'add', 'offsite', ...(await place()), '--sse', 'AES256', '--kms-key-id', 'k']);
    expect(keyAlone).toMatchObject({ code: 2, stderr: expect.stringContaining('--kms-key-id goes with --sse aws:kms, not AES256') });
    const unknown = await cli(home, ['dest', 'add', 'offsite', ...(await place()), '--sse', 'SSE-C']);
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown server-side encryption "SSE-C"') });
  });
});

describe("the test server with Swift's encryption middleware", () => {
  it('takes an AES256 object and does not echo the header on HEAD (so silence is not read as "unencrypted" there)', async () => {
    const d = await openThroughProxy({ sse: 'AES256' });
    await writeCopy(d, 'x.bin', pseudoRandomBytes(4096, 6));
    const client = s3Client(testS3Server());
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket: d.config.bucket, Key: 'threefold/x.bin' }));
      expect(head.ServerSideEncryption).toBeUndefined();
      expect(head.ContentLength).toBe(4096);
    } finally {
      client.destroy();
    }
  });
});
