import { formatBytes } from '../src/format/formatBytes';

/**
 * The main table of BENCHMARKS.md from measured runs: pure (no clock, no machine), so the arithmetic of
 * medians, spreads and ratios is unit-tested (test/unit/benchReport.test.ts).
 */

export interface Run {
  seconds: number;
  /** The child's own peak RSS; null for a baseline that does not report it. */
  peakRssBytes: number | null;
}

export interface BaselineResult {
  name: string;
  /** Run i was measured in the same round as Threefold's run i. */
  runs: readonly Run[];
  /** Threefold's median time divided by this baseline's must be at most this. */
  maxRatio?: number;
  /** How the target reads, e.g. "≥ 0.8× xxhsum's throughput". */
  target?: string;
}

export interface ScenarioResult {
  /** The bench scenario that measures it (`npm run bench -- <scenario>`): its rows are replaced when it runs again. */
  scenario?: string;
  /** When and under what load it was measured, e.g. "2026-12-07, load 1.2–2.0". */
  measured?: string;
  name: string;
  ours: readonly Run[];
  baselines: readonly BaselineResult[];
  /** Bytes moved per run, for a throughput beside the times. */
  bytes?: number;
  /** An absolute target on Threefold's median time. */
  maxSeconds?: number;
}

/** The issue's target for every Threefold run: peak RSS under 300 MB (formatBytes' decimal MB). */
export const PEAK_RSS_TARGET_BYTES = 300 * 1000 * 1000;

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** "6.42 s (6.10–7.93)", with the throughput of the median when bytes are given. */
export function formatTimes(runs: readonly Run[], bytes?: number): string {
  const seconds = runs.map((r) => r.seconds);
  const mid = median(seconds);
  const rate = bytes === undefined ? '' : ` ${formatBytes(bytes / mid)}/s`;
  const spread = runs.length > 1 ? ` (${Math.min(...seconds).toFixed(2)}–${Math.max(...seconds).toFixed(2)})` : '';
  return `${mid.toFixed(2)} s${rate}${spread}`;
}

/** Median over median, then the range of the ratios of runs measured in the same round. */
export function formatRatio(ours: readonly Run[], baseline: readonly Run[]): string {
  const ratio = median(ours.map((r) => r.seconds)) / median(baseline.map((r) => r.seconds));
  const paired = ours.slice(0, baseline.length).map((r, i) => r.seconds / baseline[i]!.seconds);
  const range = paired.length > 1 ? ` (${Math.min(...paired).toFixed(2)}–${Math.max(...paired).toFixed(2)})` : '';
  return `${ratio.toFixed(2)}×${range}`;
}

/** The largest peak RSS of the runs, against the 300 MB target. */
export function formatPeakRss(runs: readonly Run[]): string {
  const peaks = runs.map((r) => r.peakRssBytes).filter((b): b is number => b !== null);
  if (peaks.length === 0) return '–';
  const peak = Math.max(...peaks);
  return `${formatBytes(peak)} ${peak < PEAK_RSS_TARGET_BYTES ? '✓' : '**✗**'}`;
}

const met = (ok: boolean): string => (ok ? 'met ✓' : '**missed ✗**');

/**
 * One line per baseline; the Threefold cells are on the scenario's first line only. A scenario without a
 * baseline gets one line with its absolute target.
 */
