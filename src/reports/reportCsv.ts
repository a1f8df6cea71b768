import { csvTable, type ReportDocument } from './reportDocument';

/** A byte-order mark first, so spreadsheet programs (Excel) read the file as UTF-8. */
const BOM = '\uFEFF';

/**
 * What a spreadsheet reads as the start of a formula (OWASP's CSV injection list: = + - @ TAB CR), and the
 * guard's own mark, so that the guard can be undone: a value that starts with one gets a ' before it.
 */
const FORMULA_START = /^[=+\-@\t\r']/;

/**
 * One field by RFC 4180: quoted when it holds a quote, a comma, a CR or LF (or spaces at its ends), quotes
 * doubled; a value a spreadsheet would run as a formula is kept as text by a leading ' (see DESIGN.md).
 */
export function csvField(value: string): string {
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
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
