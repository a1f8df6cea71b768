import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import fs from 'node:fs';
import path from 'node:path';
import { mapSourcePath } from '../../src/paths/mapSourcePath';
import type { S3DestinationConfig } from '../../native-helper/config/config';
import { protect } from '../../native-helper/engine/protect';
import { verify, type VerifyReport } from '../../native-helper/engine/verify';
import { runCliAsync } from '../helpers/cli';
import { addCloudDestination, s3Environment } from '../helpers/cloudWorkspace';
import { checkHistory, readGeneration } from '../helpers/mhlCheck';
import { xmllintProblems, xxhsum } from '../helpers/oracles';
import { s3Client, testS3Server } from '../helpers/s3Server';
import { pseudoRandomBytes, writeFile } from '../helpers/tempDir';
import { useTempWorkspace } from '../helpers/workspace';

const t = useTempWorkspace();

/** One clip protected on the workspace's destinations: its path, hash and size. */
async function protectedClip(size = 3 * 1024 * 1024 + 17): Promise<{ file: string; xxh64: string; size: number }> {
  const file = writeFile(path.join(t.ws.source, 'Day 1', 'A001.mov'), pseudoRandomBytes(size, 5));
  const report = await protect(t.ws, { targets: [t.ws.source] });
  expect(report.job.failed).toEqual([]);
  return { file, xxh64: xxhsum(file), size };
}

function corrupt(file: string): void {
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.from([0xde, 0xad, 0xbe, 0xef]), 0, 4, 1000);
  fs.closeSync(fd);
}

function copyRow(file: string, destination: string) {
  return t.ws.catalog.copies.list({ kind: 'file', path: file }).find((c) => c.destinationUrl.endsWith(`/${destination}`) || c.location.includes(destination));
}

/** How the raid copy was last read back, as the catalog records it. */
function raidReadBack(file: string): string | null {
  const raidId = t.ws.catalog.destinations.ids().get(copyRow(file, 'raid')!.destinationUrl);
  return t.ws.catalog.copies.states({ kind: 'file', path: file }).find((s) => s.destinationId === raidId)!.readBack;
}

/** The newest ASC MHL generation of a local destination: what the repair recorded. */
function newestGeneration(destination: string): ReturnType<typeof readGeneration> {
  const folder = path.join(t.ws.destinationPath(destination), 'ascmhl');
  const names = fs
    .readdirSync(folder)
    .filter((n) => n.endsWith('.mhl'))
    .sort();
  return readGeneration(path.join(folder, names.at(-1)!));
}

async function objectBytes(cloud: S3DestinationConfig, key: string): Promise<Buffer> {
  return objectBytesAt(cloud, `${cloud.prefix}/${key}`);
}

async function objectBytesAt(cloud: S3DestinationConfig, objectKey: string): Promise<Buffer> {
  const got = await s3Client(testS3Server()).send(new GetObjectCommand({ Bucket: cloud.bucket, Key: objectKey }));
  return Buffer.from(await got.Body!.transformToByteArray());
}

