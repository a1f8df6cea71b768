/**
 * Stats made one after another before the event loop runs again: on a local disk a stat answers from the
 * kernel's cache in microseconds, and a promise per file costs three times the CPU, and its garbage.
 */
const SYNC_SLICE = 256;
/**
 * Stats slower than this on average (over 64 or more) come from a file system answering in round trips (a
 * network mount, a cold disk): from then on they are made in parallel, where the waits overlap. A cached
 * local stat takes 2-30 µs, even on a busy machine.
 */
export const SLOW_STAT_MS = 0.5;
const JUDGED_AFTER = 64;
/**
 * Each slice starts with one stat made in the thread pool: a mount that hangs holds a pool thread, not the
 * event loop (the helper keeps answering). One that answers this slowly may be the file system's doing or
 * the machine's (a pool thread, or this one, waiting for a core: 3 of 4 reruns of 20,000 files had such a
 * probe, and went on at three times the CPU), so the next stat is made here and timed: slow too, the rest
 * go in parallel.
 */
const PROBE_SLOW_MS = 5;
/** Stats in flight at once, once in parallel. */
const PARALLEL_BATCH = 64;

/**
 * Each item's outcome, in order, handed to `visit` as it is known: by `sync`, a slice at a time between turns
 * of the event loop (the helper's other clients keep their turns), each slice after a first item by
 * `parallel` (then, if that was slow, one by `sync`, timed), until stats prove slow; from then on, for every later call too, by `parallel`, a batch at a time.
 */
export function adaptiveStats<T, R>(
  sync: (item: T) => R,
  parallel: (item: T) => Promise<R>,
  slowStatMs = SLOW_STAT_MS,
): (items: readonly T[], visit: (item: T, outcome: R) => void) => Promise<void> {
  let inParallel = false;
  let timed = 0;
  let timedMs = 0;
  return async (items, visit) => {
    let done = 0;
    while (done < items.length && !inParallel) {
      const probed = performance.now();
      visit(items[done]!, await parallel(items[done]!));
      done += 1;
      if (performance.now() - probed >= PROBE_SLOW_MS && done < items.length) {
        const confirmed = performance.now();
        visit(items[done]!, sync(items[done]!));
        done += 1;
        if (performance.now() - confirmed >= slowStatMs) {
          inParallel = true;
          break;
        }
      }
      const started = performance.now();
      const end = Math.min(items.length, done + SYNC_SLICE - 1);
      timed += end - done;
      for (; done < end; done += 1) visit(items[done]!, sync(items[done]!));
      timedMs += performance.now() - started;
      inParallel = timed >= JUDGED_AFTER && timedMs / timed >= slowStatMs;
      await new Promise((resolve) => setImmediate(resolve));
    }
    for (; done < items.length; done += PARALLEL_BATCH) {
      const batch = items.slice(done, done + PARALLEL_BATCH);
      const outcomes = await Promise.all(batch.map(parallel));
      batch.forEach((item, j) => {
        visit(item, outcomes[j]!);
      });
    }
  };
}
