import type { JobInfo } from '../../src/protocol/messages';
import type { Catalog } from '../catalog/catalog';
import type { JobRow } from '../catalog/jobStore';

const KINDS: ReadonlyArray<JobInfo['kind']> = ['protect', 'verify', 'restore', 'rebuild', 'drill', 'scrub'];

/** Jobs listed at most: the newest. */
export const JOB_HISTORY = 50;

/** A job as the catalog remembers it (run by the CLI, or by a helper before a restart). */
export function jobInfoFromRow(catalog: Catalog, row: JobRow): JobInfo {
  const finished = row.finishedAt !== null;
  const seconds = finished ? (Date.parse(row.finishedAt!) - Date.parse(row.startedAt)) / 1000 : 0;
  return {
    id: row.id,
    kind: KINDS.find((k) => k === row.kind) ?? 'protect',
    state: row.state,
    // A CLI job has no title; a verify of everything has no targets either.
    title: row.title ?? ((JSON.parse(row.targets) as string[]).join(', ') || 'everything'),
    createdAt: row.startedAt,
    finishedAt: row.finishedAt,
    progress: null,
    result: finished ? { files: row.files, bytes: row.bytes, seconds, upToDate: 0, failed: catalog.jobs.failures(row.id) } : null,
    error: row.state === 'interrupted' ? interruptedMessage(row.kind) : null,
  };
}

/** What to do about a job whose process stopped: run it again, which finishes what is left. */
function interruptedMessage(kind: string): string {
  if (kind === 'rebuild') return 'interrupted: the process running it stopped; rebuild again (what was learnt is kept)';
  if (kind === 'drill') return 'interrupted: the process running it stopped; run the drill again';
  if (kind === 'scrub') return 'interrupted: the process running it stopped; the next scrub goes on from the oldest copy left';
  if (kind === 'restore') return 'interrupted: the process running it stopped; restore again to finish (restored files are kept)';
  return 'interrupted: the process running it stopped; protect again to finish (verified copies are kept)';
}
