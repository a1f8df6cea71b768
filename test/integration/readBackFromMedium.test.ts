import fs from 'node:fs';
import path from 'node:path';
import { Catalog } from '../../native-helper/catalog/catalog';
import { catalogPath } from '../../native-helper/config/config';
import { closeFile } from '../../native-helper/fsutil/fileCalls';
import { openPlainly } from '../../native-helper/fsutil/openFromMedium';
import { hashFromMedium } from '../../native-helper/hash/hashFromMedium';
import type { ProtectReport } from '../../native-helper/engine/protect';
import type { StatusDocument } from '../../native-helper/engine/status';
import type { VerifyReport } from '../../native-helper/engine/verify';
import type { HelperEvent, JobInfo } from '../../src/protocol/messages';
import { runCli, runCliJson } from '../helpers/cli';
import { pairedClient, recordEvents, spawnHelper } from '../helpers/helperHarness';
import { mountLyingDisk, type LyingDisk } from '../helpers/lyingDisk';
import { listFiles } from '../helpers/workspace';
import { makeTempDir, pseudoRandomBytes, writeFile } from '../helpers/tempDir';
import { xxhsum } from '../helpers/oracles';

// A disk that loses or corrupts writes while the page cache still holds the right bytes: a copy must be
// read back from the medium to catch it. The FUSE disk (test/helpers/lyingDisk.py) stores the first byte of
// every file named *A001* changed.

let temp: ReturnType<typeof makeTempDir>;
let disk: LyingDisk | undefined;
let home: string;
let media: string;
let good: string;

beforeEach(() => {
  temp = makeTempDir();
  home = path.join(temp.dir, 'home');
  media = path.join(temp.dir, 'Media');
  good = path.join(temp.dir, 'good');
  for (const d of [media, good]) fs.mkdirSync(d, { recursive: true });
});
afterEach(async () => {
  await disk?.unmount();
  disk = undefined;
  temp.cleanup();
});

const mount = async (options: Parameters<typeof mountLyingDisk>[2]): Promise<LyingDisk> => {
  disk = await mountLyingDisk(path.join(temp.dir, 'backing'), path.join(temp.dir, 'lying'), options);
  return disk;
};

const addDestinations = (lying: string): void => {
  expect(runCli(home, ['dest', 'add', 'lying', lying, '--media', 'hdd']).code).toBe(0);
  expect(runCli(home, ['dest', 'add', 'good', good, '--media', 'raid']).code).toBe(0);
};

const assetOf = (status: StatusDocument, file: string): StatusDocument['assets'][number] => status.assets.find((a) => a.path === file)!;

describe('the lying disk', () => {
  it('keeps the written bytes in the page cache and stores one byte changed, which only a direct read sees', async () => {
    const { mountpoint, backing } = await mount({ corrupt: 'A001' });
    const content = pseudoRandomBytes(3 * 1024 * 1024 + 123, 7);
    const file = path.join(mountpoint, 'A001.mov');
    fs.writeFileSync(file, content);
    const fd = fs.openSync(file, 'r+');
    fs.fsyncSync(fd);
    fs.closeSync(fd);

    expect(fs.readFileSync(file).equals(content)).toBe(true); // a reopen is served from the cache
    const stored = fs.readFileSync(path.join(backing, 'A001.mov'));
    expect(stored[0]).toBe(content[0]! ^ 0xff);
    expect(stored.subarray(1).equals(content.subarray(1))).toBe(true);

    const readBack = await hashFromMedium(file, content.length);
    expect(readBack).toEqual({ xxh64: xxhsum(path.join(backing, 'A001.mov')), size: content.length, source: { from: 'medium' } });
  });
});

