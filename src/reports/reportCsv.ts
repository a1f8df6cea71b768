import { csvTable, type ReportDocument } from './reportDocument';

/** A byte-order mark first, so spreadsheet programs (Excel) read the file as UTF-8. */
const BOM = '\uFEFF';

/** One field by RFC 4180: quoted when it holds a quote, a comma, a CR or LF (or spaces at its ends), quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One record, CRLF-terminated as RFC 4180 says. */
export function csvRecord(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/** The report's table of every file as CSV, in pieces: the BOM, the header, then one record per row. */
export function* reportCsv(report: ReportDocument): Generator<string> {
  const table = csvTable(report);
  yield BOM + csvRecord(table.columns);
  for (const row of table.rows()) yield csvRecord(row);
}
