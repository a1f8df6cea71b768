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
}

const FINISHED: ReadonlySet<JobInfo['state']> = new Set(['succeeded', 'failed', 'cancelled', 'interrupted']);

export function isFinished(job: JobInfo): boolean {
  return FINISHED.has(job.state);
}

export function jobResultView(job: JobInfo): JobResultView {
  const failures = (job.result?.failed ?? []).map((f) => ({
    path: f.path,
    file: f.missed === undefined ? fileName(f.path) : `${f.missed.length} ${f.missed.length === 1 ? 'file' : 'files'}`,
    destination: f.destination,
    error: f.error,
  }));
  return { summary: `${stateSentence(job)}${doneSentence(job)}`, error: job.error, failures };
}

function stateSentence(job: JobInfo): string {
  const failed = job.result?.failed.length ?? 0;
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
 * names the destination, not a file: the files it did not receive are sent again.
 */
export function retryProject(job: JobInfo, project: HostProject): HostProject | null {
  return projectWithOnly(
    project,
    (job.result?.failed ?? []).flatMap((f) => f.missed ?? [f.path]),
  );
}
