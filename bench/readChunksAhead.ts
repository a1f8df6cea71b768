import type { FileHandle } from 'node:fs/promises';

const ignore = (): undefined => undefined;

/**
 * The read path of the engine's hashing pass before hashFile (kept here only as the hash benchmark's
 * comparison): a whole file in order with `ahead` reads in flight, each into a buffer of its own. A short
 * read before the end costs the read-ahead, never a byte.
 */
export async function* readChunksAhead(handle: FileHandle, chunkSize: number, ahead: number): AsyncGenerator<Buffer> {
  const free: Buffer[] = Array.from({ length: ahead + 1 }, () => Buffer.allocUnsafeSlow(chunkSize));
  const inFlight: Array<{ buffer: Buffer; position: number; read: Promise<{ bytesRead: number }> }> = [];
  let position = 0;
  const fill = (): void => {
    while (inFlight.length < ahead && free.length > 0) {
      const buffer = free.pop()!;
      const read = handle.read(buffer, 0, chunkSize, position);
      read.catch(ignore);
      inFlight.push({ buffer, position, read });
      position += chunkSize;
    }
  };
  try {
    for (;;) {
      fill();
      const { buffer, position: at, read } = inFlight.shift()!;
      const { bytesRead } = await read;
      if (bytesRead < chunkSize) {
        // The end of the file, or a short read: the reads after this one started past the next byte.
        for (const later of inFlight.splice(0)) {
          await later.read.catch(ignore);
          free.push(later.buffer);
        }
        position = at + bytesRead;
      }
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
      free.push(buffer);
    }
  } finally {
    // Reads still in flight write into the buffers: let them land first.
    await Promise.all(inFlight.map((r) => r.read.catch(ignore)));
  }
}
