import type { Workspace } from '../engine/workspace';
import fs from 'node:fs';
import { UserError } from '../errors';
import { jobReportDocument } from './jobReportDocument';
import { jobReportFile, pruneReports, reportSettings } from './reportFiles';
import { saveReport } from './writeReport';

/**
 * A finished job's report in each configured format (HTML by default), in the reports folder; reports older
 * than the days kept are removed. Returns the files written. A report that cannot be written is the caller's
 * warning: the job's work stands.
 */
export async function writeJobReports(ws: Workspace, jobId: number): Promise<string[]> {
  const settings = reportSettings(ws.config, ws.home);
  const written: string[] = [];
  if (settings.formats.length === 0) return written;
  // Its totals are read once; each format reads the rows again as it writes them.
  const report = jobReportDocument(ws.catalog, jobId);
  for (const format of settings.formats) {
    const file = jobReportFile(settings.folder, jobId, format);
    await saveReport(report, format, file);
    written.push(file);
  }
  await pruneReports(settings.folder, settings.keepDays);
  return written;
}

/** A finished job's HTML report, written now if it is not in the reports folder (not configured, or pruned). */
export async function jobHtmlReport(ws: Workspace, jobId: number): Promise<string> {
  const job = ws.catalog.reports.job(jobId);
  if (job === undefined) throw new UserError(`there is no job ${jobId} in this catalog`);
  if (job.finishedAt === null) throw new UserError(`job ${jobId} has not finished: its report follows when it ends`);
  const file = jobReportFile(reportSettings(ws.config, ws.home).folder, jobId, 'html');
  if (!fs.existsSync(file)) await saveReport(jobReportDocument(ws.catalog, jobId), 'html', file);
  return file;
}
