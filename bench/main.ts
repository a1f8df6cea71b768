import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatBytes } from '../src/format/formatBytes';
import { benchBandwidthLimit } from './bwlimitScenario';
import { benchCloud } from './cloudScenario';
import { benchCrypt } from './cryptScenario';
import { benchReport } from './reportScenario';
import { benchDrill, DRILL_SIZES } from './drillScenario';
import { benchHash } from './hashScenario';
import { benchHelper, renderHelperReport } from './helper';
import { benchIdle } from './idleScenario';
import { benchIncremental } from './incrementalScenario';
import { benchLocalCopy } from './localCopyScenario';
import { benchMediumCopy } from './mediumCopyScenario';
import { describeMachine, ensureCommands, loadAverage, writeFolderOfFiles, writePatterned } from './measure';
import { type IdleResult, mergeScenarioTables, renderIdleRow, renderScenarioTable, type ScenarioResult } from './report';
import { benchRestore } from './restoreScenario';
import { benchScan } from './scanScenario';
import { execFileSync } from 'node:child_process';

/**
 * `npm run bench [-- scenario…]`: each figure next to baselines measured in the same run on the same files,
 * alternating with them, since this machine is shared and noisy; ratios are what to compare between runs.
 * Scenarios: scan, hash, local, medium, small, incremental, cloud, restore, drill, bwlimit, crypt, report, idle, helper (all when none is named). A full run
 * writes BENCHMARKS.md; a run of some scenarios prints, and writes only with BENCH_WRITE=1: their rows replace
 * their own in the one results table, the other rows (and the Helper section when the helper is not run) are
 * kept as measured. Sizes (defaults are the issue's):
 */
