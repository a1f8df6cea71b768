import path from 'node:path';

/**
 * bench/ builds on test/ (its S3 server helper), so test/ cannot import bench/ through the project
 * references without a cycle: jest loads bench/report.ts by a path tsc does not follow, and this type
 * restates the part of its interface the tests use.
 */
interface Run {
  seconds: number;
  peakRssBytes: number | null;
}
interface BenchReport {
  median(values: readonly number[]): number;
  formatTimes(runs: readonly Run[], bytes?: number): string;
  formatRatio(ours: readonly Run[], baseline: readonly Run[]): string;
  formatPeakRss(runs: readonly Run[]): string;
  renderScenarioTable(
    results: ReadonlyArray<{
      scenario?: string;
      measured?: string;
      name: string;
      ours: readonly Run[];
      baselines: ReadonlyArray<{ name: string; runs: readonly Run[]; maxRatio?: number; target?: string }>;
      bytes?: number;
      maxSeconds?: number;
    }>,
  ): string[];
  mergeScenarioTables(written: readonly string[], fresh: readonly string[], order: readonly string[]): string[];
  renderIdleRow(result: {
    scenario?: string;
    measured?: string;
    name: string;
    seconds: number;
    ours: { cpuSeconds: number; rssBytes: number; peakRssBytes: number };
    baselineName: string;
    baseline: { cpuSeconds: number; rssBytes: number };
    maxCoreShare: number;
    maxRssBytes: number;
  }): string;
}
const report = require(path.join(__dirname, '../../bench/report')) as BenchReport;

const runs = (...seconds: number[]): Run[] => seconds.map((s) => ({ seconds: s, peakRssBytes: null }));