describe('protect onto a disk that corrupts writes', () => {
  it('fails that copy with the hash read from the disk, keeps and verifies the good one, leaves no partial', async () => {
    const { mountpoint, backing } = await mount({ corrupt: 'A001' });
    addDestinations(mountpoint);
    const clip = writeFile(path.join(media, 'A001.mov'), pseudoRandomBytes(5 * 1024 * 1024 + 7, 3));
    const other = writeFile(path.join(media, 'B002.mov'), pseudoRandomBytes(200_000, 4));

    const { code, json } = runCliJson<ProtectReport>(home, ['protect', media]);

    expect(code).toBe(1);
    const source = xxhsum(clip);
    const stored = new RegExp(`^the copy read back from the disk as xxh64 ([0-9a-f]{16}), not the source's ${source} \\(failing disk`);
    expect(json.job.failed).toEqual([{ path: clip, destination: 'lying', error: expect.stringMatching(stored) }]);
    expect(json.job.failed[0]!.error.match(stored)![1]).not.toBe(source);
    expect(json.job.readFromCache).toEqual([]);
    // Only the intact file is on the lying disk; no partial is left behind.
    expect(listFiles(backing).filter((f) => !f.startsWith('ascmhl/') && !f.startsWith('.threefold/'))).toEqual([expect.stringMatching(/B002\.mov$/)]);
    expect(listFiles(good).filter((f) => f.endsWith('.mov'))).toHaveLength(2);

    const status = runCliJson<StatusDocument>(home, ['status', media]).json;
    expect(assetOf(status, clip).locations).toEqual([expect.objectContaining({ destination: 'good', readBack: 'medium' })]);
    expect(
      assetOf(status, other)
        .locations.map((l) => [l.destination, l.readBack])
        .sort(),
    ).toEqual([
      ['good', 'medium'],
      ['lying', 'medium'],
    ]);
    const goodCopy = assetOf(status, clip).locations[0]!.location;
    expect(xxhsum(goodCopy)).toBe(source);
    // The catalog holds no copy of it on the lying disk, verified or not.
    const catalog = Catalog.open(catalogPath(home));
    try {
      expect(catalog.copies.list({ kind: 'file', path: clip }).map((c) => [c.destinationUrl, c.status])).toEqual([[`local:${good}`, 'verified']]);
    } finally {
      catalog.close();
    }
  });

  it('verify reads the copy from the disk on a later day: a byte changed under the cache is found', async () => {
    const { mountpoint, backing } = await mount({});
    addDestinations(mountpoint);
    const clip = writeFile(path.join(media, 'C003.mov'), pseudoRandomBytes(2 * 1024 * 1024, 5));
    expect(runCli(home, ['protect', media]).code).toBe(0);
    const [stored] = listFiles(backing).filter((f) => f.endsWith('C003.mov'));
    // Changed on the medium behind the file system's back, its times kept: the cached pages stay as written.
    const storedPath = path.join(backing, stored!);
    const before = fs.statSync(storedPath);
    const fd = fs.openSync(storedPath, 'r+');
    fs.writeSync(fd, Buffer.from([0x5a]), 0, 1, 1_000_000);
    fs.closeSync(fd);
    fs.utimesSync(storedPath, before.atime, before.mtime);
    expect(fs.readFileSync(path.join(mountpoint, stored!)).equals(fs.readFileSync(clip))).toBe(true);

    const { code, json } = runCliJson<VerifyReport>(home, ['verify']);

    expect(code).toBe(1);
    expect(json.copies).toEqual({ checked: 2, passed: 1, failed: 1 });
    expect(json.failures).toEqual([
      expect.objectContaining({ path: clip, destination: 'lying', error: expect.stringContaining(`xxh64 ${xxhsum(storedPath)} read from the disk`) }),
    ]);
  });
});

describe("a disk whose sectors fail under a copy's folder, its root still there", () => {
  it('verify condemns the copies it cannot look at: a copy that cannot be read cannot come back', async () => {
    const { mountpoint, backing } = await mount({ failing: 'Damaged' });
    addDestinations(mountpoint);
    const clip = writeFile(path.join(temp.dir, 'Damaged', 'D004.mov'), pseudoRandomBytes(64 * 1024, 6));
    expect(runCli(home, ['protect', clip]).code).toBe(0);
    fs.writeFileSync(path.join(backing, '.fail-now'), '');
    // The kernel keeps what FUSE said of a path for a second.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const { code, json } = runCliJson<VerifyReport>(home, ['verify']);

    expect(code).toBe(1);
    expect(json.copies).toEqual({ checked: 2, passed: 1, failed: 1 });
    expect(json.failures).toEqual([expect.objectContaining({ path: clip, destination: 'lying', error: expect.stringContaining('EIO') })]);
    const status = runCliJson<StatusDocument>(home, ['status', clip]).json;
    expect(assetOf(status, clip)).toMatchObject({ state: 'failed', copies: 2 });
    expect(status.unreachable ?? []).toEqual([]);
  });
});

