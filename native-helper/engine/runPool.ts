/**
 * Runs `work` over the items with at most `concurrency` in flight; resolves when all are done, or rejects
 * with the first failure once the running ones are done (no new item starts after it).
 */
export function runPool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  return runWeighted(items, Math.max(1, concurrency), () => 1, work);
}

/**
 * Work pushed while other work runs, at most `concurrency` at once; `drained()` waits for all of it and
 * then rejects with the first failure, if any (a failure never stops the other items).
 */
export function createWorkQueue<T>(concurrency: number, work: (item: T) => Promise<void>): { push(item: T): void; drained(): Promise<void> } {
  const waiting: T[] = [];
  const running = new Set<Promise<void>>();
  let firstFailure: { error: unknown } | undefined;
  const pump = (): void => {
    while (running.size < concurrency && waiting.length > 0) {
      const item = waiting.shift()!;
      const done: Promise<void> = work(item)
        .catch((error: unknown) => {
          firstFailure ??= { error };
        })
        .finally(() => {
          running.delete(done);
          pump();
        });
      running.add(done);
    }
  };
  return {
    push: (item) => {
      waiting.push(item);
      pump();
    },
    drained: async () => {
      while (running.size > 0 || waiting.length > 0) await Promise.all([...running]);
      if (firstFailure) throw firstFailure.error;
    },
  };
}

/**
 * Runs `work` over the items in order, each holding `weight(item)` of `capacity` while it runs (at most all
 * of it): many light items at once, few heavy ones. After a failure no new item starts; it rejects with the
 * first failure once the running ones are done.
 */
export function runWeighted<T>(items: readonly T[], capacity: number, weight: (item: T) => number, work: (item: T) => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    let next = 0;
    let used = 0;
    let running = 0;
    let firstFailure: { error: unknown } | undefined;
    const pump = (): void => {
      while (firstFailure === undefined && next < items.length) {
        const item = items[next]!;
        const held = Math.min(capacity, Math.max(1, weight(item)));
        if (used + held > capacity) break;
        next += 1;
        used += held;
        running += 1;
        work(item)
          .catch((error: unknown) => {
            firstFailure ??= { error };
          })
          .finally(() => {
            used -= held;
            running -= 1;
            pump();
          });
      }
      if (running > 0) return;
      if (firstFailure) reject(firstFailure.error);
      else resolve();
    };
    pump();
  });
}

/**
 * Tasks pushed from anywhere, each holding its weight (at most all of it) of `capacity` while it runs; the
 * others wait their turn, first come first served (a heavy one waiting holds back the light ones behind it).
 */
export class WeightedLane {
  private used = 0;
  private readonly waiting: Array<{ held: number; admit: () => void }> = [];

  constructor(private readonly capacity: number) {}

  async run<T>(weight: number, task: () => Promise<T>): Promise<T> {
    const held = Math.min(this.capacity, Math.max(1, weight));
    if (this.waiting.length > 0 || this.used + held > this.capacity) await new Promise<void>((admit) => this.waiting.push({ held, admit }));
    else this.used += held;
    try {
      return await task();
    } finally {
      this.used -= held;
      this.admitWaiting();
    }
  }

  private admitWaiting(): void {
    while (this.waiting.length > 0 && this.used + this.waiting[0]!.held <= this.capacity) {
      const next = this.waiting.shift()!;
      this.used += next.held;
      next.admit();
    }
  }
}
