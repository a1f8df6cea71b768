import { RescanScheduler, type Timers } from '../../../../panel/model/rescanScheduler';

/** Timers driven by the test: time moves only when it says so. */
class ManualTimers implements Timers {
  now = 0;
  private next = 1;
  private readonly pending = new Map<number, { at: number; callback: () => void }>();

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { at: this.now + ms, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  advance(ms: number): void {
    this.now += ms;
    for (const [id, t] of [...this.pending].sort((a, b) => a[1].at - b[1].at)) {
      if (t.at > this.now) continue;
      this.pending.delete(id);
      t.callback();
    }
  }

  get count(): number {
    return this.pending.size;
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('RescanScheduler', () => {
  it('debounces a burst of changes into one rescan after a quiet delay', async () => {
    const timers = new ManualTimers();
    let rescans = 0;
    const scheduler = new RescanScheduler(async () => void rescans++, 500, timers);
    for (let i = 0; i < 10; i++) {
      timers.advance(100);
      scheduler.request();
    }
    expect(rescans).toBe(0);
    timers.advance(499);
    expect(rescans).toBe(0);
    timers.advance(1);
    await settle();
    expect(rescans).toBe(1);
  });

  it('never runs two rescans at once: a request during one runs one more after it', async () => {
    const timers = new ManualTimers();
    const finishers: Array<() => void> = [];
    let running = 0;
    let most = 0;
    let rescans = 0;
    const scheduler = new RescanScheduler(
      () =>
        new Promise<void>((resolve) => {
          running++;
          rescans++;
          most = Math.max(most, running);
          finishers.push(() => {
            running--;
            resolve();
          });
        }),
      100,
      timers,
    );
    const first = scheduler.runNow();
    void scheduler.runNow();
    void scheduler.runNow();
    expect(rescans).toBe(1);
    finishers.shift()!();
    await settle();
    expect(rescans).toBe(2);
    finishers.shift()!();
    await first;
    expect(rescans).toBe(2);
    expect(most).toBe(1);
  });

  it('runNow takes the place of a pending debounced rescan', async () => {
    const timers = new ManualTimers();
    let rescans = 0;
    const scheduler = new RescanScheduler(async () => void rescans++, 500, timers);
    scheduler.request();
    await scheduler.runNow();
    expect(rescans).toBe(1);
    expect(timers.count).toBe(0);
    timers.advance(1000);
    await settle();
    expect(rescans).toBe(1);
  });

  it('a failing rescan does not stop later ones', async () => {
    let calls = 0;
    const scheduler = new RescanScheduler(
      async () => {
        calls++;
        throw new Error('host gone');
      },
      10,
      new ManualTimers(),
    );
    await scheduler.runNow();
    await scheduler.runNow();
    expect(calls).toBe(2);
  });

  it('after dispose, nothing runs', async () => {
    const timers = new ManualTimers();
    let rescans = 0;
    const scheduler = new RescanScheduler(async () => void rescans++, 500, timers);
    scheduler.request();
    scheduler.dispose();
    timers.advance(1000);
    scheduler.request();
    await scheduler.runNow();
    expect(rescans).toBe(0);
    expect(timers.count).toBe(0);
  });

  it('works with the real timers by default', async () => {
    let rescans = 0;
    const scheduler = new RescanScheduler(async () => void rescans++, 20);
    scheduler.request();
    scheduler.request();
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(rescans).toBe(1);
    scheduler.dispose();
  });

  it('with a period, rescans a quiet project that long after each rescan; a change meanwhile moves it', async () => {
    const timers = new ManualTimers();
    let rescans = 0;
    const scheduler = new RescanScheduler(async () => void rescans++, 500, timers, 60_000);
    await scheduler.runNow();
    expect(rescans).toBe(1);
    timers.advance(59_999);
    await settle();
    expect(rescans).toBe(1);
    timers.advance(1);
    await settle();
    expect(rescans).toBe(2);
    // A change 30 s in: rescanned after its quiet delay, and the next periodic one 60 s after that.
    timers.advance(30_000);
    scheduler.request();
    timers.advance(500);
    await settle();
    expect(rescans).toBe(3);
    timers.advance(59_999);
    await settle();
    expect(rescans).toBe(3);
    timers.advance(1);
    await settle();
    expect(rescans).toBe(4);
    scheduler.dispose();
    expect(timers.count).toBe(0);
  });

  it('without a period, leaves no timer after a rescan', async () => {
    const timers = new ManualTimers();
    const scheduler = new RescanScheduler(async () => undefined, 500, timers);
    await scheduler.runNow();
    expect(timers.count).toBe(0);
  });
});
