import type { ReportDocument, ReportFact, ReportSection } from './reportDocument';

/** Text as HTML text or attribute value: every name is shown as written, never read as markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Inline: a report is one file, opened anywhere, that fetches nothing. */
const STYLE = `
body { font: 13px/1.45 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1a1a1a; margin: 2em auto; max-width: 70em; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { font-size: 1.2em; margin-top: 1.8em; border-bottom: 1px solid #ccc; }
dl { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1.2em; } dt { color: #555; } dd { margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: 0.92em; } th, td { text-align: left; vertical-align: top; padding: 0.25em 0.5em; border-bottom: 1px solid #e3e3e3; }
th { background: #f2f2f2; } td { overflow-wrap: anywhere; white-space: pre-wrap; } .hash { font-family: ui-monospace, Menlo, Consolas, monospace; }
nav ol { padding-left: 1.4em; } .generated { color: #555; }
@media print { body { margin: 0; max-width: none; } thead { display: table-header-group; } tr { break-inside: avoid; } h2 { break-after: avoid; } }
`;

/** The report as one self-contained HTML page, in pieces (a table of 100,000 rows is never one string). */
export function* reportHtml(report: ReportDocument): Generator<string> {
  yield `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">`;
  yield `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`;
  yield `<title>${escapeHtml(report.title)}</title><style>${STYLE}</style></head><body>\n`;
  yield `<h1>${escapeHtml(report.title)}</h1>\n<p class="generated">Generated ${escapeHtml(report.generatedAt)} by Threefold</p>\n`;
  yield factList(report.facts);
  yield `<nav><h2>Contents</h2><ol>${report.sections.map((s) => `<li><a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a></li>`).join('')}</ol></nav>\n`;
  for (const section of report.sections) yield* sectionHtml(section);
  yield `</body></html>\n`;
}

function factList(facts: readonly ReportFact[]): string {
  if (facts.length === 0) return '';
  return `<dl>${facts.map((f) => `<dt>${escapeHtml(f.label)}</dt><dd>${escapeHtml(f.value)}</dd>`).join('')}</dl>\n`;
}

function* sectionHtml(section: ReportSection): Generator<string> {
  yield `<section id="${escapeHtml(section.id)}"><h2>${escapeHtml(section.title)}</h2>\n`;
  yield factList(section.facts ?? []);
  for (const note of section.notes ?? []) yield `<p>${escapeHtml(note)}</p>\n`;
  const table = section.table;
  if (table !== undefined) {
    const hashColumns = new Set(table.columns.flatMap((c, i) => (/xxh64/i.test(c) ? [i] : [])));
    yield `<table><thead><tr>${table.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>\n`;
    let rows = '';
    for (const row of table.rows()) {
      rows += `<tr>${row.map((cell, i) => `${hashColumns.has(i) ? '<td class="hash">' : '<td>'}${escapeHtml(cell)}</td>`).join('')}</tr>\n`;
      if (rows.length > 64 * 1024) {
        yield rows;
        rows = '';
      }
    }
    yield `${rows}</tbody></table>\n`;
  }
  yield `</section>\n`;
}
