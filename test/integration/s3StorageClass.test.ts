/// <reference path="../../native-helper/demo/s3rver.d.ts" />
import { HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import fs from 'node:fs';
import path from 'node:path';
import S3rver from 's3rver';
import type { S3DestinationConfig } from '../../native-helper/config/config';
import { S3Destination } from '../../native-helper/destinations/s3/s3Destination';
import { testDestination } from '../../native-helper/destinations/testDestination';
import { nullUploadJournal } from '../../native-helper/destinations/uploadJournal';
import { hashChunks } from '../../native-helper/hash/hashChunks';
import { type ArchiveTierProxy, startArchiveTierProxy } from '../helpers/archiveTierProxy';
import { startHeaderProxy } from '../helpers/headerProxy';
import { runCliAsync } from '../helpers/cli';
import { s3Environment } from '../helpers/cloudWorkspace';
import { testS3Server, uniqueBucket } from '../helpers/s3Server';
import { makeTempDir, pseudoRandomBytes, writeFile } from '../helpers/tempDir';

const temps: Array<() => void> = [];
const temp = (label: string): string => {
  const { dir, cleanup } = makeTempDir(label);
  temps.push(cleanup);
  return dir;
};
afterEach(() => {
  for (const cleanup of temps.splice(0)) cleanup();
});

describe('dest add --storage-class', () => {
  const cli = (home: string, args: string[]) => runCliAsync(home, args, { env: s3Environment() });

  it("refuses a class the provider does not have, naming the provider's classes, before any request", async () => {
    const home = temp('class-home');
    const refused = await cli(home, ['dest', 'add', 'b2', 's3://bucket-b2/threefold', '--provider', 'b2', '--storage-class', 'GLACIER']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Backblaze B2 has no storage class "GLACIER": choose one of STANDARD');
    const aws = await cli(home, ['dest', 'add', 'aws', 's3://bucket-aws/threefold', '--storage-class', 'COLDLINE']);
    expect(aws).toMatchObject({ code: 2, stderr: expect.stringContaining('Amazon S3 has no storage class "COLDLINE": choose one of STANDARD, STANDARD_IA') });
  });

  it('refuses a class the store itself refuses (Swift has only STANDARD), saying which, and adds nothing', async () => {
    const home = temp('class-home');
    const bucket = await uniqueBucket('classadd');
    const refused = await cli(home, [
      'dest',
      'add',
      'swift',
      `s3://${bucket}/threefold`,
      '--provider',
      'other',
      '--endpoint',
      testS3Server().endpoint,
      '--storage-class',
      'STANDARD_IA',
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /cannot write s3:\/\/.*\/threefold\/\.threefold-probe-[0-9a-f]+ in storage class STANDARD_IA: .* does not take storage class STANDARD_IA \(InvalidStorageClass\)/,
    );
    expect(fs.existsSync(path.join(home, 'config.json')) ? JSON.parse(fs.readFileSync(path.join(home, 'config.json'), 'utf8')).destinations : []).toEqual([]);
  });
});

describe('the class on the wire', () => {
  it('goes on every PutObject and CreateMultipartUpload of a copy, never on a record or the probe', async () => {
    const proxy = await startHeaderProxy(testS3Server().endpoint);
    const server = testS3Server();
    // STANDARD is the one class Swift takes: a destination given it explicitly sends it.
    const config: S3DestinationConfig = {
      name: 'classes',
      kind: 's3',
      bucket: await uniqueBucket('classwire'),
      prefix: 'threefold',
      endpoint: proxy.endpoint,
      region: server.region,
      pathStyle: true,
      media: 'cloud',
      offsite: true,
      storageClass: 'STANDARD',
    };
    const d = new S3Destination(config, nullUploadJournal(), { partSize: 5 * 1024 * 1024, credentials: server });
    try {
      for (const [key, size] of [
        ['Shoot/small.wav', 100_000],
        ['Shoot/large.mov', 11 * 1024 * 1024],
      ] as const) {
        const bytes = pseudoRandomBytes(size, 8);
        const { xxh64 } = await hashChunks(
          (async function* () {
            yield bytes;
          })(),
        );
        const writer = await d.createWriter(key, { size, mtimeMs: Date.now(), xxh64 });
        await writer.write(bytes);
        await writer.seal();
        await writer.verify(xxh64);
        await writer.commit();
      }
      await d.putSmall('.threefold/owners/home.json', Buffer.from('{}'));
      expect(await testDestination(d)).toEqual({ ok: true });
    } finally {
      d.close();
      await proxy.close();
    }
    const created = proxy.seen
      .filter((r) => (r.method === 'PUT' && !r.url.includes('partNumber=')) || (r.method === 'POST' && /[?&]uploads(=|&|$)/.test(r.url)))
      .map((r) => ({
        what: `${r.method} ${decodeURIComponent(r.url.split('?')[0]!).replace(/^.*\/threefold\//, '')}`,
        storageClass: r.headers['x-amz-storage-class'],
      }));
    expect(created).toEqual(
      expect.arrayContaining([
        { what: 'PUT Shoot/small.wav', storageClass: 'STANDARD' },
        { what: 'POST Shoot/large.mov', storageClass: 'STANDARD' },
        { what: 'PUT .threefold/owners/home.json', storageClass: undefined },
        { what: expect.stringMatching(/^PUT \.threefold-probe-[0-9a-f]{16}$/), storageClass: undefined },
      ]),
    );
    expect(created).toHaveLength(4);
  });
});

describe('a destination in an archive class (s3rver, which keeps and reports the class)', () => {
  let server: S3rver;
  let endpoint: string;
  let proxy: ArchiveTierProxy;
  const bucket = 'archive';
  const env = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' };
  beforeEach(async () => {
    server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: temp('s3rver'), configureBuckets: [{ name: bucket }] });
    endpoint = `http://127.0.0.1:${(await server.run()).port}`;
    proxy = await startArchiveTierProxy(endpoint);
  });
  afterEach(async () => {
    await proxy.close();
    await server.close();
  });

  it('writes the copies in DEEP_ARCHIVE and its records in STANDARD, and a restore asks for the thaw', async () => {
    const home = temp('class-home');
    const source = temp('class-source');
    const file = writeFile(path.join(source, 'Shoot', 'A001.mov'), pseudoRandomBytes(200_000, 7));
    const cli = (args: string[]) => runCliAsync(home, args, { env });
    const added = await cli([
      'dest',
      'add',
      'deep',
      `s3://${bucket}/threefold`,
      '--provider',
      'other',
      '--endpoint',
      proxy.endpoint,
      '--storage-class',
      'deep_archive',
    ]);
    expect(added.stderr).toBe('');
    expect(added.stdout).toMatch(/Its copies in DEEP_ARCHIVE must be restored from the archive \(hours\) before they can be read/);
    expect(JSON.parse(fs.readFileSync(path.join(home, 'config.json'), 'utf8')).destinations[0]).toMatchObject({ storageClass: 'DEEP_ARCHIVE' });
    expect((await cli(['dest', 'list'])).stdout).toMatch(/storage class DEEP_ARCHIVE/);

    const protect = await cli(['protect', source, '--json']);
    expect(protect.code).toBe(0);
    const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    try {
      const keys = ((await client.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key!);
      const copy = keys.find((k) => k.endsWith('Shoot/A001.mov'))!;
      expect((await client.send(new HeadObjectCommand({ Bucket: bucket, Key: copy }))).StorageClass).toBe('DEEP_ARCHIVE');
      const records = keys.filter((k) => k.includes('/.threefold/') || k.includes('/ascmhl/'));
      expect(records.length).toBeGreaterThan(0);
      for (const key of records) expect((await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).StorageClass ?? 'STANDARD').toBe('STANDARD');
    } finally {
      client.destroy();
    }

    // As S3 answers for a Deep Archive object: GET refused until thawed.
    fs.rmSync(file);
    proxy.archive('/Shoot/', 'DEEP_ARCHIVE');
    const restore = await cli(['restore', source]);
    expect(restore.code).toBe(1);
    expect(restore.stdout).toMatch(/Glacier Deep Archive: its restore from the archive is now requested, available in about 12 hours/);
    expect(proxy.restoreRequests).toBe(1);
  });
});
