import type { Workspace } from '../engine/workspace';
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
