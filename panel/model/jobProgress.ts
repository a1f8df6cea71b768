/** A job's progress as the panel shows it: an overall bar with the file being copied, and a row per destination. */
import { formatBytes, formatDuration } from '../../src/format/formatBytes';
import type { JobInfo, Progress } from '../../src/protocol/messages';
import { fileName } from './clipRows';

type DestinationProgress = Progress['destinations'][number];

/**
 * `copying` (a bar, rate and ETA), `done`, `failed` (some or all of its files did not get there),
 * `nothing` (every file already there: no bar), `stopped` (the job was cancelled or interrupted first).
 */
export type DestinationProgressState = 'copying' | 'done' | 'failed' | 'nothing' | 'stopped';

export interface DestinationProgressView {
  name: string;
  state: DestinationProgressState;
  /** 0–100, for `<sp-progressbar max="100" value=…>`; null when there is nothing to copy (no bar). */
  percent: number | null;
  /** "3 of 10 files · 1.2 GB of 4.0 GB", with failures when there are some, or "nothing to copy". */
  amount: string;
  /** "45.1 MB/s", or "" when the destination is not copying. */
  rate: string;
  /** "1m 05s left", "done", or "" when unknown or not copying. */
  eta: string;
}

/** What the job's state says of every row: still running, or stopped before its end. */
export interface ProgressContext {
  running: boolean;
  stopped: boolean;
  /** Destinations the job's result names as failed whole. */
  failedWhole: ReadonlySet<string>;
}

const RUNNING: ProgressContext = { running: true, stopped: false, failedWhole: new Set() };

export function destinationProgress(d: DestinationProgress, context: ProgressContext = RUNNING): DestinationProgressView {
  if (d.filesTotal === 0 && !context.failedWhole.has(d.name)) {
    return { name: d.name, state: 'nothing', percent: null, amount: 'nothing to copy: every file is there', rate: '', eta: '' };
  }
  // Bytes say how far along a job is; a job of empty (or only up-to-date) files has only file counts.
  const percent = d.bytesTotal > 0 ? (d.bytesDone / d.bytesTotal) * 100 : d.filesTotal > 0 ? (d.filesDone / d.filesTotal) * 100 : 0;
  const failed = d.filesFailed > 0 ? ` · ${d.filesFailed} failed` : '';
  const state = rowState(d, context);
  return {
    name: d.name,
    state,
    percent: Math.round(clamp(percent, 0, 100) * 10) / 10,
    amount: `${d.filesDone} of ${countOf(d.filesTotal, 'file')} · ${formatBytes(d.bytesDone)} of ${formatBytes(d.bytesTotal)}${failed}`,
    rate: state === 'copying' ? `${formatBytes(d.rate)}/s` : '',
    eta: state === 'copying' ? etaText(d.etaSeconds) : state === 'done' ? 'done' : '',
  };
}

function rowState(d: DestinationProgress, context: ProgressContext): DestinationProgressState {
  if (d.failed === true || context.failedWhole.has(d.name)) return 'failed';
  if (d.filesDone + d.filesFailed >= d.filesTotal) return d.filesFailed > 0 ? 'failed' : 'done';
  if (context.running) return 'copying';
  return d.filesFailed > 0 ? 'failed' : 'stopped';
}

/** A row per destination of the progress, and one for each destination the job could not reach at all. */
export function progressViews(job: Pick<JobInfo, 'state' | 'progress' | 'result'>): DestinationProgressView[] {
  const failedWhole = new Map((job.result?.failed ?? []).flatMap((f) => (f.missed !== undefined && f.destination !== null ? [[f.destination, f]] : [])));
  const context: ProgressContext = {
    running: job.state === 'running' || job.state === 'queued',
    stopped: job.state === 'cancelled' || job.state === 'interrupted',
    failedWhole: new Set(failedWhole.keys()),
  };
  const shown = (job.progress?.destinations ?? []).map((d) => destinationProgress(d, context));
  const unreached = [...failedWhole.values()]
    .filter((f) => !shown.some((v) => v.name === f.destination))
    .map(
      (f): DestinationProgressView => ({
        name: f.destination!,
        state: 'failed',
        percent: null,
        amount: `not reached: ${countOf(f.missed!.length, 'file')} not copied`,
        rate: '',
        eta: '',
      }),
    );
  return [...shown, ...unreached];
}

export interface OverallProgressView {
  percent: number;
  /** "3 of 10 files · 1.2 GB of 4.0 GB" */
  amount: string;
  /** "45.1 MB/s · 1m 05s left" while running; "" once the job ended. */
  pace: string;
  /** The name of the file being copied, while running. */
  current: string | null;
}

/** The whole job's bar; null before its plan is known. */
export function overallProgress(job: Pick<JobInfo, 'state' | 'progress'>): OverallProgressView | null {
  const p = job.progress;
  if (p === null) return null;
  const running = job.state === 'running' || job.state === 'queued';
  const percent = p.bytesTotal > 0 ? (p.bytesDone / p.bytesTotal) * 100 : p.filesTotal > 0 ? (p.filesDone / p.filesTotal) * 100 : 100;
  const eta = etaText(p.etaSeconds);
  return {
    percent: Math.round(clamp(percent, 0, 100) * 10) / 10,
    amount: `${p.filesDone} of ${countOf(p.filesTotal, 'file')} · ${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}`,
    pace: running ? `${formatBytes(p.rate)}/s${eta ? ` · ${eta}` : ''}` : '',
    current: running && p.current !== undefined ? fileName(p.current) : null,
  };
}

export function etaText(seconds: number | null): string {
  return seconds === null || !Number.isFinite(seconds) || seconds < 0 ? '' : `${formatDuration(seconds)} left`;
}

function countOf(n: number, one: string): string {
  return `${n} ${n === 1 ? one : `${one}s`}`;
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : min;
}
