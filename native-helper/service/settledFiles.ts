import fs from 'node:fs/promises';

/**
 * Tells of a file once it has stayed still: the same size and mtime across `settleMs` after the last
 * event about it. A save in progress, or a clip still being copied in, is never reported while it grows.
 * (chokidar's awaitWriteFinish compares sizes only: a project saved again at the same size would pass.)
 */
export class SettledFiles {
  private readonly waiting = new Map<string, { timer: NodeJS.Timeout; seen: string | null }>();

  constructor(
    private readonly settleMs: number,
    private readonly onSettled: (file: string) => void,
  ) {}

  /** Something happened to the file: it is looked at again once it has had `settleMs` to settle. */
  touched(file: string): void {
    const entry = this.waiting.get(file);
    if (entry) clearTimeout(entry.timer);
    void this.look(file).then((seen) => this.wait(file, seen));
  }

  close(): void {
    for (const { timer } of this.waiting.values()) clearTimeout(timer);
    this.waiting.clear();
  }

  private wait(file: string, seen: string | null): void {
    const previous = this.waiting.get(file);
    if (previous) clearTimeout(previous.timer);
    const timer = setTimeout(() => void this.check(file, seen), this.settleMs);
    timer.unref();
    this.waiting.set(file, { timer, seen });
  }

  private async check(file: string, before: string | null): Promise<void> {
    const now = await this.look(file);
    if (now === null) {
      this.waiting.delete(file); // gone (a temporary file renamed into place): its new name has its own event
      return;
    }
    if (now !== before) {
      this.wait(file, now);
      return;
    }
    this.waiting.delete(file);
    this.onSettled(file);
  }

  /** Size and mtime, as one comparable string; null when it is not a file now. */
  private async look(file: string): Promise<string | null> {
    const st = await fs.stat(file).catch(() => undefined);
    return st?.isFile() ? `${st.size}:${st.mtimeMs}` : null;
  }
}
