import { CHUNK_SIZE, copyPool } from '../../../native-helper/engine/copyRun';

describe('copyPool', () => {
  it('holds no buffers until a file asks for one, then hands out small and large pairs', async () => {
    const before = process.memoryUsage().external;
    const pool = copyPool({ targets: [], concurrency: 1 });
    expect(process.memoryUsage().external - before).toBeLessThan(CHUNK_SIZE);
    expect(pool.bufferSize).toBe(CHUNK_SIZE);

    const small = await pool.acquire(10);
    expect(process.memoryUsage().external - before).toBeGreaterThan(2 * CHUNK_SIZE);
    expect(small[0].length).toBeLessThan(CHUNK_SIZE);
    const large = await pool.acquire();
    expect(large.map((b) => b.length)).toEqual([CHUNK_SIZE, CHUNK_SIZE]);
    pool.release(small);
    pool.release(large);
    expect(await pool.acquire()).toBe(large);
  });
});
