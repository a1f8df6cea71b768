import type { FileHandle } from 'node:fs/promises';
import type { BufferPool } from './bufferPool';

const ignore = (): undefined => undefined;

/**
 * Reads a whole file through a pair of pooled buffers: while the caller works on one chunk (hashing
 * it, writing it), the next is already being read into the other. A yielded chunk stays valid until
 * the caller asks for the next one.
 */
export async function* readChunks(handle: FileHandle, pool: BufferPool): AsyncGenerator<Buffer> {
  const pair = await pool.acquire();
  const size = pool.bufferSize;
  let position = 0;
  let index = 0;
  let pending: Promise<{ bytesRead: number }> | undefined = handle.read(pair[0], 0, size, 0);
  // A read may fail while the caller is busy with the previous chunk: that error surfaces at the next
  // await, not as an unhandled rejection.
  pending.catch(ignore);
  try {
    for (;;) {
      const { bytesRead } = await pending;
      pending = undefined;
      if (bytesRead === 0) return;
      const current = pair[index % 2]!;
      position += bytesRead;
      index += 1;
      pending = handle.read(pair[index % 2]!, 0, size, position);
      pending.catch(ignore);
      yield current.subarray(0, bytesRead);
    }
  } finally {
    // A read still in flight writes into the pair: let it land before the pair goes back to the pool.
    if (pending) await pending.catch(ignore);
    pool.release(pair);
  }
}
