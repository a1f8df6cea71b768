import type { Catalog } from '../catalog/catalog';
import { isProcessAlive } from '../system/isProcessAlive';

/** What a job does; each kind has its engine, which runs its body through `runJob`. */
export type JobKind = 'protect' | 'verify' | 'restore' | 'rebuild' | 'drill' | 'scrub';

/** How a job ended, as the catalog records it. */
export type JobEnding = 'succeeded' | 'failed' | 'cancelled';

/** What a job's body amounts to once it is over: its tallies, and whether any of its work failed. */
export interface JobTally {
  files: number;
  bytes: number;
  failed: boolean;
}

export interface JobStart {
  kind: JobKind;
  targets: readonly string[];
  /** The catalog row of a job queued earlier (the helper's queue); a new row otherwise. */
  queuedJobId?: number | undefined;
  /** The job's cancel: a job stopped by it ends cancelled, whatever else happened. */
  signal?: AbortSignal | undefined;
}

/**
 * The one place a job starts and finishes, whatever its kind and whoever runs it (the CLI, the helper's
 * queue). Jobs that a dead process left queued or running are marked interrupted first; the job is then
 * running under this process until its body ends, and it ends cancelled, failed or succeeded with the
 * body's tallies. A body that throws ends the job failed (or cancelled), and the error goes on.
 */
export async function runJob<T>(
  catalog: Catalog,
  start: JobStart,
  body: (jobId: number) => Promise<T>,
  tally: (result: T) => JobTally,
): Promise<{ id: number; state: JobEnding; result: T }> {
  markInterruptedJobs(catalog);
  const id = catalog.jobs.start(start.kind, start.targets, start.queuedJobId);
  let result: T;
  try {
    result = await body(id);
  } catch (error) {
    endJobUnfinished(catalog, id, start.signal?.aborted === true);
    throw error;
  }
  const { files, bytes, failed } = tally(result);
  const state: JobEnding = start.signal?.aborted ? 'cancelled' : failed ? 'failed' : 'succeeded';
  catalog.jobs.finish(id, state, { files, bytes });
  return { id, state, result };
}

/** A job waiting its turn; `runJob` with its id starts it. */
export function queueJob(catalog: Catalog, kind: JobKind, targets: readonly string[], title: string): number {
  return catalog.jobs.queue(kind, targets, title);
}

/** A job that ends without its body's tallies: cancelled while queued, or stopped by an error. */
export function endJobUnfinished(catalog: Catalog, id: number, cancelled: boolean): void {
  catalog.jobs.finish(id, cancelled ? 'cancelled' : 'failed', { files: 0, bytes: 0 });
}

/** Jobs left queued or running by a process that no longer exists were interrupted (killed, crashed); returns how many. */
export function markInterruptedJobs(catalog: Catalog): number {
  return catalog.jobs.markInterrupted(isProcessAlive);
}
