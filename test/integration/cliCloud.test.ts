import { CreateMultipartUploadCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import fs from 'node:fs';
import path from 'node:path';
import type { ThreefoldConfig } from '../../native-helper/config/config';
import { runCliAsync } from '../helpers/cli';
import { s3Environment } from '../helpers/cloudWorkspace';
import { s3Client, testS3Server, uniqueBucket } from '../helpers/s3Server';
import { makeTempDir, pseudoRandomBytes, writeFile } from '../helpers/tempDir';

let temp: ReturnType<typeof makeTempDir>;
let home: string;
let bucket: string;
beforeEach(async () => {
  temp = makeTempDir();
  home = path.join(temp.dir, 'home');
  bucket = await uniqueBucket('cli');
});
afterEach(() => temp.cleanup());

const endpoint = (): string => testS3Server().endpoint;
const cli = (args: string[], env: NodeJS.ProcessEnv = s3Environment()) => runCliAsync(home, args, { env });
const addB2 = (env?: NodeJS.ProcessEnv, where = `s3://${bucket}/threefold`) => cli(['dest', 'add', 'b2', where, '--endpoint', endpoint(), '--path-style'], env);

describe('threefold dest with an S3 bucket', () => {
  it('adds it as an offsite cloud destination, with no secret in config.json, and lists and tests it', async () => {
    const added = await addB2();
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(`Added destination "b2": s3://${bucket}/threefold (media cloud, offsite)`);
    const text = fs.readFileSync(path.join(home, 'config.json'), 'utf8');
    expect(text).not.toContain(testS3Server().secretAccessKey);
    const config = JSON.parse(text) as ThreefoldConfig;
    expect(config.destinations).toEqual([
      { name: 'b2', kind: 's3', bucket, prefix: 'threefold', endpoint: endpoint(), region: 'us-east-1', pathStyle: true, media: 'cloud', offsite: true },
    ]);
    expect((await cli(['dest', 'list'])).stdout).toContain(`b2\tcloud, offsite\ts3://${bucket}/threefold at ${endpoint()}`);
    const tested = await cli(['dest', 'test', 'b2']);
    expect(tested).toMatchObject({ code: 0, stderr: '' });
    expect(tested.stdout).toContain('b2: OK');
  });

  it.each([
    ['a bucket that does not exist', () => addB2(undefined, 's3://no-such-bucket-here/x'), /bucket no-such-bucket-here does not exist/],
    ['a wrong secret key', () => addB2({ ...s3Environment(), AWS_SECRET_ACCESS_KEY: 'not-the-secret-x9' }), /secret|signature|credentials/i],
    [
      'an endpoint nothing answers on',
      () => cli(['dest', 'add', 'b2', `s3://${bucket}`, '--endpoint', 'http://127.0.0.1:9', '--path-style']),
      /cannot reach http:\/\/127\.0\.0\.1:9/,
    ],
  ])('refuses %s with a clear message and saves nothing', async (_label, add, message) => {
    const r = await add();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain('not-the-secret-x9'); // never echoes a secret
    expect(fs.existsSync(path.join(home, 'config.json'))).toBe(false);
  });

  it('refuses the same bucket and prefix under a second name (one place, one destination)', async () => {
    expect((await addB2()).code).toBe(0);
    const again = await cli(['dest', 'add', 'b2-again', `s3://${bucket}/threefold`, '--endpoint', endpoint(), '--path-style', '--profile', 'other']);
    expect(again).toMatchObject({ code: 2, stderr: expect.stringContaining(`s3://${bucket}/threefold is destination "b2" already`) });
  });

  it('dest test says NOT USABLE (exit 1) when the credentials stop working', async () => {
    expect((await addB2()).code).toBe(0);
    const r = await cli(['dest', 'test', 'b2'], { ...s3Environment(), AWS_SECRET_ACCESS_KEY: 'expired' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/b2: NOT USABLE: .*(secret|signature|credentials)/i);
  });

  it('dest clean aborts unfinished multipart uploads', async () => {
    expect((await addB2()).code).toBe(0);
    const s3 = s3Client(testS3Server());
    await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'threefold/Vol/orphan.mov' }));
    const cleaned = await cli(['dest', 'clean', 'b2', '--older-than', '0']);
    expect(cleaned.code).toBe(0);
    expect(cleaned.stdout).toContain('aborted 1 unfinished upload');
    expect((await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? []).toEqual([]);
  });

  it('protect with a local mirror and the bucket reaches 3-2-1 ✓', async () => {
    const raid = path.join(temp.dir, 'raid');
    fs.mkdirSync(raid);
    expect((await cli(['dest', 'add', 'raid', raid, '--media', 'raid'])).code).toBe(0);
    expect((await addB2()).code).toBe(0);
    const media = path.join(temp.dir, 'Media');
    writeFile(path.join(media, 'A001.mov'), pseudoRandomBytes(200_000, 1));
    const r = await cli(['protect', media]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/protected\s+3-2-1 ✓\s+200 kB\s+A001\.mov/);
    expect(r.stdout).toContain('1 of 1 files protected');
  });
});
