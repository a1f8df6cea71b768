import type { ReportDocument } from './reportDocument';

/** The report as JSON, in pieces: each table row on its own line, the whole text never held at once. */
export function* reportJson(report: ReportDocument): Generator<string> {
  const { sections, ...head } = report;
  yield `${JSON.stringify(head).slice(0, -1)},"sections":[`;
  for (const [i, section] of sections.entries()) {
    const { table, ...rest } = section;
    yield `${i > 0 ? ',' : ''}\n${JSON.stringify(rest).slice(0, -1)}`;
    if (table !== undefined) {
      yield `,"table":{"columns":${JSON.stringify(table.columns)},"rows":[`;
      let first = true;
      for (const row of table.rows()) {
        yield `${first ? '' : ','}\n${JSON.stringify(row)}`;
        first = false;
      }
      yield ']}';
    }
    yield '}';
  }
  yield ']}\n';
}
