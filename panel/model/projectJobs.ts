/** Jobs of the open project among the helper's: the one to show after the panel was hidden, the last one's report. */
import type { JobInfo } from '../../src/protocol/messages';
import { isFinished } from './jobResult';

const newest = (jobs: readonly JobInfo[]): JobInfo | null => jobs.reduce<JobInfo | null>((a, b) => (a === null || b.id > a.id ? b : a), null);

/** Whether a job worked on this project: a protect from the panel (titled by the project's name) or a plan's (naming its file). */
export function isProjectJob(job: JobInfo, projectName: string | null, projectPath: string | null): boolean {
  return (projectName !== null && job.title === projectName) || (projectPath !== null && job.title.endsWith(`: ${projectPath}`));
}

/** Of the jobs that ended while the panel was hidden, the one it shows: this project's newest, else the newest. */
export function missedJobToShow(missed: readonly JobInfo[], projectName: string | null, projectPath: string | null): JobInfo | null {
  return newest(missed.filter((j) => isProjectJob(j, projectName, projectPath))) ?? newest(missed);
}

/** The project's newest finished job (its report is the one the summary opens). */
export function lastProjectJob(jobs: readonly JobInfo[], projectName: string | null, projectPath: string | null): JobInfo | null {
  return newest(jobs.filter((j) => isFinished(j) && isProjectJob(j, projectName, projectPath)));
}
