import { applyBandwidthLimit } from '../../engine/bandwidthLimit';
import type { ProgressSnapshot } from '../../engine/progress';
import { openWorkspace, type Workspace } from '../../engine/workspace';
import { writeJobReports } from '../../reports/jobReports';
import { progressDisplay } from '../render/progressBar';

/** A finished job's reports (config `reports`); one that cannot be written is a warning: the job's work stands. */
export async function writeReportsOf(ws: Workspace, jobId: number): Promise<void> {
  try {
    await writeJobReports(ws, jobId);
  } catch (error) {
    process.stderr.write(`threefold: warning: the report of job ${jobId} could not be written: ${(error as Error).message}\n`);
  }
}

/**
 * A copying job as `protect` and `restore` run it: the workspace opened under the bandwidth limit (the
 * option's, else the config's), a progress bar headed `progressVerb` (none without one), the job's reports
 * written once it ends, and the catalog closed whatever happens.
 */
export async function runCopyingJob<R extends { job: { id: number | null } }>(
  home: string | undefined,
  options: { bwlimit?: string | undefined; progressVerb?: string | undefined },
  run: (ws: Workspace, progress: { onProgress?: (s: ProgressSnapshot) => void }) => Promise<R>,
): Promise<R> {
  const ws = await openWorkspace(home);
  let display: ReturnType<typeof progressDisplay> | undefined;
  try {
    applyBandwidthLimit(options.bwlimit ?? ws.config.bwlimit);
    display = options.progressVerb === undefined ? undefined : progressDisplay(options.progressVerb);
    const report = await run(ws, display ? { onProgress: display.onProgress } : {});
    if (report.job.id !== null) await writeReportsOf(ws, report.job.id);
    return report;
  } finally {
    display?.stop();
    ws.catalog.close();
  }
}
