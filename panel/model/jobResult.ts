/** What a finished job says: what was done, what failed and why, and what "Retry failures" sends again. */
import { formatBytes, formatDuration } from '../../src/format/formatBytes';
import type { HostProject, JobInfo } from '../../src/protocol/messages';
import { fileName } from './clipRows';
import { projectWithOnly } from './hostProject';

export interface JobFailureView {
  path: string;
  /** The file's name, or for a whole destination that failed, how many files it did not receive. */
  file: string;
  /** null when the source itself could not be read. */
  destination: string | null;
  error: string;
}

export interface JobResultView {
  /** One sentence: "12 files copied (4.2 GB) in 35.0s · 3 up to date". */
  summary: string;
  /** Why the whole job could not run, when it could not. */
  error: string | null;
  failures: JobFailureView[];
  /** Failures of media the project shows offline: warnings, since no copy could be made of a file that is not there. */
  offline: JobFailureView[];
  /** Nothing failed but offline media: the job did what it could. */
  done: boolean;
}

const FINISHED: ReadonlySet<JobInfo['state']> = new Set(['succeeded', 'failed', 'cancelled', 'interrupted']);

export function isFinished(job: JobInfo): boolean {
  return FINISHED.has(job.state);
}

const NO_PATHS: ReadonlySet<string> = new Set();

export function jobResultView(job: JobInfo, offlinePaths: ReadonlySet<string> = NO_PATHS): JobResultView {
  const all = (job.result?.failed ?? []).map((f) => ({
    path: f.path,
    file: f.missed === undefined ? fileName(f.path) : `${f.missed.length} ${f.missed.length === 1 ? 'file' : 'files'}`,
    destination: f.destination,
    error: f.error,
  }));
  const offline = all.filter((f, i) => isOfflineFailure(f, offlinePaths) && all.findIndex((g) => g.path === f.path) === i);
  const failures = all.filter((f) => !isOfflineFailure(f, offlinePaths));
  const done = job.state === 'failed' && job.result !== null && failures.length === 0 && offline.length > 0;
  const offlineClips = `${offline.length} ${offline.length === 1 ? 'clip' : 'clips'} offline`;
  const alsoOffline = offline.length > 0 && job.result !== null ? ` · ${offlineClips}` : '';
  const summary = done ? `Done, ${offlineClips}${doneSentence(job)}` : `${stateSentence(job, failures.length)}${alsoOffline}${doneSentence(job)}`;
  return { summary, error: job.error, failures, offline, done };
}

/** The source could not be read (no destination named) and the host shows it offline: the file is not there to copy. */
function isOfflineFailure(failure: { path: string; destination: string | null }, offlinePaths: ReadonlySet<string>): boolean {
  return failure.destination === null && offlinePaths.has(failure.path);
}

/** The project's media that the host shows offline. */
export function offlineMedia(project: HostProject | null): ReadonlySet<string> {
  return new Set((project?.media ?? []).filter((m) => m.offline).map((m) => m.path));
}

function stateSentence(job: JobInfo, failed: number): string {
  switch (job.state) {
    case 'succeeded':
      return 'Protected';
    case 'failed':
      if (job.error !== null && job.result === null) return 'Could not protect';
      return `Finished with ${failed} ${failed === 1 ? 'failure' : 'failures'}`;
    case 'cancelled':
      return 'Cancelled';
    case 'interrupted':
      return 'Interrupted (the helper stopped): protect again to finish';
    case 'queued':
      return 'Waiting for another job';
    case 'running':
      return 'Protecting';
  }
}

function doneSentence(job: JobInfo): string {
  const r = job.result;
  if (r === null) return '';
  const files = `${r.files} ${r.files === 1 ? 'file' : 'files'} copied (${formatBytes(r.bytes)}) in ${formatDuration(r.seconds)}`;
  const upToDate = r.upToDate > 0 ? ` · ${r.upToDate} up to date` : '';
  return `: ${files}${upToDate}`;
}

/**
 * The project narrowed to the files that failed, or null when nothing failed. A whole destination's failure
 * names the destination, not a file: the files it did not receive are sent again. Offline media are not
 * retried (they are not there).
 */
export function retryProject(job: JobInfo, project: HostProject): HostProject | null {
  const offline = offlineMedia(project);
  return projectWithOnly(
    project,
    (job.result?.failed ?? []).filter((f) => !isOfflineFailure(f, offline)).flatMap((f) => f.missed ?? [f.path]),
  );
}
