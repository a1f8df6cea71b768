import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import type { ReportDocument, ReportFact } from '../../src/reports/reportDocument';
import { visualOrder } from '../../src/reports/visualOrder';

/**
 * Fonts that cover what file names hold beyond Latin-1 (accents, Greek, Cyrillic, Hebrew, Arabic), where each
 * system keeps one. Without any, the PDF falls back to Helvetica, which has Latin-1 only.
 */
const UNICODE_FONTS: ReadonlyArray<{ regular: string; bold: string }> = [
  { regular: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', bold: '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf' },
  { regular: '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf', bold: '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf' },
  { regular: '/System/Library/Fonts/Supplemental/Arial.ttf', bold: '/System/Library/Fonts/Supplemental/Arial Bold.ttf' },
  { regular: 'C:\\Windows\\Fonts\\arial.ttf', bold: 'C:\\Windows\\Fonts\\arialbd.ttf' },
];

const MARGIN = 50;
const BODY = 8.5;
const SMALL = 7.5;
const ROW_GAP = 3;

/**
 * The report as a PDF (A4), written to `out`: the title and facts on the first page with a table of contents
 * (each section's page), then each section, its table's rows one record each (the first cell in bold, the
 * others labelled beneath); page numbers on every page. Pages are kept until the end to number them.
 */
export async function writeReportPdf(report: ReportDocument, out: NodeJS.WritableStream): Promise<void> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: report.title, Creator: 'Threefold', CreationDate: new Date(report.generatedAt) },
  });
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    doc.on('error', reject);
  });
  doc.pipe(out);
  const font = UNICODE_FONTS.find((f) => fs.existsSync(f.regular) && fs.existsSync(f.bold));
  const regular = font?.regular ?? 'Helvetica';
  const bold = font?.bold ?? 'Helvetica-Bold';
  const width = doc.page.width - 2 * MARGIN;
  const bottom = (): number => doc.page.height - MARGIN - 14;

  doc.font(bold).fontSize(16).text(visualOrder(report.title), { width });
  doc.font(regular).fontSize(SMALL).fillColor('#555').text(`Generated ${report.generatedAt} by Threefold`, { width }).fillColor('black');
  doc.moveDown(0.6);
  facts(report.facts);
  doc.moveDown(0.6);
  doc.font(bold).fontSize(11).text('Contents', { width });
  doc.fontSize(BODY);
  const tocTop = doc.y;
  const tocLine = doc.currentLineHeight(true) + 2;
  doc.y = tocTop + tocLine * report.sections.length;
  const sectionPages: number[] = [];

  for (const section of report.sections) {
    if (doc.y + 60 > bottom()) doc.addPage();
    else doc.moveDown(1);
    sectionPages.push(pageNumber());
    doc.outline.addItem(section.title);
    doc.font(bold).fontSize(12).text(visualOrder(section.title), MARGIN, doc.y, { width });
    doc.moveDown(0.3);
    facts(section.facts ?? []);
    for (const note of section.notes ?? []) {
      doc.font(regular).fontSize(BODY).text(visualOrder(note), MARGIN, doc.y, { width });
      doc.moveDown(0.3);
    }
    if (section.table === undefined) continue;
    const [, ...labels] = section.table.columns;
    let rows = 0;
    for (const [cell = '', ...rest] of section.table.rows()) {
      const first = visualOrder(cell);
      const detail = visualOrder(rest.flatMap((value, i) => (value === '' ? [] : [`${labels[i]}: ${value}`])).join('   '));
      doc.font(bold).fontSize(BODY);
      const firstHeight = heightOf(first);
      doc.font(regular).fontSize(SMALL);
      const detailHeight = detail === '' ? 0 : heightOf(detail);
      if (doc.y + firstHeight + detailHeight > bottom()) doc.addPage();
      const y = doc.y;
      doc.font(bold).fontSize(BODY).text(first, MARGIN, y, { width });
      if (detail !== '')
        doc
          .font(regular)
          .fontSize(SMALL)
          .text(detail, MARGIN, y + firstHeight, { width });
      doc.y = y + firstHeight + detailHeight + ROW_GAP;
      rows += 1;
      // Lets the event loop answer others while 100,000 rows are laid out.
      if (rows % 2000 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  const range = doc.bufferedPageRange();
  doc.switchToPage(range.start);
  doc.font(regular).fontSize(BODY);
  report.sections.forEach((section, i) => {
    const y = tocTop + i * tocLine;
    doc.text(visualOrder(section.title), MARGIN, y, { width: width - 60, lineBreak: false, ellipsis: true });
    doc.text(String(sectionPages[i]), MARGIN + width - 50, y, { width: 50, align: 'right', lineBreak: false });
  });
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    // Writing below the bottom margin would add a page: the margin is lifted for the footer.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font(regular).fontSize(SMALL).fillColor('#555');
    doc.text(`${visualOrder(report.title)} · page ${i + 1} of ${range.count}`, MARGIN, doc.page.height - MARGIN + 10, {
      width,
      align: 'center',
      lineBreak: false,
    });
    doc.page.margins.bottom = margin;
  }
  doc.end();
  await done;

  function pageNumber(): number {
    const r = doc.bufferedPageRange();
    return r.start + r.count;
  }

  /** The height `text` takes at the current font across the page: measured only when it may wrap. */
  function heightOf(text: string): number {
    if (!text.includes('\n') && doc.widthOfString(text) <= width) return doc.currentLineHeight(true);
    return doc.heightOfString(text, { width });
  }

  function facts(list: readonly ReportFact[]): void {
    for (const f of list) {
      doc
        .font(bold)
        .fontSize(BODY)
        .text(`${visualOrder(f.label)}: `, MARGIN, doc.y, { width, continued: true });
      doc.font(regular).text(visualOrder(f.value));
    }
  }
}