describe('bench report', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(report.median([7.9, 6.1, 6.4])).toBe(6.4);
    expect(report.median([4, 1, 3, 2])).toBe(2.5);
    expect(() => report.median([])).toThrow();
  });

  it('shows the median with the spread of the runs, and the throughput of the median', () => {
    expect(report.formatTimes(runs(6.42, 7.93, 6.1))).toBe('6.42 s (6.10–7.93)');
    expect(report.formatTimes(runs(0.5, 0.4, 0.45), 2 ** 31)).toBe('0.45 s 4.8 GB/s (0.40–0.50)');
    expect(report.formatTimes(runs(1.5))).toBe('1.50 s');
  });

  it('divides median by median and pairs the runs of each round for the range', () => {
    // Round by round: 4/10, 6/8, 5/12 → 0.40, 0.75, 0.42; medians 5 / 10.
    expect(report.formatRatio(runs(4, 6, 5), runs(10, 8, 12))).toBe('0.50× (0.40–0.75)');
  });

  it('marks the largest peak RSS against 300 MB', () => {
    expect(
      report.formatPeakRss([
        { seconds: 1, peakRssBytes: 148e6 },
        { seconds: 1, peakRssBytes: 192e6 },
      ]),
    ).toBe('192 MB ✓');
    expect(report.formatPeakRss([{ seconds: 1, peakRssBytes: 301e6 }])).toBe('301 MB **✗**');
    expect(report.formatPeakRss(runs(1))).toBe('–');
  });

  it('renders one line per baseline, the Threefold cells once, and says which targets are met', () => {
    const lines = report.renderScenarioTable([
      {
        scenario: 'local',
        measured: '2026-12-07, load 1.2–1.9',
        name: 'one 2 GiB file to 2 local destinations',
        ours: [
          { seconds: 9, peakRssBytes: 120e6 },
          { seconds: 10, peakRssBytes: 130e6 },
          { seconds: 11, peakRssBytes: 125e6 },
        ],
        baselines: [
          { name: 'cp + sync + xxhsum', runs: runs(12, 11, 13), maxRatio: 0.8, target: '≤ 0.8× naive' },
          { name: 'rclone copy --checksum', runs: runs(30, 20, 25), maxRatio: 0.5 },
        ],
      },
      { name: 'protect again, nothing changed', ours: runs(2.5, 1.9, 2.1), baselines: [], maxSeconds: 2 },
    ]);
    expect(lines.slice(2)).toEqual([
      '| `local` | one 2 GiB file to 2 local destinations | 10.00 s (9.00–11.00) | 130 MB ✓ | cp + sync + xxhsum | 12.00 s (11.00–13.00) | 0.83× (0.75–0.91) | ≤ 0.8× naive: **missed ✗** | 2026-12-07, load 1.2–1.9 |',
      '|  | | |  | rclone copy --checksum | 25.00 s (20.00–30.00) | 0.40× (0.30–0.50) | ratio ≤ 0.5: met ✓ |  |',
      '|  | protect again, nothing changed | 2.10 s (1.90–2.50) | – | – | – | – | < 2 s: **missed ✗** |  |',
    ]);
  });

  it('renders an idle cost as a share of one core and memory, beside its baseline, against both targets', () => {
    const row = report.renderIdleRow({
      scenario: 'idle',
      measured: '2026-12-08, load 3.0–3.1',
      name: 'the helper idle with 50 plans',
      seconds: 60,
      ours: { cpuSeconds: 0.3, rssBytes: 97e6, peakRssBytes: 160e6 },
      baselineName: 'bare Node',
      baseline: { cpuSeconds: 0.06, rssBytes: 40e6 },
      maxCoreShare: 0.01,
      maxRssBytes: 150e6,
    });
    expect(row).toBe(
      '| `idle` | the helper idle with 50 plans | 0.50 % of a core, RSS 97.0 MB over 60 s | 160 MB ✓ | bare Node | 0.10 % of a core, RSS 40.0 MB | +0.40 % of a core, +57.0 MB | < 1 % of a core: met ✓; < 150 MB: **missed ✗** | 2026-12-08, load 3.0–3.1 |',
    );
  });

  it("keeps the rows of scenarios that did not run, replaces those that did, in the scenarios' order", () => {
    const table = (...rows: Array<[scenario: string, name: string, seconds: number]>): string[] =>
      report.renderScenarioTable(
        rows.map(([scenario, name, seconds]) => ({
          scenario,
          measured: `day ${seconds}`,
          name,
          ours: runs(seconds),
          baselines: [
            { name: 'naive', runs: runs(seconds * 2) },
            { name: 'rclone', runs: runs(seconds * 4) },
          ],
        })),
      );
    const written = table(
      ['scan', 'scan a project', 1],
      ['local', 'one big file', 2],
      ['medium', '1 GiB, read from the disk', 3],
      ['medium', '2 GiB, read from the disk', 4],
    );
    const fresh = table(['medium', '1 GiB, read from the disk', 5], ['medium', '2 GiB, read from the disk', 6], ['hash', 'hash a file', 7]);

    const merged = report.mergeScenarioTables(written, fresh, ['scan', 'hash', 'local', 'medium']);

    expect(merged.slice(0, 2)).toEqual(written.slice(0, 2));
    // Scenario, benchmark, Threefold's time, the baseline's time.
    const cells = merged.slice(2).map((line) => [1, 2, 3, 6].map((i) => line.split('|')[i]!.trim()).join(' / '));
    expect(cells).toEqual([
      '`scan` / scan a project / 1.00 s / 2.00 s',
      ' /  /  / 4.00 s',
      '`hash` / hash a file / 7.00 s / 14.00 s',
      ' /  /  / 28.00 s',
      '`local` / one big file / 2.00 s / 4.00 s',
      ' /  /  / 8.00 s',
      '`medium` / 1 GiB, read from the disk / 5.00 s / 10.00 s',
      ' /  /  / 20.00 s',
      '`medium` / 2 GiB, read from the disk / 6.00 s / 12.00 s',
      ' /  /  / 24.00 s',
    ]);
    expect(merged.filter((line) => line.includes('day 3') || line.includes('day 4'))).toEqual([]);
  });
});
