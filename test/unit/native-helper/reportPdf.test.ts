import { Writable } from 'node:stream';
import type { ReportDocument } from '../../../src/reports/reportDocument';
import { writeReportPdf } from '../../../native-helper/reports/reportPdf';

const ROWS = 30_000;
/** Hex that compresses poorly, so the PDF is several MiB. */
const noise = (i: number, k: number): string => ((Math.imul(i + 1, 2654435761) ^ Math.imul(k, 40503)) >>> 0).toString(16).padStart(8, '0');

/** A report of `ROWS` files whose rows count how many were read. */
function countedReport(read: { rows: number }): ReportDocument {
  return {
    kind: 'certificate',
    title: 'T',
    generatedAt: '2026-12-08T00:00:00.000Z',
    facts: [],
    sections: [
      {
        id: 'files',
        title: 'Every file',
        table: {
          columns: ['File', 'xxh64'],
          count: ROWS,
          rows: function* () {
            for (let i = 0; i < ROWS; i += 1) {
              read.rows += 1;
              yield [
                `/Volumes/MEDIA/${noise(i, 1)}${noise(i, 2)}/A${String(i).padStart(6, '0')}_${noise(i, 3)}.mov`,
                `${noise(i, 4)}${noise(i, 5)}${noise(i, 6)}`,
              ];
            }
          },
        },
      },
    ],
    csvSection: 'files',
  };
}

describe('the PDF writer', () => {
  it('waits for a file that does not take its output, rather than holding the whole PDF in memory', async () => {
    const read = { rows: 0 };
    let written = 0;
    let release: (() => void) | undefined;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    // Takes its first 64 KiB, then nothing until released.
    const out = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _encoding, callback) {
        written += chunk.length;
        if (written < 64 * 1024) callback();
        else void blocked.then(() => callback());
      },
    });
    const done = writeReportPdf(countedReport(read), out);
    // The layout goes on until it stalls (no row read for a second) or has read every row.
    for (let last = -1; read.rows !== last && read.rows < ROWS; ) {
      last = read.rows;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    expect(read.rows).toBeGreaterThan(0);
    expect(read.rows).toBeLessThan(ROWS);
    release!();
    await done;
    expect(read.rows).toBe(ROWS);
    expect(written).toBeGreaterThan(2 * 1024 * 1024);
  });
});