export function renderScenarioTable(results: readonly ScenarioResult[]): string[] {
  const lines = [...TABLE_HEAD];
  for (const r of results) {
    const oursMedian = median(r.ours.map((m) => m.seconds));
    const oursCells = `${r.scenario === undefined ? '' : `\`${r.scenario}\``} | ${r.name} | ${formatTimes(r.ours, r.bytes)} | ${formatPeakRss(r.ours)}`;
    const absolute = r.maxSeconds === undefined ? undefined : `< ${r.maxSeconds} s: ${met(oursMedian < r.maxSeconds)}`;
    const measured = r.measured ?? '';
    if (r.baselines.length === 0) lines.push(`| ${oursCells} | – | – | – | ${absolute ?? '–'} | ${measured} |`);
    r.baselines.forEach((b, i) => {
      const ratio = oursMedian / median(b.runs.map((m) => m.seconds));
      const targets = [
        ...(i === 0 && absolute ? [absolute] : []),
        ...(b.maxRatio === undefined ? [] : [`${b.target ?? `ratio ≤ ${b.maxRatio}`}: ${met(ratio <= b.maxRatio)}`]),
      ];
      const first = i === 0 ? oursCells : ' | | | ';
      lines.push(
        `| ${first} | ${b.name} | ${formatTimes(b.runs, r.bytes)} | ${formatRatio(r.ours, b.runs)} | ${targets.join('; ') || '–'} | ${i === 0 ? measured : ''} |`,
      );
    });
  }
  return lines;
}

/** A process left idle for a while: what it cost, beside a baseline process measured over the same seconds. */
export interface IdleResult {
  scenario?: string;
  measured?: string;
  name: string;
  /** The window measured. */
  seconds: number;
  ours: { cpuSeconds: number; rssBytes: number; peakRssBytes: number };
  baselineName: string;
  baseline: { cpuSeconds: number; rssBytes: number };
  /** Targets: the share of one core over the window, and the peak RSS. */
  maxCoreShare: number;
  maxRssBytes: number;
}

/** An idle cost as one row of the results table: CPU as a share of one core over the window, and memory. */
export function renderIdleRow(r: IdleResult): string {
  const share = (cpuSeconds: number): number => (100 * cpuSeconds) / r.seconds;
  const cost = (cpuSeconds: number, rssBytes: number): string => `${share(cpuSeconds).toFixed(2)} % of a core, RSS ${formatBytes(rssBytes)}`;
  const extra = `+${(share(r.ours.cpuSeconds) - share(r.baseline.cpuSeconds)).toFixed(2)} % of a core, +${formatBytes(r.ours.rssBytes - r.baseline.rssBytes)}`;
  const targets = [
    `< ${(100 * r.maxCoreShare).toFixed(0)} % of a core: ${met(share(r.ours.cpuSeconds) < 100 * r.maxCoreShare)}`,
    `< ${formatBytes(r.maxRssBytes)}: ${met(r.ours.peakRssBytes < r.maxRssBytes)}`,
  ].join('; ');
  const peak = `${formatBytes(r.ours.peakRssBytes)} ${r.ours.peakRssBytes < PEAK_RSS_TARGET_BYTES ? '✓' : '**✗**'}`;
  const scenario = r.scenario === undefined ? '' : `\`${r.scenario}\``;
  return `| ${scenario} | ${r.name} | ${cost(r.ours.cpuSeconds, r.ours.rssBytes)} over ${r.seconds} s | ${peak} | ${r.baselineName} | ${cost(r.baseline.cpuSeconds, r.baseline.rssBytes)} | ${extra} | ${targets} | ${r.measured ?? ''} |`;
}

const TABLE_HEAD = [
  '| run | benchmark | Threefold: median (min–max) | peak RSS (< 300 MB) | baseline | baseline: median (min–max) | time ratio (per round) | target | measured |',
  '|---|---|---|---|---|---|---|---|---|',
];

/**
 * One table from the rows already written and a run's fresh ones: the rows of every scenario that ran are
 * replaced, the others kept with when they were measured, all in `order` of scenarios. A row belongs to the
 * scenario named in its first cell, and so do the lines after it with that cell empty (its other baselines).
 */
export function mergeScenarioTables(written: readonly string[], fresh: readonly string[], order: readonly string[]): string[] {
  const groups = (lines: readonly string[]): Map<string, string[]> => {
    const byScenario = new Map<string, string[]>();
    let current: string[] | undefined;
    for (const line of lines.slice(TABLE_HEAD.length)) {
      const scenario = /^\| `([^`]+)` \|/.exec(line)?.[1];
      if (scenario !== undefined) current = byScenario.get(scenario) ?? byScenario.set(scenario, []).get(scenario)!;
      current?.push(line);
    }
    return byScenario;
  };
  const kept = groups(written);
  const replaced = groups(fresh);
  const rows = (scenario: string): string[] => replaced.get(scenario) ?? kept.get(scenario) ?? [];
  const known = [...order, ...[...kept.keys(), ...replaced.keys()].filter((s) => !order.includes(s))];
  return [...TABLE_HEAD, ...[...new Set(known)].flatMap(rows)];
}
