import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { SqliteDatabase } from '../../native-helper/sqlite/sqliteDatabase';
import fs from 'node:fs';
import path from 'node:path';
import { catalogPath } from '../../native-helper/config/config';
import { protect } from '../../native-helper/engine/protect';
import { scrub, type ScrubReport } from '../../native-helper/engine/scrub';
import { mapSourcePath } from '../../src/paths/mapSourcePath';
import { runCliAsync } from '../helpers/cli';
import { addCloudDestination } from '../helpers/cloudWorkspace';
import { xxhsum } from '../helpers/oracles';
import { s3Client, testS3Server } from '../helpers/s3Server';
import { pseudoRandomBytes, writeFile } from '../helpers/tempDir';
import { useTempWorkspace } from '../helpers/workspace';

const t = useTempWorkspace();
const DAY = 86_400_000;
/** The largest read a local check sends at once (hash/hashFromMedium.ts). */
const MEDIUM_CHUNK = 4 * 1024 * 1024;

/** Sets a copy's last verification `days` ago, as if it had not been read since. */
function ageCopy(file: string, destination: string, days: number): string {
  const at = new Date(Date.now() - days * DAY).toISOString();
  const db = new SqliteDatabase(catalogPath(t.ws.home));
  try {
    db.prepare(
      `UPDATE copies SET verified_at = ? WHERE asset_id = (SELECT id FROM assets WHERE path = ?)
       AND destination_id = (SELECT id FROM destinations WHERE name = ?)`,
    ).run(at, file, destination);
  } finally {
    db.close();
  }
  return at;
}

function verifiedAt(file: string, destination: string): string {
  return t.ws.catalog.copies.list({ kind: 'file', path: file }).find((c) => c.location.includes(`/dest/${destination}/`) || c.location.includes(destination))!
    .verifiedAt;
}

function ran(report: ScrubReport): Extract<ScrubReport, { ran: true }> {
  if (!report.ran) throw new Error(`the scrub did not run: ${report.why}`);
  return report;
}

function flipByte(file: string, at: number): void {
  const fd = fs.openSync(file, 'r+');
  const byte = Buffer.alloc(1);
  fs.readSync(fd, byte, 0, 1, at);
  byte[0]! ^= 0x01;
  fs.writeSync(fd, byte, 0, 1, at);
  fs.closeSync(fd);
}

