import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { MhlAction, MhlEntry } from './manifest';

/**
 * A generation's entries, appended to a local file as a job records its copies and read back in the
 * same order when the generation is written: a job of 100,000 files holds none of them in memory.
 */
export class MhlEntrySpool {
  private appended = 0;

  private constructor(
    private readonly file: string,
    private readonly handle: fs.FileHandle,
  ) {}

  static async create(file: string): Promise<MhlEntrySpool> {
    return new MhlEntrySpool(file, await fs.open(file, 'wx'));
  }

  get count(): number {
    return this.appended;
  }

  async append(entries: readonly MhlEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // A file handle's writeFile writes it all, after what was written before.
    await this.handle.writeFile(entries.map(entryLine).join(''));
    this.appended += entries.length;
  }

  async *entries(): AsyncGenerator<MhlEntry> {
    const lines = createInterface({ input: createReadStream(this.file, { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const line of lines) yield entryFromLine(line);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/**
 * One entry as one line of JSON. JSON escapes \n and \r but not U+2028/U+2029, which Node's readline (24)
 * also ends a line at: those are escaped here.
 */
export function entryLine(e: MhlEntry): string {
  const json = JSON.stringify([e.path, e.size, e.mtimeMs, e.xxh64, e.action, e.hashDate.getTime()]);
  return `${json.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}\n`;
}

export function entryFromLine(line: string): MhlEntry {
  const [path, size, mtimeMs, xxh64, action, hashDateMs] = JSON.parse(line) as [string, number, number, string, MhlAction, number];
  return { path, size, mtimeMs, xxh64, action, hashDate: new Date(hashDateMs) };
}
