/**
 * How far a file being written has reached its medium, for a read-back that trails its writer: a read of a
 * range starts only once the range is written, and the whole file is read once the writer is done.
 */
export class WriteFront {
  private written = 0;
  private finished = false;
  private wake: (() => void) | undefined;

  /** Bytes from the start that are on the medium; the file's size once done. */
  get end(): number {
    return this.written;
  }

  get done(): boolean {
    return this.finished;
  }

  /** Everything before `end` is written. */
  advance(end: number): void {
    this.written = end;
    this.notify();
  }

  /** The file is complete at `size` bytes; also called to let a waiting reader go when the writer gives up. */
  finish(size: number): void {
    this.written = size;
    this.finished = true;
    this.notify();
  }

  /** Resolves at the next move of the front. */
  moved(): Promise<void> {
    return new Promise((resolve) => {
      const before = this.wake;
      this.wake = () => {
        before?.();
        resolve();
      };
    });
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