describe('threefold scrub', () => {
  it('reads the copies due oldest first within its budget and time, renews their verification, leaves the rest for next time', async () => {
    await t.reopen(t.dir, [{ name: 'raid', media: 'raid' }]);
    const clips = ['A', 'B', 'C', 'D'].map((n, i) => writeFile(path.join(t.ws.source, `${n}.mov`), pseudoRandomBytes(2_000_000, i + 1)));
    await protect(t.ws, { targets: [t.ws.source] });
    const [a, b, c, d] = clips as [string, string, string, string];
    const aged = { a: ageCopy(a, 'raid', 60), b: ageCopy(b, 'raid', 90), c: ageCopy(c, 'raid', 40) };
    const recent = verifiedAt(d, 'raid');

    // 1 MB/s: the oldest copy (B) is read in about 2 s, the next would end at about 4 s, after the time limit.
    const started = Date.now();
    const first = ran(await scrub(t.ws, { budget: '1MB/s', maxSeconds: 3 }));
    expect(first).toMatchObject({ due: 3, stoppedBy: 'time limit', copies: { checked: 1, passed: 1, failed: 0 }, failures: [] });
    expect(first.job.state).toBe('succeeded');
    expect(Date.parse(verifiedAt(b, 'raid'))).toBeGreaterThanOrEqual(started);
    expect([verifiedAt(a, 'raid'), verifiedAt(c, 'raid'), verifiedAt(d, 'raid')]).toEqual([aged.a, aged.c, recent]);
    expect(t.ws.catalog.jobs.recent(10).find((j) => j.id === first.job.id)?.kind).toBe('scrub');

    // The next run goes on with what is left (A, then C); D, verified today, is not due.
    const second = ran(await scrub(t.ws, {}));
    expect(second).toMatchObject({ due: 2, stoppedBy: null, copies: { checked: 2, passed: 2 } });
    for (const clip of [a, c]) expect(Date.parse(verifiedAt(clip, 'raid'))).toBeGreaterThanOrEqual(started);
    expect(verifiedAt(d, 'raid')).toBe(recent);
  });

  it('holds its reads to the budget: bytes read ≤ budget × time + one chunk', async () => {
    await t.reopen(t.dir, [{ name: 'raid', media: 'raid' }]);
    const clips = [1, 2].map((i) => writeFile(path.join(t.ws.source, `${i}.mov`), pseudoRandomBytes(2_000_000, i)));
    await protect(t.ws, { targets: [t.ws.source] });
    for (const clip of clips) ageCopy(clip, 'raid', 31);
    const budget = 2_000_000;
    const report = ran(await scrub(t.ws, { budget: '2MB/s' }));
    expect(report.copies).toEqual({ checked: 2, passed: 2, failed: 0 });
    expect(report.bytes).toBe(4_000_000);
    expect(report.bytes).toBeLessThanOrEqual(budget * report.seconds + MEDIUM_CHUNK);
    // Paced from an empty bucket: 4 MB at 2 MB/s cannot take under 2 s.
    expect(report.seconds).toBeGreaterThanOrEqual(1.95);
  });

  it('finds a flipped byte in a local copy overnight and, with --repair, rewrites it from a good copy', async () => {
    const clip = writeFile(path.join(t.ws.source, 'Day 1', 'A001.mov'), pseudoRandomBytes(3 * 1024 * 1024 + 5, 7));
    await protect(t.ws, { targets: [t.ws.source] });
    const raidCopy = t.copyPath('raid', clip);
    flipByte(raidCopy, 123_457);
    for (const destination of ['raid', 'shuttle']) ageCopy(clip, destination, 31);

    const found = await runCliAsync(t.ws.home, ['scrub', '--json']);
    expect(found.code).toBe(1);
    const report = JSON.parse(found.stdout) as Extract<ScrubReport, { ran: true }>;
    expect(report.failures).toEqual([expect.objectContaining({ destination: 'raid', location: raidCopy, error: expect.stringMatching(/content changed/) })]);
    expect(report.copies).toEqual({ checked: 2, passed: 1, failed: 1 });

    // The failed copy is due at once; the good one was just renewed.
    const repaired = await runCliAsync(t.ws.home, ['scrub', '--repair', '--json']);
    expect(repaired.code).toBe(0);
    const after = JSON.parse(repaired.stdout) as Extract<ScrubReport, { ran: true }>;
    expect(after.repaired).toEqual([expect.objectContaining({ destination: 'raid', location: raidCopy, from: 'shuttle' })]);
    expect(after.failures).toEqual([]);
    expect(xxhsum(raidCopy)).toBe(xxhsum(clip));
    const mhl = fs.readdirSync(path.join(t.ws.destinationPath('raid'), 'ascmhl')).filter((n) => n.endsWith('.mhl'));
    // protect's; the first scrub's `failed`; the second's `failed` again, then its repair's `transfer`.
    expect(mhl).toHaveLength(4);
    expect(after.due).toBe(1);
  });

  it('catches a cloud object written over by another tool (its ETag changed), even with its size and metadata kept', async () => {
    await t.reopen(t.dir, [{ name: 'raid', media: 'raid' }]);
    const cloud = await addCloudDestination(t.ws);
    const clip = writeFile(path.join(t.ws.source, 'A001.mov'), pseudoRandomBytes(200_000, 3));
    await protect(t.ws, { targets: [t.ws.source] });
    const objectKey = `${cloud.prefix}/${mapSourcePath(clip)}`;
    const client = s3Client(testS3Server());
    const head = await client.send(new HeadObjectCommand({ Bucket: cloud.bucket, Key: objectKey }));
    await client.send(new PutObjectCommand({ Bucket: cloud.bucket, Key: objectKey, Body: pseudoRandomBytes(200_000, 4), Metadata: head.Metadata }));

    // Verified today: a local copy is not due, a cloud object is checked every run.
    const report = ran(await scrub(t.ws, {}));
    expect(report.due).toBe(1);
    expect(report.failures).toEqual([expect.objectContaining({ destination: 'cloud', error: expect.stringMatching(/content changed/) })]);
    expect(t.ws.catalog.copies.list({ kind: 'file', path: clip }).find((c) => c.destinationUrl.startsWith('s3:'))).toMatchObject({ status: 'failed' });
  });

  it('runs only within its hours and refuses what is not a span, a budget or a bandwidth limit (exit 2)', async () => {
    const hour = new Date().getHours();
    const outside = `${String((hour + 2) % 24).padStart(2, '0')}:00-${String((hour + 3) % 24).padStart(2, '0')}:00`;
    expect(await scrub(t.ws, { hours: outside })).toEqual({ ran: false, why: `outside the scrub hours (${outside}): nothing was read` });
    for (const [args, message] of [
      [['--hours', 'nightly'], /not a span of hours/],
      [['--budget', 'fast'], /not a read budget/],
      [['--bwlimit', '10X'], /not a rate/],
      [['--days', '0'], /--days/],
    ] as const) {
      const result = await runCliAsync(t.ws.home, ['scrub', ...args]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    for (const command of ['protect', 'restore']) {
      const result = await runCliAsync(t.ws.home, [command, t.ws.source, '--bwlimit', '08:00,10M 25:00,off']);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/"25:00,off" is not a timetable entry/);
    }
  });
});
