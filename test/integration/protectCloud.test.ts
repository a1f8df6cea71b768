import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import fs from 'node:fs';
import path from 'node:path';
import { protect } from '../../native-helper/engine/protect';
import { statusOfTargets } from '../../native-helper/engine/status';
import { verify } from '../../native-helper/engine/verify';
import { c4Id } from '../../native-helper/mhl/c4';
import { parseChain } from '../../native-helper/mhl/chain';
import { addCloudDestination } from '../helpers/cloudWorkspace';
import { readGeneration } from '../helpers/mhlCheck';
import { xmllintProblems, xxhsum } from '../helpers/oracles';
import { s3Client, testS3Server } from '../helpers/s3Server';
import { pseudoRandomBytes, writeFile } from '../helpers/tempDir';
import { useTempWorkspace } from '../helpers/workspace';

const t = useTempWorkspace();
const s3 = () => s3Client(testS3Server());

async function objectKeys(bucket: string, prefix: string): Promise<string[]> {
  const listed = await s3().send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (listed.Contents ?? []).map((o) => o.Key!).sort();
}

async function download(bucket: string, key: string): Promise<Buffer> {
  const got = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await got.Body!.transformToByteArray());
}

function sample(): string[] {
  return [
    writeFile(path.join(t.ws.source, 'A001 Scène.mov'), pseudoRandomBytes(21 * 1024 * 1024 + 3, 1)),
    writeFile(path.join(t.ws.source, 'Audio', 'Zoë.wav'), pseudoRandomBytes(300_000, 2)),
    writeFile(path.join(t.ws.source, 'empty.txt'), Buffer.alloc(0)),
  ];
}

