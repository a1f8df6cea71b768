import fs from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { alignedBuffers } from './alignedBuffers';
import { createXxh64 } from './xxh64';

/**
 * Chosen by measurement on this project's 2-core machine (BENCHMARKS.md, "How the hasher reads"): with
 * four reads in flight a libuv thread reads while the main thread hashes; 1 MiB chunks did as well as
 * 512 KiB and better than 256 KiB (fewer callbacks) or 2 MiB.
 */
const CHUNK_BYTES = 1024 * 1024;
const READS_AHEAD = 4;

const ignore = (): undefined => undefined;

/** Buffers of finished hashes, kept for the next (as many sets as ever ran at once): mapping a WebAssembly memory per file costs. */
const spareSets: Buffer[][] = [];

/**
 * XXH64 (as `xxhsum -H1` prints it) and size of the whole file behind `handle`, from its first byte. Reads
 * go straight to `fs.read` (no promise per FileHandle.read) into page-aligned buffers reused throughout.
 */
export async function hashFile(handle: FileHandle, signal?: AbortSignal): Promise<{ xxh64: string; size: number }> {
  const hasher = await createXxh64();
  const buffers = spareSets.pop() ?? alignedBuffers(READS_AHEAD, CHUNK_BYTES);
  const free = [...buffers];
  const inFlight: Array<{ buffer: Buffer; read: Promise<number> }> = [];
  let next = 0;
  const readAhead = (): void => {
    for (let buffer = free.pop(); buffer; buffer = free.pop()) {
      const position = next;
      const read = new Promise<number>((resolve, reject) => {
        fs.read(handle.fd, buffer, 0, CHUNK_BYTES, position, (error, bytesRead) => (error ? reject(error) : resolve(bytesRead)));
      });
      read.catch(ignore); // a failure surfaces when its turn comes, not as an unhandled rejection
      inFlight.push({ buffer, read });
      next += CHUNK_BYTES;
    }
  };
  let size = 0;
  try {
    for (;;) {
      readAhead();
      const { buffer, read } = inFlight.shift()!;
      const bytesRead = await read;
      signal?.throwIfAborted();
      hasher.update(buffer.subarray(0, bytesRead));
      size += bytesRead;
      if (bytesRead < CHUNK_BYTES) {
        // The end, or a short read (some network file systems): reads already sent started past this byte.
        for (const later of inFlight.splice(0)) free.push(await later.read.then(() => later.buffer, () => later.buffer));
        if (bytesRead === 0) break;
        next = size;
      }
      free.push(buffer);
    }
  } finally {
    // Reads still in flight write into the buffers: let them land first.
    await Promise.all(inFlight.map((r) => r.read.catch(ignore)));
    spareSets.push(buffers);
  }
  return { xxh64: hasher.digestHex(), size };
}
