import { once } from 'node:events';
import fs from 'node:fs';
import type { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import type { ReportDocument, ReportFact, ReportTable } from '../../src/reports/reportDocument';
import { visualOrder } from '../../src/reports/visualOrder';

/**
 * Fonts that cover what file names hold beyond Latin-1 (Greek, Cyrillic, Hebrew, Arabic), where each system
 * keeps one. Lines of Latin-1 use Helvetica, built into every PDF reader: laid out from its metrics, many
 * times faster than a TrueType font, whose layouts pdfkit also keeps for every distinct word.
 */
const UNICODE_FONTS: readonly string[] = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
  '/System/Library/Fonts/Supplemental/Arial Unicode.ttf',
  '/System/Library/Fonts/Supplemental/Arial.ttf',
  'C:\\Windows\\Fonts\\arial.ttf',
];
/** What Helvetica's encoding (WinAnsi) holds: printable ASCII and Latin-1. */
const LATIN1 = /^[\n\x20-\x7E\xA0-\xFF]*$/;

const MARGIN = 50;
const BODY = 8;
const SMALL = 7;
/** Lines of one font laid out per call: pdfkit's cost is per call more than per line. */
const LINES_PER_CALL = 400;
/** Output pdfkit may hold for the file before the layout waits for the file to take it. */
const OUTPUT_BACKLOG_BYTES = 1024 * 1024;

/**
 * The report as a PDF (A4) written to `out` as its pages are made, whatever the number of rows: the title and
 * facts, then each section (a table's rows as records: the first cell on its line, the others beneath),
 * every page numbered, and a table of contents with each section's page at the end (and as bookmarks).
 */
export async function writeReportPdf(report: ReportDocument, out: NodeJS.WritableStream): Promise<void> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    info: { Title: report.title, Creator: 'Threefold', CreationDate: new Date(report.generatedAt) },
  });
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    doc.on('error', reject);
  });
  doc.pipe(out);
  const unicode = UNICODE_FONTS.find((f) => fs.existsSync(f));
  const width = doc.page.width - 2 * MARGIN;
  let page = 1;
  const footer = (): void => {
    const { x, y } = doc;
    // Writing below the bottom margin would add a page: the margin is lifted for the footer.
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(SMALL).fillColor('#555');
    doc.text(`page ${page}`, MARGIN, doc.page.height - MARGIN + 14, { width, align: 'center', lineBreak: false });
    doc.fillColor('black');
    doc.page.margins.bottom = MARGIN;
    doc.x = x;
    doc.y = y;
  };
  footer();
  // The text flowing onto the new page goes on in its font once the footer is written.
  let font = 'Helvetica';
  let fontSize = BODY;
  doc.on('pageAdded', () => {
    page += 1;
    footer();
    doc.font(font).fontSize(fontSize);
  });

  /** Lines at a size, each in Helvetica when it can be, else in the Unicode font; batched per font. */
  const lines = async (texts: Iterable<string>, size: number, bold = false): Promise<void> => {
    let batch: string[] = [];
    let batchLatin = true;
    let calls = 0;
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      font = batchLatin || unicode === undefined ? (bold ? 'Helvetica-Bold' : 'Helvetica') : unicode;
      fontSize = size;
      doc.font(font).fontSize(size).text(batch.join('\n'), MARGIN, doc.y, { width });
      batch = [];
      calls += 1;
      // pdfkit pushes its output whether or not the file keeps up: without waiting, a whole large PDF would wait in memory.
      while (doc.readableLength > OUTPUT_BACKLOG_BYTES) {
        await ((out as Writable).writableNeedDrain ? once(out, 'drain') : new Promise((resolve) => setImmediate(resolve)));
      }
      // Lets the event loop answer others while 100,000 rows are laid out.
      if (calls % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
    };
    for (const text of texts) {
      const line = visualOrder(text);
      const latin = LATIN1.test(line);
      if (latin !== batchLatin || batch.length >= LINES_PER_CALL) {
        await flush();
        batchLatin = latin;
      }
      batch.push(line);
    }
    await flush();
  };
  const factLines = (facts: readonly ReportFact[]): Iterable<string> => facts.map((f) => `${f.label}: ${f.value}`);

  await lines([report.title], 15, true);
  await lines([`Generated ${report.generatedAt} by Threefold. Contents: the last page.`], SMALL);
  doc.moveDown(0.6);
  await lines(factLines(report.facts), BODY);
  const sectionPages: number[] = [];
  for (const section of report.sections) {
    if (doc.y + 80 > doc.page.height - MARGIN) doc.addPage();
    else doc.moveDown(1);
    sectionPages.push(page);
    doc.outline.addItem(visualOrder(section.title));
    await lines([section.title], 12, true);
    doc.moveDown(0.3);
    await lines(factLines(section.facts ?? []), BODY);
    await lines(section.notes ?? [], BODY);
    if (section.table !== undefined) {
      doc.moveDown(0.3);
      await lines(records(section.table), BODY);
    }
  }
  doc.addPage();
  await lines(['Contents'], 12, true);
  doc.moveDown(0.3);
  await lines(
    report.sections.map((s, i) => `${s.title}: page ${sectionPages[i]}`),
    BODY,
  );
  doc.end();
  await done;
}

/** A table's rows as lines: each record's first cell, then its other columns labelled on the next line. */
function* records(table: ReportTable): Generator<string> {
  const { columns, group } = table;
  const label = (i: number, value: string): string => `${columns[i]}: ${value}`;
  const each = group?.each ?? columns.map((_, i) => i).slice(1);
  let key: string | undefined;
  let details: string[] = [];
  for (const row of table.rows()) {
    if (group === undefined || row[0] !== key) {
      if (key !== undefined) yield `      ${details.join('  ·  ')}`;
      key = row[0] ?? '';
      yield key;
      details = (group?.shared ?? []).flatMap((i) => (row[i] ? [label(i, row[i]!)] : []));
    }
    const cells = each.flatMap((i) => (row[i] ? [group === undefined ? label(i, row[i]!) : row[i]!] : []));
    details.push(group === undefined ? cells.join('  ·  ') : cells.join(', '));
  }
  if (key !== undefined) yield `      ${details.join('  ·  ')}`;
}
