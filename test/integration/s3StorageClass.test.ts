/// <reference path="../../native-helper/demo/s3rver.d.ts" />
import { HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import fs from 'node:fs';
import path from 'node:path';
import S3rver from 's3rver';
import { type ArchiveTierProxy, startArchiveTierProxy } from '../helpers/archiveTierProxy';
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
