/** Per-destination progress of a running job, as the progress bars show it. */
import { formatBytes, formatDuration } from '../../src/format/formatBytes';
import type { Progress } from '../../src/protocol/messages';

type DestinationProgress = Progress['destinations'][number];

export interface DestinationProgressView {
  name: string;
  /** 0–100, for `<sp-progressbar max="100" value=…>`. */
  percent: number;
  /** "3 of 10 files · 1.2 GB of 4.0 GB", with failures when there are some. */
  amount: string;
  /** "45.1 MB/s" */
  rate: string;
  /** "1m 05s left", "done", or "" when unknown. */
  eta: string;
}

export function destinationProgress(d: DestinationProgress): DestinationProgressView {
  // Bytes say how far along a job is; a job of empty (or only up-to-date) files has only file counts.
  const percent = d.bytesTotal > 0 ? (d.bytesDone / d.bytesTotal) * 100 : d.filesTotal > 0 ? (d.filesDone / d.filesTotal) * 100 : 0;
  const failed = d.filesFailed > 0 ? ` · ${d.filesFailed} failed` : '';
  const finished = d.filesDone + d.filesFailed >= d.filesTotal;
  return {
    name: d.name,
    percent: Math.round(clamp(percent, 0, 100) * 10) / 10,
    amount: `${d.filesDone} of ${d.filesTotal} ${d.filesTotal === 1 ? 'file' : 'files'} · ${formatBytes(d.bytesDone)} of ${formatBytes(d.bytesTotal)}${failed}`,
    rate: `${formatBytes(d.rate)}/s`,
    eta: finished ? 'done' : etaText(d.etaSeconds),
  };
}

export function progressViews(progress: Progress | null): DestinationProgressView[] {
  return (progress?.destinations ?? []).map(destinationProgress);
}

export function etaText(seconds: number | null): string {
  return seconds === null || !Number.isFinite(seconds) || seconds < 0 ? '' : `${formatDuration(seconds)} left`;
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : min;
}
