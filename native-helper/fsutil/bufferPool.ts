import { alignedBuffers } from './alignedBuffers';

/** Two buffers for double-buffered reading: one being filled while the other is used. */
export type BufferPair = readonly [Buffer, Buffer];

/**
 * Large read buffers, reused and handed out in pairs: memory stays bounded (count × 2 × size) whatever
 * the files, no buffer per chunk for the garbage collector, and no reader ever holds one buffer while
 * waiting for a second (which could deadlock). With `small`, pairs of small buffers too, for files that fit
 * in one: many small files are copied at once, and each of them would otherwise hold two large buffers.
 */
export class BufferPool {
  private readonly free: BufferPair[] = [];
  private readonly waiters: Array<(pair: BufferPair) => void> = [];
  private readonly small: BufferPool | undefined;

  constructor(
    readonly bufferSize: number,
    pairs: number,
    small?: { bufferSize: number; pairs: number },
  ) {
    // Page-aligned: the kernel copies into them about three times as fast (see alignedBuffers).
    const buffers = alignedBuffers(2 * pairs, bufferSize);
    for (let i = 0; i < pairs; i++) this.free.push([buffers[2 * i]!, buffers[2 * i + 1]!]);
    this.small = small && new BufferPool(small.bufferSize, small.pairs);
  }

  /** A pair; a small one for a file of `fileSize` bytes that fits in one small buffer with room to see its end. */
  acquire(fileSize?: number): Promise<BufferPair> {
    if (this.small && fileSize !== undefined && fileSize < this.small.bufferSize) return this.small.acquire();
    const pair = this.free.pop();
    if (pair) return Promise.resolve(pair);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(pair: BufferPair): void {
    if (this.small && pair[0].length === this.small.bufferSize) {
      this.small.release(pair);
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) waiter(pair);
    else this.free.push(pair);
  }
}
