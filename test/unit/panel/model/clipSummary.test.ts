import { mergeStatuses, NO_STATUSES } from '../../../../panel/model/assetStatuses';
import { filterCounts, filterRows, matchesFilter } from '../../../../panel/model/clipFilter';
import { clipRows, type ClipState } from '../../../../panel/model/clipRows';
import { proportionBar, summarizeClips, summaryHeadline, summaryStates } from '../../../../panel/model/clipSummary';
import { clip, status } from './fixtures';

const rows = clipRows(
  [
    clip('1', '/m/a.mov'),
    clip('2', '/m/a.mov'),
    clip('3', '/m/b.mov'),
    clip('4', '/m/c.mov'),
    clip('5', '/m/d.mov'),
    clip('6', '/m/e.mov'),
    clip('7', '/m/f.mov'),
  ],
  mergeStatuses(NO_STATUSES, [
    status('/m/a.mov', 'protected', { size: 1_000_000 }),
    status('/m/b.mov', 'partial', { size: 500 }),
    status('/m/c.mov', 'unprotected', { size: 200 }),
    status('/m/d.mov', 'missing', { size: 30 }),
    status('/m/e.mov', 'lost', { size: 0 }),
  ]),
);

describe('filters', () => {
  const cases: Array<[ClipState, boolean, boolean, boolean]> = [
    // state, needs protection, protected, missing
    ['protected', false, true, false],
    ['partial', true, false, false],
    ['unprotected', true, false, false],
    ['stale', true, false, false],
    ['failed', true, false, false],
    ['missing', true, false, true],
    ['lost', true, false, true],
    ['unknown', true, false, false],
  ];
  it.each(cases)('%s: needs %s, protected %s, missing %s', (state, needs, prot, missing) => {
    expect(matchesFilter(state, 'all')).toBe(true);
    expect(matchesFilter(state, 'needs')).toBe(needs);
    expect(matchesFilter(state, 'protected')).toBe(prot);
    expect(matchesFilter(state, 'missing')).toBe(missing);
  });

  it('filters rows in their order, and counts what each filter shows', () => {
    expect(filterRows(rows, 'all')).toBe(rows);
    expect(filterRows(rows, 'needs').map((r) => r.id)).toEqual(['3', '4', '5', '6', '7']);
    expect(filterRows(rows, 'protected').map((r) => r.id)).toEqual(['1', '2']);
    expect(filterRows(rows, 'missing').map((r) => r.id)).toEqual(['5', '6']);
    expect(filterCounts(rows)).toEqual({ all: 7, needs: 5, protected: 2, missing: 2 });
  });
});

describe('summarizeClips', () => {
  it('counts clips per state and the bytes of their media, each file once', () => {
    const summary = summarizeClips(rows);
    expect(summary.clips).toBe(7);
    expect(summary.bytes).toBe(1_000_730);
    expect(summary.byState.protected).toEqual({ state: 'protected', clips: 2, bytes: 1_000_000 });
    expect(summary.byState.partial).toEqual({ state: 'partial', clips: 1, bytes: 500 });
    expect(summary.byState.missing).toEqual({ state: 'missing', clips: 1, bytes: 30 });
    expect(summary.byState.unknown).toEqual({ state: 'unknown', clips: 1, bytes: 0 });
    expect(summary.byState.stale.clips).toBe(0);
  });

  it('lists the five main states always, the others only when some clip is in them', () => {
    expect(summaryStates(summarizeClips(rows))).toEqual(['protected', 'partial', 'unprotected', 'missing', 'lost', 'unknown']);
    expect(summaryStates(summarizeClips([]))).toEqual(['protected', 'partial', 'unprotected', 'missing', 'lost']);
  });

  it('the bar has a segment per state with clips, proportional, adding up to 100%', () => {
    const bar = proportionBar(summarizeClips(rows));
    expect(bar.map((s) => s.state)).toEqual(['protected', 'partial', 'unprotected', 'missing', 'lost', 'unknown']);
    expect(bar[0]!.percent).toBeCloseTo(200 / 7);
    expect(bar.reduce((sum, s) => sum + s.percent, 0)).toBeCloseTo(100);
    expect(proportionBar(summarizeClips([]))).toEqual([]);
  });

  it('the headline says how many clips are protected and the bytes involved', () => {
    expect(summaryHeadline(summarizeClips(rows))).toBe('2 of 7 clips protected · 1.0 MB');
    expect(summaryHeadline(summarizeClips(rows.slice(0, 1)))).toBe('1 of 1 clip protected · 1.0 MB');
    expect(summaryHeadline(summarizeClips([]))).toBe('No clips with media');
  });

  it('when the only gap is offsite, the headline says what to add', () => {
    const offsiteOnly = (state: 'partial' | 'protected', path: string) =>
      status(
        path,
        state,
        state === 'partial' ? { label: '2 copies · no offsite', copies: 3, media: ['ssd', 'hdd'], missing: ['offsite'], size: 1000 } : { size: 1000 },
      );
    const clips = [clip('1', '/m/a.mov'), clip('2', '/m/b.mov'), clip('3', '/m/c.mov')];
    const some = clipRows(
      clips,
      mergeStatuses(NO_STATUSES, [offsiteOnly('protected', '/m/a.mov'), offsiteOnly('partial', '/m/b.mov'), offsiteOnly('partial', '/m/c.mov')]),
    );
    expect(summaryHeadline(summarizeClips(some))).toBe(
      '1 of 3 clips protected · 3.0 kB: add an offsite copy (cloud, or a drive kept elsewhere) to protect the rest',
    );
    expect(summaryHeadline(summarizeClips(some.slice(1, 2)))).toBe(
      '0 of 1 clip protected · 1.0 kB: add an offsite copy (cloud, or a drive kept elsewhere) to protect it',
    );
    // Another gap too: only the counts, since an offsite copy alone would not do.
    const mixed = clipRows(
      clips,
      mergeStatuses(NO_STATUSES, [offsiteOnly('partial', '/m/a.mov'), status('/m/b.mov', 'unprotected', { size: 1000 }), offsiteOnly('partial', '/m/c.mov')]),
    );
    expect(summaryHeadline(summarizeClips(mixed))).toBe('0 of 3 clips protected · 3.0 kB');
  });
});
