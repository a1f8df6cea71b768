/**
 * What a report says, whatever it is rendered as (HTML, PDF, CSV, JSON): a title, facts, and sections of
 * facts, notes and tables. A table's rows are read when it is rendered, so a report of 100,000 files is
 * streamed from the catalog rather than held.
 */
export interface ReportFact {
  label: string;
  value: string;
}

export interface ReportTable {
  columns: readonly string[];
  /** How many rows `rows` gives (a count from the catalog, known before the rows are read). */
  count: number;
  /** Each call reads the rows again, from the start. */
  rows: () => Iterable<readonly string[]>;
  /**
   * For a page (PDF): consecutive rows with the same first cell are one record, which shows the `shared`
   * columns of its first row once and the `each` columns of every row; columns in neither are left to the
   * other formats (a location repeats the file's path). Without it, every column of every row.
   */
  group?: { shared: readonly number[]; each: readonly number[] };
}

export interface ReportSection {
  /** A short id, unique in the report (an HTML anchor). */
  id: string;
  title: string;
  facts?: readonly ReportFact[];
  notes?: readonly string[];
  table?: ReportTable;
}

export interface ReportDocument {
  /** `job`, `certificate`, `drill`: what the report is of. */
  kind: string;
  title: string;
  generatedAt: string;
  facts: readonly ReportFact[];
  sections: readonly ReportSection[];
  /** The id of the section whose table is the report's CSV (its every file). */
  csvSection: string;
}

export const REPORT_FORMATS = ['html', 'pdf', 'csv', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The section whose table is the CSV's rows; an empty table when it has none. */
export function csvTable(report: ReportDocument): ReportTable {
  const table = report.sections.find((s) => s.id === report.csvSection)?.table;
  return table ?? { columns: [], count: 0, rows: () => [] };
}
