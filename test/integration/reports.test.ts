import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { protect } from '../../native-helper/engine/protect';
import { drill } from '../../native-helper/engine/restore/drill';
import { launchChromium, saveScreenshot } from '../helpers/browser';
import { runCliAsync } from '../helpers/cli';
import { pseudoRandomBytes, writeFile } from '../helpers/tempDir';
import { useTempWorkspace } from '../helpers/workspace';

const t = useTempWorkspace();
const cli = (args: string[]) => runCliAsync(t.ws.home, args);

/** Names that break careless renderers: quotes, commas, a newline, markup, right-to-left marks, 250 bytes of UTF-8. */
const HOSTILE_NAMES = [
  'A001 "take 2", final.mov',
  'line\nbreak.mov',
  '<script>alert(1)</script>.mov',
  'שלום\u200F\u202Eclip.mov',
  `${'ä'.repeat(123)}.mov`,
  'plain.wav',
];

/** Three destinations on two kinds of media, one offsite: every protected file is 3-2-1. */
async function protectHostileNames(): Promise<Array<{ path: string; xxh64: string; size: number }>> {
  await t.reopen(t.dir, [
    { name: 'raid', media: 'raid' },
    { name: 'shuttle', media: 'hdd' },
    { name: 'vault', media: 'hdd', offsite: true },
  ]);
  for (const [i, name] of HOSTILE_NAMES.entries()) writeFile(path.join(t.ws.source, name), pseudoRandomBytes(1000 + i * 777, i + 1));
  expect((await protect(t.ws, { targets: [t.ws.source] })).job.failed).toEqual([]);
  const assets = t.ws.catalog.assets.list({ kind: 'all' });
  expect(assets).toHaveLength(HOSTILE_NAMES.length);
  return assets.map((a) => ({ path: a.path, xxh64: a.xxh64, size: a.size }));
}

/** Text without whitespace or bidirectional marks: how a name wrapped across PDF lines is compared. */
const squeezed = (text: string): string => text.replace(/[\s\u200E\u200F\u202A-\u202E]/g, '');

/** Rows parsed back by Python's csv module (an independent RFC 4180 reader), the BOM removed by utf-8-sig. */
function parseCsv(file: string): string[][] {
  const script = 'import csv,json,sys\nwith open(sys.argv[1], newline="", encoding="utf-8-sig") as f: print(json.dumps(list(csv.reader(f))))';
  return JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' })) as string[][];
}

