import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatBytes } from '../src/format/formatBytes';
import { saveConfig, loadConfig } from '../native-helper/config/config';
import { writePremiereProject } from '../native-helper/demo/premiereProjectWriter';
import { measure, median, type Measurement } from './measure';

/**
 * `npm run bench`: each figure next to a baseline measured in the same run on the same files, since this
 * machine is shared and noisy; ratios are what to compare between runs. Results go to BENCHMARKS.md.
 */
const RUNS = 3;
const SCAN_MEDIA = 100_000;
const COPY_FILES = 8;
const COPY_FILE_BYTES = 128 * 1024 * 1024;
const node = process.execPath;
const child = (name: string): string => path.join(__dirname, `${name}.js`);

interface Row {
  name: string;
  ours: Measurement;
  baseline: Measurement;
  baselineName: string;
  target: string;
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'threefold-bench-'));
  try {
    const rows = [await benchScan(root), await benchProtect(root)];
    const report = renderReport(rows);
    fs.writeFileSync(path.resolve(__dirname, '../../BENCHMARKS.md'), report);
    process.stdout.write(report);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** Scan of a project with 100,000 media, all present, against only decompressing the same project. */
async function benchScan(root: string): Promise<Row> {
  say(`scan: writing ${SCAN_MEDIA} media files and a project referencing them…`);
  const media = path.join(root, 'scan-media');
  const specs = [];
  for (let i = 0; i < SCAN_MEDIA; i += 1) {
    const folder = path.join(media, `Day ${String(Math.floor(i / 1000)).padStart(3, '0')}`);
    if (i % 1000 === 0) fs.mkdirSync(folder, { recursive: true });
    const file = path.join(folder, `A${String(i).padStart(6, '0')}.mov`);
    fs.writeFileSync(file, '');
    specs.push({ actualMediaFilePath: file, title: `Clip ${i}` });
  }
  const project = await writePremiereProject(path.join(root, 'Big.prproj'), specs);
  say(`scan: project ${formatBytes(fs.statSync(project).size)} gzip; measuring…`);
  const ours = await median(RUNS, () => measure(node, [child('scanChild'), project]));
  const baseline = await median(RUNS, () => measure(node, [child('gunzipChild'), project]));
  fs.rmSync(media, { recursive: true, force: true });
  return { name: `scan a .prproj with ${SCAN_MEDIA.toLocaleString('en')} media`, ours, baseline, baselineName: 'gunzip only (Node, same file)', target: '< 10 s, < 300 MB peak RSS' };
}

/** protect to two local destinations against cp to both + sync + xxhsum of the source and both copies. */
async function benchProtect(root: string): Promise<Row> {
  const total = COPY_FILES * COPY_FILE_BYTES;
  say(`protect: writing ${formatBytes(total)} of sample media…`);
  const source = path.join(root, 'copy-media');
  fs.mkdirSync(source, { recursive: true });
  const block = Buffer.alloc(4 * 1024 * 1024);
  for (let i = 0; i < COPY_FILES; i += 1) {
    const fd = fs.openSync(path.join(source, `clip${i}.mov`), 'w');
    for (let written = 0; written < COPY_FILE_BYTES; written += block.length) {
      for (let j = 0; j < block.length; j += 4096) block.writeUInt32LE((i * 7919 + written + j) >>> 0, j);
      fs.writeSync(fd, block);
    }
    fs.closeSync(fd);
  }
  let run = 0;
  const ours = await median(RUNS, async () => {
    run += 1;
    const home = path.join(root, `home${run}`);
    const dests = ['a', 'b'].map((d) => path.join(root, `dest${run}${d}`));
    for (const d of dests) fs.mkdirSync(d, { recursive: true });
    await saveConfig(home, {
      ...(await loadConfig(home)),
      destinations: dests.map((d, i) => ({ name: `d${i}`, kind: 'local' as const, path: d, media: `m${i}`, offsite: false })),
    });
    const m = await measure(node, [child('protectChild'), home, source]);
    for (const d of [home, ...dests]) fs.rmSync(d, { recursive: true, force: true });
    return m;
  });
  const baseline = await median(RUNS, async () => {
    const dests = ['a', 'b'].map((d) => path.join(root, `cp-${d}`));
    const script = `cp -r "$1" "$2/" && cp -r "$1" "$3/" && sync && find "$1" "$2" "$3" -type f -print0 | xargs -0 xxhsum -H1 > /dev/null`;
    for (const d of dests) fs.mkdirSync(d, { recursive: true });
    const m = await measure('bash', ['-c', script, 'bash', source, ...dests]);
    for (const d of dests) fs.rmSync(d, { recursive: true, force: true });
    return m;
  });
  return { name: `protect ${formatBytes(total)} (${COPY_FILES} files) to 2 local destinations`, ours, baseline, baselineName: 'cp to both + sync + xxhsum of all three', target: 'no slower than the baseline (ratio ≤ 1)' };
}

function renderReport(rows: Row[]): string {
  const rss = (m: Measurement): string => (m.peakRssBytes === null ? '–' : formatBytes(m.peakRssBytes));
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} cores, ${formatBytes(os.totalmem())} RAM, Node ${process.version}.`,
    `Each figure is the median of ${RUNS} runs; the baseline runs in the same session on the same files. This machine is shared:`,
    'compare ratios between runs, not seconds.',
    '',
    '| benchmark | Threefold | peak RSS | baseline | baseline time | ratio | target |',
    '|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.ours.seconds.toFixed(2)} s | ${rss(r.ours)} | ${r.baselineName} | ${r.baseline.seconds.toFixed(2)} s | ${(r.ours.seconds / r.baseline.seconds).toFixed(2)}× | ${r.target} |`,
    ),
    '',
  ];
  return lines.join('\n');
}

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exitCode = 1;
});
