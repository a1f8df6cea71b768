// The single executable (bin/package-executable.js, from dist/helper/threefold.js and Node 24's binary)
// runs alone: copied to a folder outside the repository and run with a PATH that has no node, it protects
// a folder to a local destination and to the S3 test server, and the copies hold the source's bytes.
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { s3Environment } from '../helpers/cloudWorkspace';
import { s3Client, testS3Server, uniqueBucket } from '../helpers/s3Server';
import { type PackagedExecutable, packagedExecutable, runExecutable } from '../helpers/packagedExecutable';
import { makeTempDir, pseudoRandomBytes, writeFile } from '../helpers/tempDir';
import type { ProtectReport } from '../../native-helper/engine/protect';

const repo = path.resolve(__dirname, '../..');

let temp: ReturnType<typeof makeTempDir>;
let packaged: PackagedExecutable;
let home: string;
let media: string;
const sources = new Map<string, Buffer>();

beforeAll(() => {
  temp = makeTempDir('threefold-executable-');
  packaged = packagedExecutable(temp.dir);
  home = path.join(temp.dir, 'home');
  media = path.join(temp.dir, 'Media');
  sources.set('A001.mov', pseudoRandomBytes(300_000, 11));
  sources.set(path.join('sub', 'b é.wav'), pseudoRandomBytes(4_000, 12));
  for (const [name, bytes] of sources) writeFile(path.join(media, name), bytes);
}, 180_000);
afterAll(() => temp?.cleanup());

const run = (args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}) => runExecutable(packaged, ['--home', home, ...args], extraEnv);

function protect(extraEnv: NodeJS.ProcessEnv = {}): ProtectReport {
  const r = run(['protect', media, '--json'], extraEnv);
  expect(r).toMatchObject({ code: 0, stderr: '' });
  return JSON.parse(r.stdout) as ProtectReport;
}

describe('the single executable', () => {
  it('is one file, run where there is no node and no node_modules', () => {
    expect(fs.readdirSync(path.dirname(packaged.executable))).toEqual(['threefold']);
    const noNode = spawnSync('sh', ['-c', 'command -v node'], { env: packaged.env, encoding: 'utf8' });
    expect(noNode.status).not.toBe(0);
    for (let dir = path.dirname(packaged.executable); dir !== path.dirname(dir); dir = path.dirname(dir)) {
      expect(fs.existsSync(path.join(dir, 'node_modules'))).toBe(false);
    }
  });

  it('prints the version of package.json and nothing else', () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string };
    expect(run(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('protects a folder to a local destination: each copy holds the source’s bytes', () => {
    const raid = path.join(temp.dir, 'raid');
    fs.mkdirSync(raid);
    expect(run(['dest', 'add', 'raid', raid, '--media', 'raid'])).toMatchObject({ code: 0, stderr: '' });
    const report = protect();
    expect(report.job).toMatchObject({ files: 2, bytes: 304_000, failed: [] });
    for (const [name, bytes] of sources) expect(fs.readFileSync(path.join(raid, media, name)).equals(bytes)).toBe(true);
    expect(fs.existsSync(path.join(home, 'catalog.sqlite'))).toBe(true);
  });

  it('protects the same folder to the S3 test server: each object holds the source’s bytes', async () => {
    const bucket = await uniqueBucket('executable');
    const env = s3Environment();
    const added = run(['dest', 'add', 'cloud', `s3://${bucket}/threefold`, '--endpoint', testS3Server().endpoint, '--path-style'], env);
    expect(added).toMatchObject({ code: 0, stderr: '' });
    const report = protect(env);
    expect(report.job).toMatchObject({ files: 2, failed: [] });
    expect(report.assets.map((a) => a.locations.map((l) => l.destination).sort())).toEqual([
      ['cloud', 'raid'],
      ['cloud', 'raid'],
    ]);
    const client = s3Client(testS3Server());
    try {
      const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'threefold/' }));
      const keys = (listed.Contents ?? []).map((o) => o.Key!);
      for (const [name, bytes] of sources) {
        const key = keys.find((k) => k.endsWith(`${media}/${name}`));
        expect(key).toBeDefined();
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        expect(Buffer.from(await object.Body!.transformToByteArray()).equals(bytes)).toBe(true);
      }
    } finally {
      client.destroy();
    }
  });
});
