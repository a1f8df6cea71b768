import { SingleBar } from 'cli-progress';
import { formatBytes, formatDuration } from '../../../src/format/formatBytes';
import type { ProgressSnapshot } from '../../engine/progress';

const LINE_INTERVAL_MS = 10_000;

/**
 * Live progress on a terminal (a bar on stderr, redrawn in place); elsewhere (logs, CI) a plain line
 * every ten seconds. Returns the callback for the engine and a function that ends the display.
 */
export function progressDisplay(verb: string): { onProgress: (s: ProgressSnapshot) => void; stop: () => void } {
  if (process.stderr.isTTY) {
    const bar = new SingleBar({
      format: `${verb} {bar} {percentage}% | {files} files | {bytes} | {rate} | ETA {eta_human}`,
      barCompleteChar: '█',
      barIncompleteChar: '░',
      hideCursor: true,
      stream: process.stderr,
      etaBuffer: 50,
    });
    let started = false;
    return {
      onProgress: (s) => {
        const payload = describe(s);
        if (!started) {
          bar.start(Math.max(1, s.bytesTotal), s.bytesDone, payload);
          started = true;
        } else bar.update(s.bytesDone, payload);
      },
      stop: () => {
        if (started) bar.stop();
      },
    };
  }
  let last = Date.now();
  return {
    onProgress: (s) => {
      const now = Date.now();
      if (now - last < LINE_INTERVAL_MS) return;
      last = now;
      const d = describe(s);
      process.stderr.write(`${verb}: ${d.files} files, ${d.bytes}, ${d.rate}, ETA ${d.eta_human}\n`);
    },
    stop: () => undefined,
  };
}

function describe(s: ProgressSnapshot): Record<string, string> {
  return {
    files: `${s.filesDone}/${s.filesTotal}`,
    bytes: `${formatBytes(s.bytesDone)}/${formatBytes(s.bytesTotal)}`,
    rate: `${formatBytes(s.rate)}/s`,
    eta_human: s.etaSeconds === null ? '?' : formatDuration(s.etaSeconds),
  };
}
