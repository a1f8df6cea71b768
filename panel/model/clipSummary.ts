/**
 * The summary above the list: clips per state, the bytes of their media (each file once, however many
 * clips use it), and the proportion bar.
 */
import { formatBytes } from '../../src/format/formatBytes';
import type { ClipRow, ClipState } from './clipRows';

/** In the bar's order, from safe to gone; `unknown` last (not answered yet). */
export const SUMMARY_STATES = ['protected', 'partial', 'stale', 'failed', 'unprotected', 'missing', 'lost', 'unknown'] as const satisfies readonly ClipState[];

/** Always shown (the others only when some clip is in them). */
export const MAIN_SUMMARY_STATES: readonly ClipState[] = ['protected', 'partial', 'unprotected', 'missing', 'lost'];

export const STATE_NAMES: Record<ClipState, string> = {
  protected: 'protected',
  partial: 'partial',
  unprotected: 'unprotected',
  stale: 'stale',
  missing: 'missing',
  lost: 'lost',
  failed: 'failed',
  unknown: 'checking',
};

export interface StateTotal {
  state: ClipState;
  clips: number;
  bytes: number;
}

export interface ClipSummary {
  clips: number;
  bytes: number;
  byState: Record<ClipState, StateTotal>;
  /** Clips whose media lack only an offsite copy. */
  offsiteOnly: number;
}

const lacksOnlyOffsite = (row: ClipRow): boolean => row.media?.missing.length === 1 && row.media.missing[0] === 'offsite';

export function summarizeClips(rows: readonly ClipRow[]): ClipSummary {
  const byState = Object.fromEntries(SUMMARY_STATES.map((state) => [state, { state, clips: 0, bytes: 0 }])) as Record<ClipState, StateTotal>;
  const counted = new Set<string>();
  let bytes = 0;
  let offsiteOnly = 0;
  for (const row of rows) {
    if (row.state === 'partial' && lacksOnlyOffsite(row)) offsiteOnly += 1;
    const total = byState[row.state];
    total.clips += 1;
    if (!counted.has(row.mediaPath)) {
      counted.add(row.mediaPath);
      total.bytes += row.size ?? 0;
      bytes += row.size ?? 0;
    }
  }
  return { clips: rows.length, bytes, byState, offsiteOnly };
}

/** The states the summary lists: the five main ones always, the others when some clip is in them. */
export function summaryStates(summary: ClipSummary): ClipState[] {
  return SUMMARY_STATES.filter((s) => MAIN_SUMMARY_STATES.includes(s) || summary.byState[s].clips > 0);
}

export interface BarSegment {
  state: ClipState;
  /** Share of the clips, in percent. */
  percent: number;
}

/** The proportion bar: one segment per state that has clips, in SUMMARY_STATES order. */
export function proportionBar(summary: ClipSummary): BarSegment[] {
  if (summary.clips === 0) return [];
  return SUMMARY_STATES.filter((s) => summary.byState[s].clips > 0).map((state) => ({
    state,
    percent: (summary.byState[state].clips / summary.clips) * 100,
  }));
}

/** "132 of 140 clips protected · 1.8 TB"; when the rest lack only an offsite copy, it says to add one. */
export function summaryHeadline(summary: ClipSummary): string {
  if (summary.clips === 0) return 'No clips with media';
  const clips = summary.clips === 1 ? 'clip' : 'clips';
  const protectedClips = summary.byState.protected.clips;
  const headline = `${protectedClips} of ${summary.clips} ${clips} protected · ${formatBytes(summary.bytes)}`;
  if (summary.offsiteOnly === 0 || protectedClips + summary.offsiteOnly < summary.clips) return headline;
  const them = protectedClips === 0 ? (summary.clips === 1 ? 'it' : 'them') : 'the rest';
  return `${headline}: add an offsite copy (cloud, or a drive kept elsewhere) to protect ${them}`;
}
