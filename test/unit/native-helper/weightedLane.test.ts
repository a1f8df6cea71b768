import { WeightedLane } from '../../../native-helper/engine/runPool';

describe('WeightedLane', () => {
  const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 2));

  it('runs many light tasks at once, a heavy one with fewer others, in the order they came', async () => {
    const lane = new WeightedLane(8);
    const weights = [1, 1, 1, 8, 1, 1, 1, 1, 1, 1, 1, 1, 20, 1];
    let used = 0;
    let most = 0;
    const started: number[] = [];
    await Promise.all(
      weights.map((w, i) =>
        lane.run(w, async () => {
          started.push(i);
          used += Math.min(w, 8);
          most = Math.max(most, used);
          await tick();
          used -= Math.min(w, 8);
          return i;
        }),
      ),
    );
    expect(started).toEqual(weights.map((_, i) => i));
    expect(most).toBe(8);
  });

  it('lets the light tasks overlap up to its capacity', async () => {
    const lane = new WeightedLane(4);
    let running = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 12 }, () =>
        lane.run(1, async () => {
          running += 1;
          most = Math.max(most, running);
          await tick();
          running -= 1;
        }),
      ),
    );
    expect(most).toBe(4);
  });

  it('gives back a failed task its weight and passes its error on', async () => {
    const lane = new WeightedLane(2);
    await expect(lane.run(2, async () => Promise.reject(new Error('task failed')))).rejects.toThrow('task failed');
    await expect(lane.run(2, async () => 'next')).resolves.toBe('next');
  });
});