describe('a file system that refuses direct I/O', () => {
  it('is read back through the cache, and the job, the catalog and verify say so', async () => {
    const { mountpoint } = await mount({ refuseDirect: true });
    addDestinations(mountpoint);
    const clip = writeFile(path.join(media, 'D004.mov'), pseudoRandomBytes(1024 * 1024 + 5, 6));

    const protectRun = runCliJson<ProtectReport>(home, ['protect', media]);

    expect(protectRun.code).toBe(0);
    expect(protectRun.json.job.readFromCache).toEqual([{ destination: 'lying', copies: 1, reason: 'its file system refuses direct I/O' }]);
    const status = runCliJson<StatusDocument>(home, ['status', media]).json;
    expect(
      assetOf(status, clip)
        .locations.map((l) => [l.destination, l.readBack])
        .sort(),
    ).toEqual([
      ['good', 'medium'],
      ['lying', 'cache'],
    ]);
    const verifyRun = runCli(home, ['verify']);
    expect(verifyRun.code).toBe(0);
    expect(verifyRun.stdout).toContain(
      "note: 1 copy on lying was read back from the operating system's cache, not from the disk (its file system refuses direct I/O)",
    );
  });

  it('takes a large copy, written through the cache instead of past it', async () => {
    const { mountpoint, backing } = await mount({ refuseDirect: true });
    addDestinations(mountpoint);
    const clip = writeFile(path.join(media, 'E005.mov'), pseudoRandomBytes(9 * 1024 * 1024 + 3, 4));

    const protectRun = runCliJson<ProtectReport>(home, ['protect', media]);

    expect(protectRun.code).toBe(0);
    expect(protectRun.json.job.failed).toEqual([]);
    const stored = listFiles(backing).filter((f) => f.endsWith('E005.mov'));
    expect(stored).toHaveLength(1);
    expect(xxhsum(path.join(backing, stored[0]!))).toBe(xxhsum(clip));
  });

  it("says so in the helper's job result", async () => {
    const { mountpoint } = await mount({ refuseDirect: true });
    addDestinations(mountpoint);
    writeFile(path.join(media, 'F006.mov'), pseudoRandomBytes(300_000, 8));
    const helper = await spawnHelper(home);
    const { client } = await pairedClient(helper.port, home);
    try {
      const events = recordEvents(client);
      const { job } = await client.request('protect', { targets: [media] });
      const finished = (await events.next((e: HelperEvent) => e.type === 'job.finished' && e.job.id === job.id)) as { job: JobInfo };
      expect(finished.job.result).toMatchObject({
        files: 1,
        failed: [],
        readFromCache: [{ destination: 'lying', copies: 1, reason: 'its file system refuses direct I/O' }],
      });
    } finally {
      client.close();
      await helper.stop();
    }
  });
});

describe('a file read without direct I/O', () => {
  it('is read from its medium on a memory file system (tmpfs), from the cache elsewhere', async () => {
    const inMemory = fs.mkdtempSync('/dev/shm/threefold-test-');
    try {
      for (const [folder, expected] of [
        [inMemory, { from: 'medium' }],
        [temp.dir, { from: 'cache', reason: 'because' }],
      ] as const) {
        const { fd, source } = await openPlainly(writeFile(path.join(folder, 'E005.mov'), 'bytes'), 'because');
        await closeFile(fd);
        expect(source).toEqual(expected);
      }
    } finally {
      fs.rmSync(inMemory, { recursive: true, force: true });
    }
  });
});

describe('hashFromMedium on a disk that takes direct I/O', () => {
  const KiB = 1024;
  const MiB = 1024 * KiB;

  it.each([0, 1, 4095, 4096, 512 * KiB - 1, 512 * KiB, 4 * MiB, 4 * MiB + 1, 9 * MiB + 3])('reads %i bytes from the disk in aligned reads', async (size) => {
    const file = writeFile(path.join(temp.dir, 'G007.mov'), pseudoRandomBytes(size, size + 1));
    expect(await hashFromMedium(file, size)).toEqual({ xxh64: xxhsum(file), size, source: { from: 'medium' } });
  });

  it.each([
    ['shorter', 4 * MiB + 5, 3 * MiB + 1],
    ['longer', 100 * KiB, 5 * MiB + 7],
  ])('reads a file %s than expected to its real end', async (_how, expected, actual) => {
    const file = writeFile(path.join(temp.dir, 'H008.mov'), pseudoRandomBytes(actual, 9));
    expect(await hashFromMedium(file, expected)).toEqual({ xxh64: xxhsum(file), size: actual, source: { from: 'medium' } });
  });
});

describe('hashFromMedium on a disk that takes direct opens and refuses their reads', () => {
  it('reads through the cache, and paces each byte once (the refused reads do not spend a scrub budget)', async () => {
    const { mountpoint } = await mount({ refuseDirectReads: true });
    const size = 9 * 1024 * 1024 + 3;
    const file = writeFile(path.join(mountpoint, 'J010.mov'), pseudoRandomBytes(size, 10));
    let paced = 0;
    const readBack = await hashFromMedium(file, size, async (bytes) => {
      paced += bytes;
    });
    expect(readBack).toMatchObject({ xxh64: xxhsum(file), size, source: { from: 'cache' } });
    expect(paced).toBe(size);
  });
});
