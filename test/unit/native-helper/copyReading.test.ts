import fs from 'node:fs';
import path from 'node:path';
import { runWeighted } from '../../../native-helper/engine/runPool';
import { BufferPool } from '../../../native-helper/fsutil/bufferPool';
import { readChunks } from '../../../native-helper/fsutil/readChunks';
import { makeTempDir, pseudoRandomBytes, withOpenFile, writeFile } from '../../helpers/tempDir';

describe('readChunks', () => {
  const { dir, cleanup } = makeTempDir();
  afterAll(cleanup);
  const pool = new BufferPool(64 * 1024, 1, { bufferSize: 4096, pairs: 1 });

  const read = (file: string, size?: number): Promise<{ data: Buffer; chunks: number }> =>
    withOpenFile(file, async (fd) => {
      const parts: Buffer[] = [];
      for await (const chunk of readChunks(fd, pool, size)) parts.push(Buffer.from(chunk));
      return { data: Buffer.concat(parts), chunks: parts.length };
    });

  it('reads every byte, in small buffers for a file that fits in one, and whatever size it was told', async () => {
    for (const [size, told] of [
      [0, 0],
      [100, 100],
      [4095, 4095],
      [4096, 4096],
      [200_000, 200_000],
      [128 * 1024, 128 * 1024],
      [5000, 100],
      [100, 5000],
      [70_000, undefined],
    ] as const) {
      const data = pseudoRandomBytes(size, size + 1);
      const file = writeFile(path.join(dir, `f-${size}-${told}`), data);
      const got = await read(file, told);
      expect(`${size}/${told}: ${got.data.equals(data)}`).toBe(`${size}/${told}: true`);
    }
  });

  it('yields a file that fits in a small buffer as one chunk, and gives every pair back', async () => {
    const file = path.join(dir, 'small');
    fs.writeFileSync(file, pseudoRandomBytes(3000, 9));
    expect((await read(file, 3000)).chunks).toBe(1);
    const [small, large] = await Promise.all([pool.acquire(3000), pool.acquire(10_000)]);
    expect([small[0].length, large[0].length]).toEqual([4096, 64 * 1024]);
    pool.release(small);
    pool.release(large);
  });
});

describe('runWeighted', () => {
  const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 2));

  it('runs items in order, never over capacity, a heavy item with fewer others', async () => {
    const weights = [1, 1, 1, 4, 1, 1, 9, 1, 2];
    let used = 0;
    let most = 0;
    const started: number[] = [];
    await runWeighted(
      weights.map((w, i) => ({ w, i })),
      4,
      (item) => item.w,
      async ({ w, i }) => {
        started.push(i);
        used += Math.min(w, 4);
        most = Math.max(most, used);
        await tick();
        used -= Math.min(w, 4);
      },
    );
    expect(started).toEqual(weights.map((_, i) => i));
    expect(most).toBe(4);
  });

  it('starts nothing after a failure and rejects with it once the running items are done', async () => {
    const finished: number[] = [];
    const run = runWeighted(
      [0, 1, 2, 3, 4, 5],
      2,
      () => 1,
      async (i) => {
        if (i === 1) throw new Error('item 1 failed');
        await tick();
        finished.push(i);
      },
    );
    await expect(run).rejects.toThrow('item 1 failed');
    expect(finished).toEqual([0]);
  });
});
