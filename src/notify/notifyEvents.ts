import type { JobInfo } from '../protocol/messages';
import type { EventSwitches } from './notificationSettings';

/** One thing that went wrong with one file. */
export interface FailedItem {
  path: string;
  destination: string | null;
  error: string;
}

/** A job's report: the file written in the reports folder (null when none was) and the helper's URL serving its HTML. */
export interface ReportLink {
  path: string | null;
  url: string;
}

/** A job as a notification tells it. */
export interface JobSummary {
  id: number;
  kind: string;
  title: string;
  state: string;
  error: string | null;
  files: number;
  failed: FailedItem[];
  report?: ReportLink;
}

/** A file or plan past its deadline, in words a user can act on. */
export interface OverdueItem {
  subject: string;
  reason: string;
}

/**
 * What other parts of the helper tell the notifier: a finished job (the queue), a failed scrub (the
 * scrubber), a failed drill (a drill job, or a scheduled one), items past their deadlines (the deadlines).
 */
export type NotifyEvent =
  | { type: 'job.failed'; job: JobSummary }
  | { type: 'job.finished'; job: JobSummary }
  | { type: 'scrub.failed'; destination: string | null; failures: FailedItem[]; report?: ReportLink }
  | { type: 'drill.failed'; jobId: number | null; error: string | null; failures: FailedItem[]; report?: ReportLink }
  | { type: 'overdue'; items: OverdueItem[] };

/**
 * The event a finished job gives: a failed drill or scrub is that one's failure, any other failure a failed
 * job; each with the job's report when one is given.
 */
export function eventOfJob(job: JobInfo, report?: ReportLink): NotifyEvent {
  const failed = job.result?.failed.map((f) => ({ path: f.path, destination: f.destination, error: f.error })) ?? [];
  const linked = report ? { report } : {};
  if (job.state === 'failed' && job.kind === 'drill') return { type: 'drill.failed', jobId: job.id, error: job.error, failures: failed, ...linked };
  if (job.state === 'failed' && job.kind === 'scrub') return { type: 'scrub.failed', destination: onlyDestination(failed), failures: failed, ...linked };
  const summary: JobSummary = {
    id: job.id,
    kind: job.kind,
    title: job.title,
    state: job.state,
    error: job.error,
    files: job.result?.files ?? 0,
    failed,
    ...linked,
  };
  return job.state === 'failed' ? { type: 'job.failed', job: summary } : { type: 'job.finished', job: summary };
}

/** The one destination every failure is on, or null (several, or none). */
function onlyDestination(failed: readonly FailedItem[]): string | null {
  const names = new Set(failed.map((f) => f.destination));
  return names.size === 1 ? [...names][0]! : null;
}

/** The report an event links to, if any. */
export function reportOf(event: NotifyEvent): ReportLink | undefined {
  switch (event.type) {
    case 'job.failed':
    case 'job.finished':
      return event.job.report;
    case 'scrub.failed':
    case 'drill.failed':
      return event.report;
    case 'overdue':
      return undefined;
  }
}

/** Whether the settings ask for this event. */
export function isWanted(on: EventSwitches, event: NotifyEvent): boolean {
  switch (event.type) {
    case 'job.failed':
      return on.failedJob;
    case 'job.finished':
      return on.everyJob;
    case 'scrub.failed':
      return on.failedScrub;
    case 'drill.failed':
      return on.failedDrill;
    case 'overdue':
      return on.overdue;
  }
}

/** Events of one key are grouped into one message: one job's repeated failures, one destination's scrub. */
export function groupKey(event: NotifyEvent): string {
  switch (event.type) {
    case 'job.failed':
    case 'job.finished':
      return `${event.type} ${event.job.kind} ${event.job.title}`;
    case 'scrub.failed':
      return `scrub.failed ${event.destination ?? ''}`;
    case 'drill.failed':
    case 'overdue':
      return event.type;
  }
}
