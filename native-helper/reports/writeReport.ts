import { once } from 'node:events';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { reportCsv } from '../../src/reports/reportCsv';
import type { ReportDocument, ReportFormat } from '../../src/reports/reportDocument';
import { reportHtml } from '../../src/reports/reportHtml';
import { reportJson } from '../../src/reports/reportJson';
import { describeFsError, UserError } from '../errors';
import { writeReportPdf } from './reportPdf';

/** Pieces are joined up to about this many characters per write. */
const WRITE_CHARS = 64 * 1024;

/** Writes the report in a format to a stream, waiting whenever it is full; the stream is ended. */
export async function writeReport(report: ReportDocument, format: ReportFormat, out: NodeJS.WritableStream): Promise<void> {
  if (format === 'pdf') return writeReportPdf(report, out);
  const pieces = format === 'html' ? reportHtml(report) : format === 'csv' ? reportCsv(report) : reportJson(report);
  let pending = '';
  for (const piece of pieces) {
    pending += piece;
    if (pending.length >= WRITE_CHARS) {
      if (!out.write(pending)) await once(out, 'drain');
      pending = '';
    }
  }
  const finished = once(out, 'finish');
  out.end(pending);
  await finished;
}

/**
 * Writes the report to `file`: first to a partial file beside it, renamed into place once whole. Only its
 * owner may read it: a report lists every file and where its copies are, as the catalog does. A file-system
 * failure (no such folder, permission denied, disk full) is a UserError that names the file.
 */
export async function saveReport(report: ReportDocument, format: ReportFormat, file: string): Promise<void> {
  try {
    await fsp.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  } catch (error) {
    throw writeFailure(file, error);
  }
  const partial = `${file}.partial`;
  const out = fs.createWriteStream(partial, { mode: 0o600 });
  try {
    await Promise.race([writeReport(report, format, out), once(out, 'error').then(([error]) => Promise.reject(error))]);
    await fsp.rename(partial, file);
  } catch (error) {
    out.destroy();
    await fsp.rm(partial, { force: true });
    throw writeFailure(file, error);
  }
}

/** A file-system failure as a plain message that names the report; any other (the catalog's SQLITE_…) as it is. */
function writeFailure(file: string, error: unknown): unknown {
  if (!/^E[A-Z]+$/.test((error as NodeJS.ErrnoException)?.code ?? '')) return error;
  return new UserError(`cannot write the report ${file}: ${describeFsError(error)}`);
}
