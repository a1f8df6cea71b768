import type { Workspace } from '../../engine/workspace';
import { writeJobReports } from '../../reports/jobReports';

/** A finished job's reports (config `reports`); one that cannot be written is a warning: the job's work stands. */
export async function writeReportsOf(ws: Workspace, jobId: number): Promise<void> {
  try {
    await writeJobReports(ws, jobId);
  } catch (error) {
    process.stderr.write(`threefold: warning: the report of job ${jobId} could not be written: ${(error as Error).message}\n`);
  }
}
