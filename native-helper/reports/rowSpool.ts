import fs from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';

/** Rows are written to the file in pieces of about this many characters, and read back in chunks of this many bytes. */
const FLUSH_CHARS = 256 * 1024;
const READ_BYTES = 1024 * 1024;

/**
 * A table's rows kept in a file of their own (one JSON array a line, which escapes any line break a name
 * holds) as a pass over the catalog makes them, and read back from the start each time a rendering asks:
 * a report of 100,000 files holds none of its rows in memory, and every format shows the same rows.
 * Reading is synchronous, as a `ReportTable`'s rows are.
 */
export class RowSpool {
  private pending = '';
  private appended = 0;

  private constructor(private readonly fd: number) {}

  /** A new spool file in `dir` (a private folder the caller removes). */
  static create(dir: string, name: string): RowSpool {
    return new RowSpool(fs.openSync(path.join(dir, name), 'wx+', 0o600));
  }

  get count(): number {
    return this.appended;
  }

  append(row: readonly string[]): void {
    this.pending += `${JSON.stringify(row)}\n`;
    this.appended += 1;
    if (this.pending.length >= FLUSH_CHARS) this.flush();
  }

  /** Every row appended, in order. */
  *rows(): Generator<string[]> {
    this.flush();
    const decoder = new StringDecoder('utf8');
    const chunk = Buffer.allocUnsafe(READ_BYTES);
    let position = 0;
    let rest = '';
    for (;;) {
      const read = fs.readSync(this.fd, chunk, 0, READ_BYTES, position);
      if (read === 0) break;
      position += read;
      const lines = (rest + decoder.write(chunk.subarray(0, read))).split('\n');
      rest = lines.pop()!;
      for (const line of lines) yield JSON.parse(line) as string[];
    }
  }

  close(): void {
    fs.closeSync(this.fd);
  }

  private flush(): void {
    if (this.pending === '') return;
    const bytes = Buffer.from(this.pending, 'utf8');
    this.pending = '';
    // Appended at the end whatever was read: reads give their position, writes go after the last write.
    let written = 0;
    while (written < bytes.length) written += fs.writeSync(this.fd, bytes, written, bytes.length - written);
  }
}
