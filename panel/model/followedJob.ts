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

/** After a reconnect: a protect job of this project that is still queued or running. */
export function jobToFollow(jobs: readonly JobInfo[], projectName: string): JobInfo | null {
  const live = jobs.filter((j) => j.kind === 'protect' && j.title === projectName && (j.state === 'queued' || j.state === 'running'));
  return live.length === 0 ? null : live.reduce((a, b) => (b.id > a.id ? b : a));
}
