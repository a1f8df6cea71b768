import fs from 'node:fs';
import { alignedBuffers } from '../hash/alignedBuffers';
import { truncateFile, writeAllAt } from './fileCalls';

/** Linux's flag for I/O past the page cache; Node has none elsewhere. */
export const O_DIRECT: number | undefined = (fs.constants as { O_DIRECT?: number }).O_DIRECT;

/** Direct writes go in whole blocks at block offsets from page-aligned memory: a page covers any logical block up to it. */
const BLOCK = 4096;

/**
 * A file's bytes written in order through a descriptor opened with O_DIRECT: each chunk straight from its
 * buffer (the pool's page-aligned ones), no copy into the page cache. Bytes past the last whole block wait
 * in a block of their own; `finish` writes that block zero-padded and truncates the file to its real size.
 * A chunk that would not start a block (after a short one, or outside an aligned buffer) is copied first.
 */
export class DirectWrites {
  /** Bytes on the disk in whole blocks. */
  private blocksEnd = 0;
  private tail: Buffer | undefined;
  private tailLength = 0;

  constructor(private readonly fd: number) {}

  async write(chunk: Uint8Array): Promise<void> {
    const data = this.tailLength === 0 && chunk.byteOffset % BLOCK === 0 ? chunk : this.joinedWithTail(chunk);
    const whole = data.byteLength - (data.byteLength % BLOCK);
    if (whole > 0) await writeAllAt(this.fd, data.subarray(0, whole), this.blocksEnd);
    this.blocksEnd += whole;
    this.tailLength = data.byteLength - whole;
    if (this.tailLength > 0) {
      this.tail ??= alignedBuffers(1, BLOCK)[0]!;
      this.tail.set(data.subarray(whole));
    }
  }

  /** Writes the bytes past the last whole block, if any, and leaves the file exactly as long as what was written. */
  async finish(): Promise<void> {
    if (this.tailLength === 0 || this.tail === undefined) return;
    this.tail.fill(0, this.tailLength);
    await writeAllAt(this.fd, this.tail, this.blocksEnd);
    await truncateFile(this.fd, this.blocksEnd + this.tailLength);
  }

  /** The waiting tail then `chunk`, in an aligned buffer of whole blocks' room. */
  private joinedWithTail(chunk: Uint8Array): Buffer {
    const length = this.tailLength + chunk.byteLength;
    const joined = alignedBuffers(1, Math.ceil(length / BLOCK) * BLOCK)[0]!.subarray(0, length);
    if (this.tail !== undefined) joined.set(this.tail.subarray(0, this.tailLength));
    joined.set(chunk, this.tailLength);
    return joined;
  }
}