describe('threefold report', () => {
  it('writes a PDF of the last job that lists every file with the hashes the catalog holds', async () => {
    const assets = await protectHostileNames();
    const out = path.join(t.dir, 'last.pdf');
    const r = await cli(['report', 'last', '--format', 'pdf', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(fs.readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', out, '-'], { encoding: 'utf8' });
    const flat = squeezed(text);
    for (const a of assets) {
      expect(flat).toContain(squeezed(a.path));
      expect(text).toContain(a.xxh64);
    }
    // Each file went to three destinations, each copy read back from the medium or the cache.
    expect(flat.match(/(raid|shuttle|vault),readbackfromthe(medium|cache)/g)?.length).toBe(assets.length * 3);
    expect(text).toMatch(/Contents\s+Destinations: page 1\s+Failures \(0\): page \d+\s+Every file \(18 entries: one per file and destination\): page \d+/);
    expect(text).toMatch(/page 1\n/);
    expect(text).toMatch(/ascmhl\/0001_/);
    const png = path.join(t.dir, 'page');
    execFileSync('pdftoppm', ['-r', '40', '-f', '1', '-l', '1', '-png', out, png]);
    expect(fs.readdirSync(t.dir).some((f) => f.startsWith('page') && f.endsWith('.png'))).toBe(true);
  });

  it('writes a CSV an independent parser reads back, every name and hash intact', async () => {
    const assets = await protectHostileNames();
    const out = path.join(t.dir, 'job.csv');
    expect((await cli(['report', 'last', '--out', out])).code).toBe(0);
    expect(fs.readFileSync(out).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const [header, ...rows] = parseCsv(out);
    expect(header).toEqual(['File', 'Size (bytes)', 'xxh64', 'Destination', 'Location', 'Verification', 'State', 'Reason']);
    expect(rows).toHaveLength(assets.length * 3);
    for (const a of assets) {
      const mine = rows.filter((row) => row[0] === a.path);
      expect(mine.map((row) => row[3]).sort()).toEqual(['raid', 'shuttle', 'vault']);
      for (const row of mine) expect(row.slice(1, 3)).toEqual([String(a.size), a.xxh64]);
    }
  });

  it('writes self-contained HTML that Chromium shows with every name as text, fetching nothing', async () => {
    const assets = await protectHostileNames();
    const out = path.join(t.dir, 'job.html');
    expect((await cli(['report', 'last', '--format', 'html', '--out', out])).code).toBe(0);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      await page.goto(`file://${out}`);
      const cells = await page.$$eval('#files tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
      expect(await page.evaluate(() => document.scripts.length)).toBe(0);
      expect(requests).toEqual([`file://${out}`]);
      for (const a of assets) {
        const mine = cells.filter((row) => row[0] === a.path);
        expect(mine).toHaveLength(3);
        for (const row of mine) expect(row[2]).toBe(a.xxh64);
      }
      await saveScreenshot(page, 'job-report');
    } finally {
      await browser.close();
    }
  });

  it('keeps names that read as formulas as text in the CSV: every name whole, no cell a spreadsheet would run', async () => {
    const names = ['=HYPERLINK("http:evil.test","open").mov', '@SUM(A1).mov', '+cmd.mov', '-2+3.mov'];
    for (const [i, name] of names.entries()) writeFile(path.join(t.ws.source, name), pseudoRandomBytes(500 + i, 40 + i));
    expect((await protect(t.ws, { targets: [t.ws.source] })).job.failed).toEqual([]);
    const paths = names.map((name) => path.join(t.ws.source, name)).sort();
    const job = path.join(t.dir, 'job.csv');
    const certificate = path.join(t.dir, 'certificate.csv');
    expect((await cli(['report', 'last', '--out', job])).code).toBe(0);
    expect((await cli(['report', '--project', t.ws.source, '--out', certificate])).code).toBe(0);
    for (const file of [job, certificate]) {
      const [, ...rows] = parseCsv(file);
      expect([...new Set(rows.map((row) => row[0]))].sort()).toEqual(paths);
      for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }
  });

  it('certifies a folder: every file 3-2-1, with its copies, in HTML, PDF and CSV', async () => {
    const assets = await protectHostileNames();
    const csv = path.join(t.dir, 'certificate.csv');
    expect((await cli(['report', '--project', t.ws.source, '--out', csv])).code).toBe(0);
    const [header, ...rows] = parseCsv(csv);
    expect(header).toEqual(['File', 'Size (bytes)', 'xxh64', 'State', '3-2-1', 'Copies', 'Problem']);
    expect(rows.map((row) => [row[0], row[2], row[3]]).sort()).toEqual(assets.map((a) => [a.path, a.xxh64, 'protected']).sort());
    for (const row of rows) {
      expect(row[5]).toMatch(
        /^raid \(raid, onsite\): .*\nshuttle \(hdd, onsite\): .*\nvault \(hdd, offsite\): .*verified \d{4}-.* from the (medium|cache); last drill never$/s,
      );
    }

    const pdf = path.join(t.dir, 'certificate.pdf');
    expect((await cli(['report', '--project', t.ws.source, '--out', pdf])).code).toBe(0);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
    expect(text).toMatch(/every file is 3-2-1/);
    for (const a of assets) expect(squeezed(text)).toContain(squeezed(a.path));
  });

  it('says what is at risk and why when a file lacks its copies', async () => {
    await protectHostileNames();
    writeFile(path.join(t.ws.source, 'new take.mov'), pseudoRandomBytes(500, 99));
    const r = await cli(['report', '--project', t.ws.source, '--format', 'json', '--out', '-']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { facts: Array<{ label: string; value: string }>; sections: Array<{ id: string; table?: { rows: string[][] } }> };
    expect(report.facts.find((f) => f.label === 'Verdict')?.value).toBe(`1 of ${HOSTILE_NAMES.length + 1} files are at risk`);
    const atRisk = report.sections.find((s) => s.id === 'at-risk')!.table!.rows;
    expect(atRisk).toEqual([[path.join(t.ws.source, 'new take.mov'), 'unprotected', expect.any(String)]]);
  });

  it('writes each job’s HTML report to the reports folder, and removes reports older than the days kept', async () => {
    const folder = path.join(t.ws.home, 'reports');
    const old = writeFile(path.join(folder, 'job-999.html'), 'old');
    const recent = writeFile(path.join(folder, 'job-998.html'), 'recent');
    const partial = writeFile(path.join(folder, 'job-997.pdf.partial'), 'a killed write');
    const other = writeFile(path.join(folder, 'notes.txt'), 'not a report');
    const daysAgo = (days: number): Date => new Date(Date.now() - days * 24 * 3600 * 1000);
    for (const f of [old, partial, other]) fs.utimesSync(f, daysAgo(91), daysAgo(91));
    fs.utimesSync(recent, daysAgo(89), daysAgo(89));
    const clip = writeFile(path.join(t.ws.source, 'A<1>.mov'), pseudoRandomBytes(3000, 5));
    expect((await cli(['protect', t.ws.source])).code).toBe(0);
    const id = t.ws.catalog.reports.lastFinishedJobId();
    const html = fs.readFileSync(path.join(folder, `job-${id}.html`), 'utf8');
    expect(html).toContain(clip.replace('<', '&lt;').replace('>', '&gt;'));
    expect(fs.statSync(path.join(folder, `job-${id}.html`)).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(old)).toBe(false);
    expect(fs.existsSync(partial)).toBe(false);
    expect(fs.existsSync(recent)).toBe(true);
    expect(fs.existsSync(other)).toBe(true);
  });

  it('reports a drill: what was sampled from each destination, and what came back', async () => {
    const assets = await protectHostileNames();
    const drilled = await drill(t.ws, { files: 4, seed: 7 });
    expect(drilled.job.state).toBe('succeeded');
    const r = await cli(['report', 'last', '--format', 'json', '--out', '-']);
    const report = JSON.parse(r.stdout) as {
      title: string;
      sections: Array<{ id: string; facts?: Array<{ label: string; value: string }>; table?: { rows: string[][] } }>;
    };
    expect(report.title).toBe(`Threefold drill report: job ${drilled.job.id}`);
    const section = report.sections.find((s) => s.id === 'drill')!;
    expect(section.facts).toContainEqual({ label: 'Sampled', value: expect.stringMatching(/^4 files, /) });
    const rows = report.sections.find((s) => s.id === 'files')!.table!.rows;
    expect(rows.map((row) => [row[0], row[3], row[5]]).sort()).toEqual(
      drilled.files.map((f) => [f.path, f.destination, 'restored, read back and hashed equal']).sort(),
    );
    for (const row of rows) expect(assets.map((a) => a.path)).toContain(row[0]);
  });

  it('refuses what it cannot report with a usage error', async () => {
    expect((await cli(['report', 'last'])).code).toBe(2);
    expect((await cli(['report', '12x'])).stderr).toMatch(/give a job number/);
    expect((await cli(['report'])).code).toBe(2);
    expect((await cli(['report', 'last', '--format', 'docx'])).stderr).toMatch(/--format docx/);
  });
});
