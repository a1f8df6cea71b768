/** The job the panel follows (the one it started, or found running for its project), kept up by events. */
import type { HelperEvent, JobInfo } from '../../src/protocol/messages';

export function followJob(current: JobInfo | null, event: HelperEvent): JobInfo | null {
  if (current === null) return null;
  switch (event.type) {
    case 'job.state':
    case 'job.finished':
      if (event.job.id !== current.id) return current;
      // A state event may be older than the progress already seen (it carries the progress of its time).
      return { ...event.job, progress: event.job.progress ?? current.progress };
    case 'job.progress':
      if (event.jobId !== current.id) return current;
      return { ...current, state: current.state === 'queued' ? 'running' : current.state, progress: event.progress };
    default:
      return current;
  }
}

type JobEvent = Extract<HelperEvent, { type: 'job.state' | 'job.progress' | 'job.finished' }>;

/** Events kept at most for jobs not followed (yet): the newest. */
export const EARLY_EVENTS = 100;

/** The followed job, and the recent events of other jobs: a protect's first events can come before its answer. */
export interface FollowedJob {
  job: JobInfo | null;
  early: readonly JobEvent[];
}

export const NOT_FOLLOWING: FollowedJob = { job: null, early: [] };

const eventJobId = (event: JobEvent): number => (event.type === 'job.progress' ? event.jobId : event.job.id);

/** An event applied to the followed job, or kept for a job that may be followed next. */
export function followEvent(state: FollowedJob, event: HelperEvent): FollowedJob {
  if (event.type !== 'job.state' && event.type !== 'job.progress' && event.type !== 'job.finished') return state;
  if (state.job !== null && eventJobId(event) === state.job.id) return { ...state, job: followJob(state.job, event) };
  return { ...state, early: [...state.early, event].slice(-EARLY_EVENTS) };
}

/** Follows `job` (a protect's answer, a job found after a reconnect), with the events of it that came first. */
export function startFollowing(state: FollowedJob, job: JobInfo): FollowedJob {
  const own = state.early.filter((e) => eventJobId(e) === job.id);
  return { job: own.reduce<JobInfo>((j, e) => followJob(j, e) ?? j, job), early: state.early.filter((e) => eventJobId(e) !== job.id) };
}

/** After a reconnect: a protect job of this project that is still queued or running. */
export function jobToFollow(jobs: readonly JobInfo[], projectName: string): JobInfo | null {
  const live = jobs.filter((j) => j.kind === 'protect' && j.title === projectName && (j.state === 'queued' || j.state === 'running'));
  return live.length === 0 ? null : live.reduce((a, b) => (b.id > a.id ? b : a));
}