describe('verify --repair', () => {
  it('rewrites a corrupted local copy from the cloud copy, read back, recorded verified, in a valid MHL generation', async () => {
    await t.reopen(t.dir, [{ name: 'raid', media: 'raid' }]);
    const cloud = await addCloudDestination(t.ws);
    const clip = await protectedClip();
    const raidCopy = t.copyPath('raid', clip.file);
    const readBackAtProtect = raidReadBack(clip.file);
    expect(readBackAtProtect).not.toBeNull();
    corrupt(raidCopy);

    const report = await verify(t.ws, { targets: [], repair: true });
    expect(report.failures).toEqual([]);
    expect(report.repaired).toEqual([
      { path: clip.file, destination: 'raid', location: raidCopy, error: expect.stringMatching(/content changed/), from: 'cloud' },
    ]);
    expect(report.job.state).toBe('succeeded');
    expect(xxhsum(raidCopy)).toBe(clip.xxh64);
    // Node sets times to the microsecond.
    expect(Math.abs(fs.statSync(raidCopy).mtimeMs - fs.statSync(clip.file).mtimeMs)).toBeLessThan(0.001);
    expect(copyRow(clip.file, 'raid')).toMatchObject({ status: 'verified', error: null });
    // Read back from the medium as protect's copy was (or from the cache, said, where the medium cannot be read past it).
    expect(raidReadBack(clip.file)).toBe(readBackAtProtect);
    // The verify's generation says the copy failed; the repair's, that its bytes are new there and right.
    expect(checkHistory(t.ws.destinationPath('raid'))).toHaveLength(3);
    expect(newestGeneration('raid')).toEqual({
      process: 'transfer',
      hashes: [{ path: mapSourcePath(clip.file), size: clip.size, xxh64: clip.xxh64, action: 'original' }],
    });
    // The cloud object was only read.
    expect(xxhsumOf(await objectBytes(cloud, mapSourcePath(clip.file)))).toBe(clip.xxh64);
    const again = await verify(t.ws, { targets: [] });
    expect(again.failures).toEqual([]);
  });

  it('rewrites a corrupted copy from the source when no other copy is left, the source hashed first', async () => {
    await t.reopen(t.dir, [{ name: 'raid', media: 'raid' }]);
    const clip = await protectedClip();
    const raidCopy = t.copyPath('raid', clip.file);
    corrupt(raidCopy);
    const report = await verify(t.ws, { targets: [], repair: true });
    expect(report.repaired).toMatchObject([{ destination: 'raid', from: 'source' }]);
    expect(xxhsum(raidCopy)).toBe(clip.xxh64);
    expect(checkHistory(t.ws.destinationPath('raid'))).toHaveLength(3);
  });

  it('rewrites a deleted copy from the other disk, from the CLI (exit 0)', async () => {
    const clip = await protectedClip(200_000);
    const shuttleCopy = t.copyPath('shuttle', clip.file);
    fs.rmSync(shuttleCopy);
    fs.rmSync(clip.file);
    const r = await runCliAsync(t.ws.home, ['verify', '--repair']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Repaired 1 copy/);
    expect(r.stdout).toMatch(/← raid: it was bad \(the copy is gone\)/);
    expect(xxhsum(shuttleCopy)).toBe(clip.xxh64);
    // No bytes were hashed for a missing copy: the protect's generation, then the repair's.
    expect(checkHistory(t.ws.destinationPath('shuttle'))).toHaveLength(2);
    expect(newestGeneration('shuttle')).toMatchObject({ process: 'transfer', hashes: [{ xxh64: clip.xxh64, action: 'original' }] });
  });

  it('passes over a good copy that reads wrong (marking it failed) and takes the next source', async () => {
    const clip = await protectedClip(150_000);
    corrupt(t.copyPath('shuttle', clip.file));
    // raid's copy goes bad too, unchecked by a verify of shuttle alone: the catalog still calls it verified.
    corrupt(t.copyPath('raid', clip.file));
    const report = await verify(t.ws, { targets: [], only: ['shuttle'], repair: true });
    expect(report.failures).toEqual([]);
    expect(report.repaired).toMatchObject([{ destination: 'shuttle', from: 'source' }]);
    expect(xxhsum(t.copyPath('shuttle', clip.file))).toBe(clip.xxh64);
    expect(copyRow(clip.file, 'raid')).toMatchObject({ status: 'failed', error: expect.stringMatching(/content changed/) });
  });

  it('re-uploads a cloud object overwritten with other bytes, from the local copy', async () => {
    await t.reopen(t.dir, [{ name: 'raid', media: 'raid' }]);
    const cloud = await addCloudDestination(t.ws);
    const clip = await protectedClip(300_000);
    const key = `${cloud.prefix}/${mapSourcePath(clip.file)}`;
    const s3 = s3Client(testS3Server());
    // Other bytes of the same size, and the old metadata kept: only the bytes (and the ETag) tell.
    const head = await s3.send(new HeadObjectCommand({ Bucket: cloud.bucket, Key: key }));
    await s3.send(new PutObjectCommand({ Bucket: cloud.bucket, Key: key, Body: pseudoRandomBytes(clip.size, 99), Metadata: head.Metadata }));
    fs.rmSync(clip.file);

    const report = await verify(t.ws, { targets: [], repair: true });
    expect(report.failures).toEqual([]);
    expect(report.repaired).toMatchObject([{ destination: 'cloud', from: 'raid', error: expect.stringMatching(/content changed/) }]);
    expect(xxhsumOf(await objectBytes(cloud, mapSourcePath(clip.file)))).toBe(clip.xxh64);
    const repairedHead = await s3.send(new HeadObjectCommand({ Bucket: cloud.bucket, Key: key }));
    expect(repairedHead.Metadata?.xxh64).toBe(clip.xxh64);
    expect(copyRow(clip.file, cloud.bucket)?.etag?.replace(/"/g, '')).toBe(repairedHead.ETag?.replace(/"/g, ''));
    // The bucket's history: the protect's generation, the verify's (the failed hash), the repair's, each valid.
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: cloud.bucket, Prefix: `${cloud.prefix}/ascmhl/` }));
    const generations = (listed.Contents ?? [])
      .map((o) => o.Key!)
      .filter((k) => k.endsWith('.mhl'))
      .sort();
    expect(generations).toHaveLength(3);
    const files = generations.map((key, i) => ({ key, file: path.join(t.dir, `generation-${i}.mhl`) }));
    for (const { key, file } of files) {
      fs.writeFileSync(file, await objectBytesAt(cloud, key));
      expect(xmllintProblems(file, 'ASCMHL.xsd')).toBe('');
    }
    expect(readGeneration(files[1]!.file).hashes).toMatchObject([{ action: 'failed' }]);
    expect(readGeneration(files[2]!.file)).toEqual({
      process: 'transfer',
      hashes: [{ path: mapSourcePath(clip.file), size: clip.size, xxh64: clip.xxh64, action: 'original' }],
    });
    // A check by the stored hash and ETag alone now passes.
    expect((await verify(t.ws, { targets: [] })).failures).toEqual([]);
  });

  it('fails with the reason when no good copy is left, and the failure stays recorded (exit 1)', async () => {
    await t.reopen(t.dir, [{ name: 'raid', media: 'raid' }]);
    const clip = await protectedClip(100_000);
    corrupt(t.copyPath('raid', clip.file));
    // The source changed since: it cannot stand in for the copy.
    fs.writeFileSync(clip.file, pseudoRandomBytes(clip.size, 42));
    const r = await runCliAsync(t.ws.home, ['verify', '--repair', '--json'], { env: s3Environment() });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as VerifyReport;
    expect(report.repaired).toEqual([]);
    expect(report.failures).toEqual([
      {
        path: clip.file,
        destination: 'raid',
        location: t.copyPath('raid', clip.file),
        error: expect.stringMatching(/content changed.*; not repaired: no good copy to rewrite it from \(source: it no longer has the recorded content/),
      },
    ]);
    expect(copyRow(clip.file, 'raid')).toMatchObject({ status: 'failed' });
    expect(xxhsum(t.copyPath('raid', clip.file))).not.toBe(clip.xxh64);
  });
});

function xxhsumOf(bytes: Buffer): string {
  const file = path.join(t.dir, `object-${Math.random().toString(36).slice(2)}`);
  fs.writeFileSync(file, bytes);
  return xxhsum(file);
}
