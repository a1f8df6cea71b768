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
  for (const format of settings.formats) {
    const file = jobReportFile(settings.folder, jobId, format);
    await saveReport(jobReportDocument(ws.catalog, jobId), format, file);
    written.push(file);
  }
  if (settings.formats.length > 0) await pruneReports(settings.folder, settings.keepDays);
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
