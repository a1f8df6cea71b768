import fsp from 'node:fs/promises';
import path from 'node:path';
import type { ReportFormat } from '../../src/reports/reportDocument';
import type { ThreefoldConfig } from '../config/config';

/** What the config says of reports, with the defaults: HTML in `<home>/reports`, kept 90 days. */
export interface ReportSettings {
  folder: string;
  formats: readonly ReportFormat[];
  keepDays: number;
}

export function reportSettings(config: ThreefoldConfig, home: string): ReportSettings {
  const { dir, formats = ['html'], keepDays = 90 } = config.reports ?? {};
  return { folder: dir === undefined ? path.join(home, 'reports') : path.resolve(home, dir), formats, keepDays };
}

/** A job's report file: `job-12.html`. */
export function jobReportFile(folder: string, jobId: number, format: ReportFormat): string {
  return path.join(folder, `job-${jobId}.${format}`);
}

/** A certificate's file: named by what it certifies and when, to the second (UTC). */
export function certificateFile(folder: string, name: string, at: Date, format: ReportFormat): string {
  const safe =
    name
      .replace(/[^\p{L}\p{N}._-]+/gu, '-')
      .replace(/^[-.]+|-+$/g, '')
      .slice(0, 80) || 'catalog';
  return path.join(folder, `certificate-${safe}-${at.toISOString().replace(/[:]/g, '').slice(0, 17)}Z.${format}`);
}

/** Removes the reports in the folder older than `keepDays` (by their mtime), and partial ones a killed write left; returns how many. */
export async function pruneReports(folder: string, keepDays: number, now: Date = new Date()): Promise<number> {
  const entries = await fsp.readdir(folder, { withFileTypes: true }).catch(() => []);
  const oldest = now.getTime() - keepDays * 24 * 3600 * 1000;
  let removed = 0;
  for (const entry of entries) {
    if (!entry.isFile() || !/^(job|certificate)-.*\.(html|pdf|csv|json)(\.partial)?$/.test(entry.name)) continue;
    const file = path.join(folder, entry.name);
    const st = await fsp.stat(file).catch(() => undefined);
    if (st !== undefined && st.mtimeMs < oldest) {
      await fsp.rm(file, { force: true });
      removed += 1;
    }
  }
  return removed;
}
