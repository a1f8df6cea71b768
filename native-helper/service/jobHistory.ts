import type { JobInfo } from '../../src/protocol/messages';
import type { Catalog } from '../catalog/catalog';
import type { JobRow } from '../catalog/jobStore';

/** Jobs listed at most: the newest. */
export const JOB_HISTORY = 50;

/** A job as the catalog remembers it (run by the CLI, or by a helper before a restart). */
export function jobInfoFromRow(catalog: Catalog, row: JobRow): JobInfo {
  const finished = row.finishedAt !== null;
  const seconds = finished ? (Date.parse(row.finishedAt!) - Date.parse(row.startedAt)) / 1000 : 0;
  return {
    id: row.id,
    kind: row.kind === 'verify' ? 'verify' : 'protect',
    state: row.state,
    // A CLI job has no title; a verify of everything has no targets either.
    title: row.title ?? ((JSON.parse(row.targets) as string[]).join(', ') || 'everything'),
    createdAt: row.startedAt,
    finishedAt: row.finishedAt,
    progress: null,
    result: finished ? { files: row.files, bytes: row.bytes, seconds, upToDate: 0, failed: catalog.jobs.failures(row.id) } : null,
    error: row.state === 'interrupted' ? 'interrupted: the process running it stopped; protect again to finish (verified copies are kept)' : null,
  };
}
