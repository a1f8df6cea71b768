import fs from 'node:fs';
import path from 'node:path';
import { alignedBuffers } from '../../../native-helper/hash/alignedBuffers';
import { hashFile } from '../../../native-helper/hash/hashFile';
import { xxhsum } from '../../helpers/oracles';
import { makeTempDir, pseudoRandomBytes, withOpenFile, writeFile } from '../../helpers/tempDir';

const CHUNK = 1024 * 1024; // hashFile's read size

describe('hashFile', () => {
  const { dir, cleanup } = makeTempDir();
  afterAll(cleanup);

  const hashOf = (file: string, signal?: AbortSignal): Promise<{ xxh64: string; size: number }> => withOpenFile(file, (fd) => hashFile(fd, signal));

  it('agrees with xxhsum -H1 on empty files, partial chunks, whole chunks and more reads than it keeps in flight', async () => {
    for (const size of [0, 1, CHUNK - 1, CHUNK, 4 * CHUNK, 5 * CHUNK, 9 * CHUNK + 12_345]) {
      const file = path.join(dir, `f${size}`);
      fs.writeFileSync(file, pseudoRandomBytes(size, size + 3));
      expect(`${size}: ${JSON.stringify(await hashOf(file))}`).toBe(`${size}: ${JSON.stringify({ xxh64: xxhsum(file), size })}`);
    }
  });

  it('hashes several files at once, each with buffers of its own', async () => {
    const files = [1, 2, 3].map((i) => {
      const file = path.join(dir, `at-once-${i}`);
      fs.writeFileSync(file, pseudoRandomBytes(3 * CHUNK + i * 1000, 10 + i));
      return file;
    });
    const hashes = await Promise.all(files.map(async (f) => (await hashOf(f)).xxh64));
    expect(hashes).toEqual(files.map((f) => xxhsum(f)));
  });

  it('with an expected size, hashes the whole file whether or not it has that size', async () => {
    for (const [size, expected] of [
      [0, 0],
      [65_536, 65_536],
      [65_536, 1_000],
      [1_000, 65_536],
      [300_000, 65_536],
      [4 * CHUNK, 4 * CHUNK],
      [4 * CHUNK + 7, 4 * CHUNK],
      [3 * CHUNK, 4 * CHUNK],
    ] as const) {
      const file = writeFile(path.join(dir, `expected-${size}-${expected}`), pseudoRandomBytes(size, size + 11));
      const hashed = await withOpenFile(file, (fd) => hashFile(fd, undefined, expected));
      expect(`${size}/${expected}: ${JSON.stringify(hashed)}`).toBe(`${size}/${expected}: ${JSON.stringify({ xxh64: xxhsum(file), size })}`);
    }
  });

  it('stops when its signal is aborted', async () => {
    const file = path.join(dir, 'aborted');
    fs.writeFileSync(file, pseudoRandomBytes(8 * CHUNK, 5));
    await expect(hashOf(file, AbortSignal.abort())).rejects.toThrow(/abort/i);
  });
});

describe('alignedBuffers', () => {
  it('hands out separate buffers of the asked size', () => {
    const [a, b] = alignedBuffers(2, 1024);
    expect([a!.length, b!.length]).toEqual([1024, 1024]);
    a!.fill(1);
    b!.fill(2);
    expect([a![1023], b![0]]).toEqual([1, 2]);
  });
});
