import type { JobInfo } from '../../../src/protocol/messages';
import type { HelperConnection } from '../../connection/helperConnection';
import { isFinished } from '../../model/jobResult';

/**
 * The job, when it finished before its queueing was answered (a short job's events can come first); null
 * otherwise, or when the helper cannot say: its events then tell the rest.
 */
export async function finishedMeanwhile(connection: HelperConnection, jobId: number): Promise<JobInfo | null> {
  try {
    const job = (await connection.request('jobs', {})).jobs.find((j) => j.id === jobId);
    return job !== undefined && isFinished(job) ? job : null;
  } catch {
    return null;
  }
}
