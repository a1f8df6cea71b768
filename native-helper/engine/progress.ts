export interface DestinationProgress {
  name: string;
  filesDone: number;
  filesFailed: number;
  bytesWritten: number;
}

export interface ProgressSnapshot {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** Source bytes per second since the job started. */
  rate: number;
  etaSeconds: number | null;
  destinations: DestinationProgress[];
}

/** Counts a job's progress; `snapshot()` is what the CLI (and later the panel) shows. */
export class JobProgress {
  private readonly startedAt = performance.now();
  private filesDone = 0;
  private bytesDone = 0;
  private readonly perDestination: Map<string, DestinationProgress>;

  constructor(
    private readonly filesTotal: number,
    private readonly bytesTotal: number,
    destinations: readonly string[],
  ) {
    this.perDestination = new Map(destinations.map((name) => [name, { name, filesDone: 0, filesFailed: 0, bytesWritten: 0 }]));
  }

  sourceBytes(bytes: number): void {
    this.bytesDone += bytes;
  }

  destinationBytes(name: string, bytes: number): void {
    const d = this.perDestination.get(name);
    if (d) d.bytesWritten += bytes;
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
    const rate = seconds > 0 ? this.bytesDone / seconds : 0;
    const remaining = this.bytesTotal - this.bytesDone;
    return {
      filesDone: this.filesDone,
      filesTotal: this.filesTotal,
      bytesDone: this.bytesDone,
      bytesTotal: this.bytesTotal,
      rate,
      etaSeconds: rate > 0 ? remaining / rate : null,
      destinations: [...this.perDestination.values()].map((d) => ({ ...d })),
    };
  }
}
