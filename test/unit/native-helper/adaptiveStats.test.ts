import { adaptiveStats } from '../../../native-helper/fsutil/adaptiveStats';

/** Items 0..n-1, each "stat" answering its number times ten, recording which way it was asked. */
function counted(slowStatMs: number) {
  const calls = { sync: 0, parallel: 0, inFlight: 0, maxInFlight: 0 };
  const statEach = adaptiveStats(
    (n: number) => {
      calls.sync += 1;
      return n * 10;
    },
    async (n: number) => {
      calls.parallel += 1;
      calls.inFlight += 1;
      calls.maxInFlight = Math.max(calls.maxInFlight, calls.inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      calls.inFlight -= 1;
      return n * 10;
    },
    slowStatMs,
  );
  return { calls, statEach };
}

const items = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('adaptiveStats', () => {
  it('stats a fast file system synchronously and hands every outcome on in order', async () => {
    const { calls, statEach } = counted(Number.POSITIVE_INFINITY);
    const seen: Array<[number, number]> = [];
    await statEach(items(1000), (item, outcome) => seen.push([item, outcome]));
    expect(seen).toEqual(items(1000).map((i) => [i, i * 10]));
    expect(calls).toMatchObject({ sync: 1000, parallel: 0 });
  });

  it('lets the event loop run between slices of synchronous stats', async () => {
    const { statEach } = counted(Number.POSITIVE_INFINITY);
    let turns = 0;
    const ticking = setInterval(() => (turns += 1), 0);
    let visited = 0;
    const turnsAt: number[] = [];
    await statEach(items(2048), () => {
      visited += 1;
      if (visited % 256 === 0) turnsAt.push(turns);
    });
    clearInterval(ticking);
    // The timer ran while the 2,048 stats were being made, not only after them.
    expect(new Set(turnsAt).size).toBeGreaterThan(1);
  });

  it('goes parallel once stats prove slow, and stays parallel for later calls, outcomes still in order', async () => {
    const { calls, statEach } = counted(0);
    const seen: Array<[number, number]> = [];
    await statEach(items(1000), (item, outcome) => seen.push([item, outcome]));
    expect(seen).toEqual(items(1000).map((i) => [i, i * 10]));
    // One slice judged the file system slow; the rest went in parallel batches.
    expect(calls.sync).toBe(256);
    expect(calls.parallel).toBe(744);
    expect(calls.maxInFlight).toBe(64);
    await statEach(items(10), () => undefined);
    expect(calls.sync).toBe(256);
    expect(calls.parallel).toBe(754);
  });

  it('visits nothing for no items', async () => {
    const { calls, statEach } = counted(0);
    const visit = jest.fn();
    await statEach([], visit);
    expect(visit).not.toHaveBeenCalled();
    expect(calls).toMatchObject({ sync: 0, parallel: 0 });
  });
});
