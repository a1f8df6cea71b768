/**
 * Writes into the host's project that wait for the editor: each write is an undo step, so it runs only once
 * the project has been left alone for a while (never between an editor's action and the next), and the
 * writes asked for meanwhile run as one.
 */
import type { Timers } from './rescanScheduler';

const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class QuietWrites {
  private timer: unknown = undefined;
  private pending = false;
  private chain = Promise.resolve();
  private disposed = false;

  constructor(
    private readonly write: () => Promise<void>,
    private readonly quietMs: number,
    private readonly timers: Timers = realTimers,
  ) {}

  /** A write is wanted: it runs once the project is quiet for `quietMs`, after the writes before it. */
  want(): void {
    if (this.disposed) return;
    this.pending = true;
    this.restart();
  }

  /** The editor changed the project: a write waiting waits again. */
  editorActed(): void {
    if (this.pending) this.restart();
  }

  /** Resolves once the writes started so far are done. */
  settled(): Promise<void> {
    return this.chain;
  }

  dispose(): void {
    this.disposed = true;
    this.pending = false;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private restart(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.pending = false;
      this.chain = this.chain.then(this.write).catch(() => undefined); // the write reports its own errors
    }, this.quietMs);
  }
}
