import { adaptiveStats } from '../../../native-helper/fsutil/adaptiveStats';

/**
 * Items 0..n-1, each "stat" answering its number times ten, recording which way it was asked. In the pool
 * each answers after `parallelDelayMs` (or `delayOf(n)`); made here, each takes `syncMs` of this thread.
 */
function counted(slowStatMs: number, parallelDelayMs = 0, { delayOf = (_n: number) => parallelDelayMs, syncMs = 0 } = {}) {
  const calls = { sync: 0, parallel: 0, inFlight: 0, maxInFlight: 0 };
  const statEach = adaptiveStats(
    (n: number) => {
      calls.sync += 1;
      const until = performance.now() + syncMs;
      while (performance.now() < until); // a stat answering in round trips, as a distant mount's
      return n * 10;
    },
    async (n: number) => {
      calls.parallel += 1;
      calls.inFlight += 1;
      calls.maxInFlight = Math.max(calls.maxInFlight, calls.inFlight);
      const delayMs = delayOf(n);
      await new Promise((resolve) => (delayMs > 0 ? setTimeout(resolve, delayMs) : setImmediate(resolve)));
      calls.inFlight -= 1;
      return n * 10;
    },
    slowStatMs,
  );
  return { calls, statEach };
}

const items = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('adaptiveStats', () => {
  it('stats a fast file system synchronously, but for one stat in the pool per slice, and hands every outcome on in order', async () => {
    const { calls, statEach } = counted(Number.POSITIVE_INFINITY);
    const seen: Array<[number, number]> = [];
    await statEach(items(1000), (item, outcome) => seen.push([item, outcome]));
    expect(seen).toEqual(items(1000).map((i) => [i, i * 10]));
    // Slices of 256 from 0, 256, 512 and 768, each begun by a stat in the pool.
    expect(calls).toMatchObject({ sync: 996, parallel: 4 });
  });

  it('makes one stat here, then none, where the first stat of a slice is slow and so is that one (a distant mount)', async () => {
    const { calls, statEach } = counted(2, 20, { syncMs: 3 });
    const seen: Array<[number, number]> = [];
    await statEach(items(300), (item, outcome) => seen.push([item, outcome]));
    expect(seen).toEqual(items(300).map((i) => [i, i * 10]));
    expect(calls).toMatchObject({ sync: 1, parallel: 299 });
  });

  it('stays synchronous after a slow stat in the pool when the stat made here is fast (the machine was busy)', async () => {
    const { calls, statEach } = counted(2, 0, { delayOf: (n) => (n === 256 ? 20 : 0) });
    const seen: Array<[number, number]> = [];
    await statEach(items(1000), (item, outcome) => seen.push([item, outcome]));
    expect(seen).toEqual(items(1000).map((i) => [i, i * 10]));
    // Slices from 0, 256 (its probe slow, 257 made here and fast), 513 and 769: each begun in the pool.
    expect(calls).toMatchObject({ sync: 996, parallel: 4, maxInFlight: 1 });
  });

  it('lets the event loop run between slices of synchronous stats', async () => {
    const { statEach } = counted(Number.POSITIVE_INFINITY);
    // A turn of the event loop is counted by a check-phase callback that schedules itself again (a timer
    // would need a millisecond to pass, which a run of cached stats may not take).
    let turns = 0;
    let ticking = true;
    const tick = (): void => {
      turns += 1;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    let visited = 0;
    const turnsAt: number[] = [];
    await statEach(items(2048), () => {
      visited += 1;
      if (visited % 256 === 0) turnsAt.push(turns);
    });
    ticking = false;
    // The timer ran while the 2,048 stats were being made, not only after them.
    expect(new Set(turnsAt).size).toBeGreaterThan(1);
  });

  it('goes parallel once stats prove slow, and stays parallel for later calls, outcomes still in order', async () => {
    const { calls, statEach } = counted(0);
    const seen: Array<[number, number]> = [];
    await statEach(items(1000), (item, outcome) => seen.push([item, outcome]));
    expect(seen).toEqual(items(1000).map((i) => [i, i * 10]));
    // One slice (a stat in the pool, then 255) judged the file system slow; the rest went in parallel batches.
    expect(calls.sync).toBe(255);
    expect(calls.parallel).toBe(745);
    expect(calls.maxInFlight).toBe(64);
    await statEach(items(10), () => undefined);
    expect(calls.sync).toBe(255);
    expect(calls.parallel).toBe(755);
  });

  it('visits nothing for no items', async () => {
    const { calls, statEach } = counted(0);
    const visit = jest.fn();
    await statEach([], visit);
    expect(visit).not.toHaveBeenCalled();
    expect(calls).toMatchObject({ sync: 0, parallel: 0 });
  });
});