const GiB = 1024 ** 3;
const KiB = 1024;
const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const RUNS = env('BENCH_RUNS', 3);
const SCAN_MEDIA = env('BENCH_SCAN_MEDIA', 100_000);
const HASH_BYTES = env('BENCH_HASH_BYTES', 2 * GiB);
const LOCAL_BYTES = env('BENCH_LOCAL_BYTES', 2 * GiB);
const MEDIUM_BYTES = (process.env.BENCH_MEDIUM_BYTES ?? `${GiB},${2 * GiB}`).split(',').map(Number);
const SMALL_FILES = env('BENCH_SMALL_FILES', 20_000);
const SMALL_FILE_BYTES = env('BENCH_SMALL_FILE_BYTES', 64 * KiB);
const CLOUD = {
  bigFileBytes: env('BENCH_CLOUD_BIG_BYTES', 2 * GiB),
  smallFiles: env('BENCH_CLOUD_SMALL_FILES', 2000),
  smallFileBytes: env('BENCH_CLOUD_SMALL_FILE_BYTES', 256 * KiB),
};
const RESTORE = {
  bigFileBytes: env('BENCH_RESTORE_BIG_BYTES', 2 * GiB),
  smallFiles: env('BENCH_RESTORE_SMALL_FILES', 2000),
  smallFileBytes: env('BENCH_RESTORE_SMALL_FILE_BYTES', 256 * KiB),
};
const BWLIMIT_BYTES = env('BENCH_BWLIMIT_BYTES', 600 * 1024 * 1024);
const CRYPT_BYTES = env('BENCH_CRYPT_BYTES', 2 * GiB);
const REPORT_FILES = env('BENCH_REPORT_FILES', 100_000);
const IDLE = { plans: env('BENCH_IDLE_PLANS', 50), files: env('BENCH_IDLE_FILES', 100_000), seconds: env('BENCH_IDLE_SECONDS', 60) };
const SCENARIOS = ['scan', 'hash', 'local', 'medium', 'small', 'incremental', 'cloud', 'restore', 'drill', 'bwlimit', 'crypt', 'report', 'idle', 'helper'];
const BENCHMARKS_MD = path.resolve(__dirname, '../../BENCHMARKS.md');

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const only = process.argv.slice(2);
  const unknown = only.filter((name) => !SCENARIOS.includes(name));
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(', ')}: choose from ${SCENARIOS.join(', ')}`);
  const wanted = (name: string): boolean => only.length === 0 || only.includes(name);
  ensureCommands(
    {
      ...(wanted('hash') || wanted('local') || wanted('medium') || wanted('small') || wanted('restore') || wanted('drill') ? { xxhsum: 'xxhash' } : {}),
      ...(wanted('local') || wanted('small') || wanted('incremental') || wanted('cloud') || wanted('restore') || wanted('bwlimit') ? { rclone: 'rclone' } : {}),
      ...(wanted('cloud') || wanted('restore') || wanted('bwlimit') || wanted('crypt')
        ? { 'swift-proxy-server': 'swift swift-proxy swift-object swift-container swift-account python3-swift', memcached: 'memcached' }
        : {}),
    },
    say,
  );
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'threefold-bench-'));
  const machine = describeMachine(root);
  const loadAtStart = loadAverage();
  const today = new Date().toISOString().slice(0, 10);
  const results: ScenarioResult[] = [];
  /** Runs one scenario and tags its results with its name and the load around it. */
  const measureScenario = async (scenario: string, run: () => Promise<ScenarioResult | ScenarioResult[]>): Promise<void> => {
    const before = loadAverage();
    const measured = [await run()].flat();
    for (const r of measured) results.push({ ...r, scenario, measured: `${today}, load ${before}–${loadAverage()}` });
  };
  try {
    if (wanted('scan')) await measureScenario('scan', () => benchScan(root, SCAN_MEDIA, RUNS, say));
    if (wanted('hash')) await measureScenario('hash', () => benchHash(root, HASH_BYTES, RUNS, say));
    if (wanted('local')) {
      const source = path.join(root, 'local-big');
      say(`local: writing ${formatBytes(LOCAL_BYTES)}…`);
      fs.mkdirSync(source);
      writePatterned(path.join(source, 'A001.mov'), LOCAL_BYTES, 2);
      say('local: measuring…');
      const name = `protect one ${formatBytes(LOCAL_BYTES)} file to 2 local destinations, verified`;
      await measureScenario('local', () => benchLocalCopy(root, { name, source, maxRatioToNaive: 0.8, maxRatioToRclone: 0.5 }, RUNS));
      fs.rmSync(source, { recursive: true });
    }
    if (wanted('medium')) {
      for (const bytes of MEDIUM_BYTES) {
        const source = path.join(root, 'A002.mov');
        say(`medium: writing ${formatBytes(bytes)}…`);
        writePatterned(source, bytes, 3);
        say('medium: measuring…');
        const name = `protect one ${formatBytes(bytes)} file to 2 local destinations, each copy read back from the disk`;
        await measureScenario('medium', () => benchMediumCopy(root, name, source, RUNS));
        fs.rmSync(source);
      }
    }
    if (wanted('small') || wanted('incremental')) {
      const source = path.join(root, 'local-small');
      say(`small: writing ${SMALL_FILES} × ${formatBytes(SMALL_FILE_BYTES)}…`);
      writeFolderOfFiles(source, SMALL_FILES, SMALL_FILE_BYTES, 'IMG_');
      const name = `protect ${SMALL_FILES.toLocaleString('en')} files of ${formatBytes(SMALL_FILE_BYTES)} to 2 local destinations, verified`;
      if (wanted('small')) {
        say('small: measuring…');
        await measureScenario('small', () => benchLocalCopy(root, { name, source, rcloneTransfers: 8, maxRatioToRclone: 0.5 }, RUNS));
      }
      if (wanted('incremental')) {
        say('incremental: measuring…');
        await measureScenario('incremental', () => benchIncremental(root, source, SMALL_FILES, RUNS));
      }
      fs.rmSync(source, { recursive: true });
    }
    if (wanted('cloud')) await measureScenario('cloud', () => benchCloud(root, CLOUD, RUNS, say));
    if (wanted('restore')) {
      const withAws = onPath('aws');
      if (!withAws) say('restore: the aws CLI is not installed (Debian package awscli): measured without it');
      await measureScenario('restore', () => benchRestore(root, RESTORE, RUNS, withAws, say));
    }
    if (wanted('drill')) await measureScenario('drill', () => benchDrill(root, DRILL_SIZES, RUNS, say));
    if (wanted('bwlimit')) await measureScenario('bwlimit', () => benchBandwidthLimit(root, BWLIMIT_BYTES, RUNS, say));
    if (wanted('crypt')) await measureScenario('crypt', () => benchCrypt(root, CRYPT_BYTES, RUNS, say));
    if (wanted('report')) await measureScenario('report', () => benchReport(root, REPORT_FILES, RUNS, say));
    const idle: IdleResult[] = [];
    if (wanted('idle')) {
      const before = loadAverage();
      const measured = await benchIdle(root, IDLE.plans, IDLE.files, IDLE.seconds, say);
      idle.push({ ...measured, scenario: 'idle', measured: `${today}, load ${before}–${loadAverage()}` });
    }
    const helper = wanted('helper') ? await benchHelper(root, say) : undefined;
    const lines = [
      ...introduction(),
      ...method(machine, loadAtStart, only),
      '## Results',
      '',
      ...mergeScenarioTables(writtenTable(), [...renderScenarioTable(results), ...idle.map(renderIdleRow)], SCENARIOS),
      '',
      'How each figure was reached, what was tried and why the missed targets are missed: bench/findings.md (the lab notebook)',
      "and bench/helperProfile.md (the helper's time and memory).",
      '',
      ...(helper ? renderHelperReport(helper, today) : keptHelperSection()),
    ];
    const report = `${lines.join('\n').trimEnd()}\n`;
    if (only.length === 0 || process.env.BENCH_WRITE === '1') fs.writeFileSync(BENCHMARKS_MD, report);
    process.stdout.write(report);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

function introduction(): string[] {
  return [
    '# Benchmarks',
    '',
    'Threefold against the tools a user would use instead, on the same files on the same machine. To run them: `npm run bench`',
    '(not part of `npm test`; it writes this file), or `npm run bench -- medium local` for some scenarios (printed; with `BENCH_WRITE=1`',
    'their rows replace their own below). Scenarios: `scan hash local medium small incremental cloud restore drill bwlimit crypt report idle helper`. Sizes, by environment',
    'variable (default): `BENCH_RUNS` (3 rounds), `BENCH_SCAN_MEDIA` (100000), `BENCH_HASH_BYTES` and `BENCH_LOCAL_BYTES` (2 GiB),',
    '`BENCH_MEDIUM_BYTES` (1 GiB and 2 GiB, comma-separated), `BENCH_SMALL_FILES` (20000) of `BENCH_SMALL_FILE_BYTES` (64 KiB),',
    '`BENCH_CLOUD_BIG_BYTES` (2 GiB), `BENCH_CLOUD_SMALL_FILES` (2000) of `BENCH_CLOUD_SMALL_FILE_BYTES` (256 KiB), the same for restore as',
    '`BENCH_RESTORE_…`, `BENCH_BWLIMIT_BYTES`',
    '(600 MiB: a minute at the 10M window), `BENCH_CRYPT_BYTES` (2 GiB), `BENCH_REPORT_FILES` (100000: a job report and a certificate), `BENCH_IDLE_PLANS` (50),',
    "`BENCH_IDLE_FILES` (100000) and `BENCH_IDLE_SECONDS` (60) for the idle helper; the helper's own in",
    "bench/helper.ts. Baselines missing from the machine (`xxhsum`, `rclone`, Swift) are installed from Debian's packages first.",
    '',
  ];
}

function method(machine: string, loadAtStart: string, only: string[]): string[] {
  return [
    '## Method',
    '',
    '- Every scenario runs `BENCH_RUNS` rounds in a temporary folder; in each round Threefold and each baseline run once, in an order',
    '  reversed every round (A B C, C B A, …), each in fresh folders (Threefold in a fresh home).',
    "- Times are wall times of the whole command (the hash's Threefold side: from open to digest inside its process): the median of the",
    '  rounds, with the fastest and slowest.',
    "- The ratio is Threefold's median time over the baseline's, measured in the same run, with the range of the ratios within each",
    '  round. The machine is shared and noisy: compare ratios, not seconds; the load average (1 min) around each scenario is in its',
    '  row.',
    "- Peak RSS is the largest of Threefold's runs (the process's own `ru_maxrss`); every run's target is under 300 MB.",
    `- Last written by \`npm run bench${only.length > 0 ? ` -- ${only.join(' ')}` : ''}\` on ${machine}; load average ${loadAtStart} at the start, ${loadAverage()} at the end.`,
    '',
  ];
}

/** The results table as last written: the rows of scenarios not run this time are kept from it. */
function writtenTable(): string[] {
  const current = fs.existsSync(BENCHMARKS_MD) ? fs.readFileSync(BENCHMARKS_MD, 'utf8') : '';
  const start = current.indexOf('\n## Results\n');
  if (start < 0) return [];
  const lines = current.slice(start).split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  if (first < 0) return [];
  const end = lines.findIndex((line, i) => i > first && !line.startsWith('|'));
  return lines.slice(first, end < 0 ? undefined : end);
}

/** The Helper section of the current BENCHMARKS.md, from its own run (it says when), for a run without it. */
function keptHelperSection(): string[] {
  const current = fs.existsSync(BENCHMARKS_MD) ? fs.readFileSync(BENCHMARKS_MD, 'utf8') : '';
  const at = current.indexOf('\n## Helper');
  return at < 0 ? [] : [current.slice(at + 1).trimEnd()];
}

function onPath(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exitCode = 1;
});
