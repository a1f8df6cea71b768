/**
 * Rescans of the project on the host's 'dirty' events: debounced (an edit session fires many), and never
 * two at once (a request during a rescan runs one more after it). With a period, a quiet project is also
 * rescanned that long after its last rescan: Premiere's DIRTY may fire only when the flag flips, and has
 * no event for every kind of change.
 */

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class RescanScheduler {
  private timer: unknown = undefined;
  private running = false;
  private again = false;
  private disposed = false;

  constructor(
    private readonly rescan: () => Promise<void>,
    private readonly delayMs: number,
    private readonly timers: Timers = realTimers,
    private readonly periodMs: number | null = null,
  ) {}

  /** A change: rescan once things are quiet for `delayMs`. */
  request(): void {
    if (this.disposed) return;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      void this.runNow();
    }, this.delayMs);
  }

  /** Rescans now (a project switch), or right after the rescan in progress. */
  async runNow(): Promise<void> {
    if (this.disposed) return;
    if (this.timer !== undefined) {
      this.timers.clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        await this.rescan().catch(() => undefined); // the rescan reports its own errors
      } while (this.again && !this.disposed);
    } finally {
      this.running = false;
    }
    if (this.periodMs !== null && this.timer === undefined && !this.disposed) {
      this.timer = this.timers.setTimeout(() => {
        this.timer = undefined;
        void this.runNow();
      }, this.periodMs);
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
