import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatBytes } from '../src/format/formatBytes';
import { saveConfig, loadConfig } from '../native-helper/config/config';
import { writePremiereProject } from '../native-helper/demo/premiereProjectWriter';
import { startS3Server } from '../test/helpers/s3Server';
import { benchCloudUpload } from './cloudUpload';
import { benchHelper, renderHelperReport, type HelperReport } from './helper';
import { measure, median, type Measurement } from './measure';

/**
 * `npm run bench`: each figure next to a baseline measured in the same run on the same files, since this
 * machine is shared and noisy; ratios are what to compare between runs. Results go to BENCHMARKS.md.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
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
  /** Bytes moved, for a throughput beside the times. */
  bytes?: number;
}

const BIG_FILE_BYTES = 2 * 1024 * 1024 * 1024;
const SMALL_FILES = 2000;
const SMALL_FILE_BYTES = 256 * 1024;

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'threefold-bench-'));
  try {
    // `npm run bench -- cloud` runs only some (scan, protect, cloud, helper) and prints without writing BENCHMARKS.md.
    const only = process.argv.slice(2);
    const wanted = (name: string): boolean => only.length === 0 || only.includes(name);
    const rows = [
      ...(wanted('scan') ? [await benchScan(root)] : []),
      ...(wanted('protect') ? [await benchProtect(root)] : []),
      ...(wanted('cloud') ? await benchCloud(root) : []),
    ];
    const helper = wanted('helper') ? await benchHelper(root, say) : undefined;
    const report = renderReport(rows, helper);
    if (only.length === 0) fs.writeFileSync(path.resolve(__dirname, '../../BENCHMARKS.md'), report);
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
  for (let i = 0; i < COPY_FILES; i += 1) writePatterned(path.join(source, `clip${i}.mov`), COPY_FILE_BYTES, i);
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

/** 2 GiB in one file and 2,000 files of 256 KiB to a loopback Swift, against rclone copy to the same server. */
async function benchCloud(root: string): Promise<Row[]> {
  say('cloud: starting a loopback S3 server (OpenStack Swift)…');
  const server = await startS3Server();
  try {
    const big = path.join(root, 'cloud-big', 'A001.mov');
    fs.mkdirSync(path.dirname(big), { recursive: true });
    say(`cloud: writing ${formatBytes(BIG_FILE_BYTES)} and ${SMALL_FILES} × ${formatBytes(SMALL_FILE_BYTES)}…`);
    writePatterned(big, BIG_FILE_BYTES, 1);
    const small = Array.from({ length: SMALL_FILES }, (_, i) => {
      const file = path.join(root, 'cloud-small', `IMG_${String(i).padStart(4, '0')}.jpg`);
      if (i === 0) fs.mkdirSync(path.dirname(file), { recursive: true });
      writePatterned(file, SMALL_FILE_BYTES, i + 2);
      return file;
    });
    const target = '≥ 1.5× rclone\'s throughput (ratio ≤ 0.67)';
    const baselineName = 'rclone copy --s3-chunk-size 16M, same server';
    const rows: Row[] = [];
    for (const [name, files] of [['upload one 2 GiB file to S3', [big]], [`upload ${SMALL_FILES} files of 256 KiB to S3`, small]] as const) {
      say(`cloud: ${name}…`);
      const r = await benchCloudUpload(root, server, name, [...files], RUNS, child('protectChild'));
      rows.push({ name: r.name, ours: r.ours, baseline: r.baseline, baselineName, target, bytes: r.bytes });
    }
    return rows;
  } finally {
    await server.stop();
  }
}

/** A file of `size` bytes that does not compress or dedupe (each 4 KiB block differs). */
function writePatterned(file: string, size: number, seed: number): void {
  const block = Buffer.alloc(Math.min(size, 4 * 1024 * 1024));
  const fd = fs.openSync(file, 'w');
  try {
    for (let written = 0; written < size; written += block.length) {
      for (let j = 0; j < block.length; j += 4096) block.writeUInt32LE((seed * 7919 + written + j) >>> 0, j);
      fs.writeSync(fd, block, 0, Math.min(block.length, size - written));
    }
  } finally {
    fs.closeSync(fd);
  }
}

function renderReport(rows: Row[], helper?: HelperReport): string {
  const rss = (m: Measurement): string => (m.peakRssBytes === null ? '–' : formatBytes(m.peakRssBytes));
  const rate = (bytes: number | undefined, m: Measurement): string => (bytes === undefined ? '' : ` (${formatBytes(bytes / m.seconds)}/s)`);
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
        `| ${r.name} | ${r.ours.seconds.toFixed(2)} s${rate(r.bytes, r.ours)} | ${rss(r.ours)} | ${r.baselineName} | ${r.baseline.seconds.toFixed(2)} s${rate(r.bytes, r.baseline)} | ${(r.ours.seconds / r.baseline.seconds).toFixed(2)}× | ${r.target} |`,
    ),
    '',
    ...(helper ? renderHelperReport(helper, new Date().toISOString().slice(0, 10)) : []),
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
