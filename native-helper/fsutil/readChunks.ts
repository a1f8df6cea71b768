import type { BufferPool } from './bufferPool';
import { readAt } from './fileCalls';

const ignore = (): undefined => undefined;

/**
 * Reads a whole file through a pair of pooled buffers: while the caller works on one chunk (hashing
 * it, writing it), the next is already being read into the other. A yielded chunk stays valid until
 * the caller asks for the next one. With the file's `size` known (from a stat), a read that comes back
 * short exactly there is the end: no read more to see nothing, and a file that fits in a buffer is one read
 * (the pool hands out small buffers for it). A file that changed size reads on to its real end.
 */
export async function* readChunks(fd: number, pool: BufferPool, size?: number): AsyncGenerator<Buffer> {
  const pair = await pool.acquire(size);
  const length = pair[0].length;
  let position = 0;
  let index = 0;
  let pending: Promise<number> | undefined = readAt(fd, pair[0], 0, length, 0);
  // A read may fail while the caller is busy with the previous chunk: that error surfaces at the next
  // await, not as an unhandled rejection.
  pending.catch(ignore);
  try {
    for (;;) {
      const bytesRead = await pending!;
      pending = undefined;
      if (bytesRead === 0) return;
      const current = pair[index % 2]!;
      position += bytesRead;
      index += 1;
      const atEnd = bytesRead < length && position === size;
      if (!atEnd) {
        pending = readAt(fd, pair[index % 2]!, 0, length, position);
        pending.catch(ignore);
      }
      yield current.subarray(0, bytesRead);
      if (atEnd) return;
    }
  } finally {
    // A read still in flight writes into the pair: let it land before the pair goes back to the pool.
    if (pending) await pending.catch(ignore);
    pool.release(pair);
  }
}