describe('protect to local mirrors and an S3 bucket in one job', () => {
  it('uploads every file with its hash as metadata and reaches 3-2-1 ✓', async () => {
    const cloud = await addCloudDestination(t.ws);
    const files = sample();
    const report = await protect(t.ws, { targets: [t.ws.source] });
    expect(report.job.failed).toEqual([]);
    expect(report.job.files).toBe(files.length);

    for (const file of files) {
      const key = `threefold/${path.relative('/', file)}`;
      const head = await s3().send(new HeadObjectCommand({ Bucket: cloud.bucket, Key: key }));
      expect(head.Metadata?.xxh64).toBe(xxhsum(file));
      expect((await download(cloud.bucket, key)).equals(fs.readFileSync(file))).toBe(true);
      const status = report.assets.find((a) => a.path === file)!;
      expect(status).toMatchObject({ state: 'protected', label: '3-2-1 ✓', copies: 4, offsite: 1, media: ['cloud', 'hdd', 'raid', 'ssd'] });
      expect(status.locations.find((l) => l.destination === 'cloud')!.location).toBe(`s3://${cloud.bucket}/${key}`);
    }
    // The ASC MHL history travels with the copies: a valid generation listing every file, named in the chain by its C4.
    const manifests = await objectKeys(cloud.bucket, 'threefold/ascmhl/');
    const generations = manifests.filter((k) => k.endsWith('.mhl'));
    expect(generations).toHaveLength(1);
    expect(manifests).toContain('threefold/ascmhl/ascmhl_chain.xml');
    const generationFile = path.join(t.dir, 'downloaded.mhl');
    writeFile(generationFile, await download(cloud.bucket, generations[0]!));
    expect(xmllintProblems(generationFile, 'ASCMHL.xsd')).toBe('');
    expect(
      readGeneration(generationFile)
        .hashes.map((h) => h.path)
        .sort(),
    ).toEqual(files.map((f) => path.relative('/', f)).sort());
    const chain = parseChain((await download(cloud.bucket, 'threefold/ascmhl/ascmhl_chain.xml')).toString('utf8'));
    expect(chain).toEqual([{ sequence: 1, path: path.basename(generations[0]!), c4: c4Id(fs.readFileSync(generationFile)) }]);
  });

  it('works with the cloud as the only destination, and a second run uploads nothing', async () => {
    await t.reopen(path.join(t.dir, 'only-cloud'), []);
    const cloud = await addCloudDestination(t.ws);
    const files = sample();
    const first = await protect(t.ws, { targets: [t.ws.source] });
    expect(first.job.failed).toEqual([]);
    expect(first.job.files).toBe(files.length);
    expect((await objectKeys(cloud.bucket, 'threefold/')).filter((k) => !k.includes('/ascmhl/') && !k.includes('/.threefold/'))).toHaveLength(files.length);
    const second = await protect(t.ws, { targets: [t.ws.source] });
    expect(second.job.files).toBe(0);
    expect(second.job.upToDate).toBe(files.length);
  });

  it('verify checks the stored size, hash and ETag, and --read downloads: both catch a replaced object', async () => {
    const cloud = await addCloudDestination(t.ws);
    const [clip, wav] = sample();
    await protect(t.ws, { targets: [t.ws.source] });
    const quick = await verify(t.ws, { targets: [], only: ['cloud'] });
    expect(quick.failures).toEqual([]);
    expect(quick.copies.passed).toBe(3);
    expect(quick.bytes).toBe(0);

    // Someone overwrites the objects with other bytes, keeping the old size and metadata (a multipart one and a small one).
    for (const file of [clip!, wav!]) {
      const key = `threefold/${path.relative('/', file)}`;
      const head = await s3().send(new HeadObjectCommand({ Bucket: cloud.bucket, Key: key }));
      await s3().send(
        new PutObjectCommand({ Bucket: cloud.bucket, Key: key, Body: pseudoRandomBytes(Number(head.ContentLength), 99), Metadata: head.Metadata }),
      );
    }
    // The ETag recorded at upload changed: the metadata check sees it, and the bytes, downloaded, decide.
    const stillQuick = await verify(t.ws, { targets: [], only: ['cloud'] });
    expect(stillQuick.copies).toEqual({ checked: 3, passed: 1, failed: 2 });
    const replaced = [clip, wav].map((file) => expect.objectContaining({ path: file, destination: 'cloud', error: expect.stringMatching(/content changed/) }));
    const byPath = (a: { path: string }, b: { path: string }): number => a.path.localeCompare(b.path);
    expect(stillQuick.failures.sort(byPath)).toEqual(replaced);
    const full = await verify(t.ws, { targets: [], only: ['cloud'], readCloud: true });
    expect(full.failures.sort(byPath)).toEqual(replaced);

    // …and one replaced without our metadata is caught too.
    const key = `threefold/${path.relative('/', clip!)}`;
    await s3().send(new PutObjectCommand({ Bucket: cloud.bucket, Key: key, Body: Buffer.from('short') }));
    const caught = await verify(t.ws, { targets: [], only: ['cloud'] });
    expect(caught.failures).toContainEqual(expect.objectContaining({ path: clip, error: expect.stringMatching(/5 bytes/) }));
    const status = await statusOfTargets(t.ws.config, t.ws.catalog, [t.ws.source]);
    expect(status.assets.find((a) => a.path === clip)).toMatchObject({ state: 'failed' });
  });

  it('a verify without --read writes no ASC MHL `verified` for objects it never read; a failed check is hashed and recorded `failed`', async () => {
    const cloud = await addCloudDestination(t.ws);
    const [clip] = sample();
    await protect(t.ws, { targets: [t.ws.source] });
    const generations = async (): Promise<string[]> => (await objectKeys(cloud.bucket, 'threefold/ascmhl/')).filter((k) => k.endsWith('.mhl'));
    expect(await generations()).toHaveLength(1);

    const quick = await verify(t.ws, { targets: [], only: ['cloud'] });
    expect(quick.copies).toEqual({ checked: 3, passed: 3, failed: 0 });
    expect(await generations()).toHaveLength(1); // nothing was hashed: no generation claims it was

    const key = `threefold/${path.relative('/', clip!)}`;
    await s3().send(new PutObjectCommand({ Bucket: cloud.bucket, Key: key, Body: Buffer.from('short') }));
    const caught = await verify(t.ws, { targets: [], only: ['cloud'] });
    expect(caught.copies).toEqual({ checked: 3, passed: 2, failed: 1 });
    expect(caught.failures).toEqual([expect.objectContaining({ path: clip, error: expect.stringMatching(/5 bytes/) })]);
    const written = await generations();
    expect(written).toHaveLength(2);
    const generationFile = path.join(t.dir, 'failed.mhl');
    writeFile(generationFile, await download(cloud.bucket, written[1]!));
    expect(xmllintProblems(generationFile, 'ASCMHL.xsd')).toBe('');
    const shortFile = writeFile(path.join(t.dir, 'short'), Buffer.from('short'));
    expect(readGeneration(generationFile)).toEqual({
      process: 'in-place',
      hashes: [{ path: path.relative('/', clip!), size: 5, xxh64: xxhsum(shortFile), action: 'failed' }],
    });
  });

  it('an unreachable bucket fails that destination only: the local copies are made and recorded', async () => {
    await addCloudDestination(t.ws, 'cloud', 'http://127.0.0.1:9');
    const files = sample();
    const report = await protect(t.ws, { targets: [t.ws.source] });
    expect(report.job.failed).toEqual([
      expect.objectContaining({ destination: 'cloud', error: expect.stringMatching(/nothing was copied there/), missed: expect.arrayContaining(files) }),
    ]);
    // Every file the job would have sent there, and nothing else: a retry sends exactly these.
    expect(report.job.failed[0]!.missed).toHaveLength(files.length);
    for (const file of files) expect(report.assets.find((a) => a.path === file)).toMatchObject({ state: 'partial', copies: 3, missing: ['offsite'] });
  });
});
