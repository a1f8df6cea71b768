/** Runs `work` over the items with at most `concurrency` in flight; resolves when all are done. */
export async function runPool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
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
