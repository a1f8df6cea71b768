import type { Progress } from '../../src/protocol/messages';

/** What the CLI's progress bar and the panel's progress bars show (the protocol's shape). */
export type ProgressSnapshot = Progress;

interface DestinationTally {
  filesDone: number;
  filesFailed: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
}

/** Counts a job's progress, as a whole and per destination. */
export class JobProgress {
  private readonly startedAt = performance.now();
  private readonly filesTotal: number;
  private readonly bytesTotal: number;
  private filesDone = 0;
  private bytesDone = 0;
  /** The file started last: the one a client names as being copied. */
  private current: string | undefined;
  /** Destinations that failed whole (dropped from the job): their files will not come. */
  private readonly lost = new Set<string>();
  private readonly perDestination: Map<string, DestinationTally>;

  constructor(tasks: ReadonlyArray<{ source: { size: number }; destinations: readonly string[] }>, destinations: readonly string[]) {
    this.filesTotal = tasks.length;
    this.bytesTotal = tasks.reduce((sum, t) => sum + t.source.size, 0);
    this.perDestination = new Map(destinations.map((name) => [name, { filesDone: 0, filesFailed: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0 }]));
    for (const task of tasks) {
      for (const name of task.destinations) {
        const d = this.perDestination.get(name);
        if (!d) continue;
        d.filesTotal += 1;
        d.bytesTotal += task.source.size;
      }
    }
  }

  fileStarted(path: string): void {
    this.current = path;
  }

  /** A destination dropped from the job: the files it still waited for count as failed there. */
  destinationLost(name: string): void {
    const d = this.perDestination.get(name);
    if (!d) return;
    this.lost.add(name);
    d.filesFailed = Math.max(d.filesFailed, d.filesTotal - d.filesDone);
  }

  sourceBytes(bytes: number): void {
    this.bytesDone += bytes;
  }

  destinationBytes(name: string, bytes: number): void {
    const d = this.perDestination.get(name);
    if (d) d.bytesDone += bytes;
  }

  /** A file's copies on some destinations are done; `complete` when no destination still waits for it. */
  fileDone(outcomes: ReadonlyMap<string, { ok: boolean }>, complete = true): void {
    if (complete) this.filesDone += 1;
    for (const [name, outcome] of outcomes) {
      const d = this.perDestination.get(name);
      if (!d) continue;
      if (outcome.ok) d.filesDone += 1;
      else d.filesFailed += 1;
    }
  }

  snapshot(): ProgressSnapshot {
    const seconds = (performance.now() - this.startedAt) / 1000;
    return {
      filesDone: this.filesDone,
      filesTotal: this.filesTotal,
      bytesDone: this.bytesDone,
      bytesTotal: this.bytesTotal,
      ...rateAndEta(this.bytesDone, this.bytesTotal, seconds),
      ...(this.current === undefined ? {} : { current: this.current }),
      destinations: [...this.perDestination].map(([name, d]) => ({
        name,
        ...d,
        ...rateAndEta(d.bytesDone, d.bytesTotal, seconds),
        ...(this.lost.has(name) ? { failed: true } : {}),
      })),
    };
  }
}

/** Bytes per second since the start, and the seconds left at that pace (unknown before any byte). */
function rateAndEta(done: number, total: number, seconds: number): { rate: number; etaSeconds: number | null } {
  const rate = seconds > 0 ? done / seconds : 0;
  return { rate, etaSeconds: rate > 0 ? Math.max(0, total - done) / rate : null };
}
