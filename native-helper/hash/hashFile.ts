import { readAt } from '../fsutil/fileCalls';
import { alignedBuffers } from '../fsutil/alignedBuffers';
import { createXxh64 } from './xxh64';

/** How a file is read: chunks of `chunkBytes` with `readsAhead` in flight, or one read of `smallBytes` for a smaller file. */
export interface ReadProfile {
  chunkBytes: number;
  readsAhead: number;
  smallBytes: number;
}

/**
 * Chosen by measurement on this project's 2-core machine (bench/findings.md, "How the hasher reads"): with
 * four reads in flight a libuv thread reads while the main thread hashes; 1 MiB chunks did as well as
 * 512 KiB and better than 256 KiB (fewer callbacks) or 2 MiB. A file expected smaller than 256 KiB (a small
 * copy read back) is read in one read.
 */
const CACHED_READS: ReadProfile = { chunkBytes: 1024 * 1024, readsAhead: 4, smallBytes: 256 * 1024 };

/** Waits until `bytes` more may be read (an I/O budget); rejecting stops the hash. */
export type ReadPace = (bytes: number) => Promise<void>;

const ignore = (): undefined => undefined;

/**
 * Buffers of finished hashes, per profile and size, kept for the next (as many sets as ever ran at once):
 * mapping a WebAssembly memory per file costs.
 */
const spares = new Map<ReadProfile, { sets: Buffer[][]; small: Buffer[][] }>();

/**
 * XXH64 (as `xxhsum -H1` prints it) and size of the whole file behind the descriptor `fd`,
 * from its first byte. Reads go straight to `fs.read` (no promise per FileHandle.read) into page-aligned
 * buffers reused throughout. With `expectedSize` no read starts past it, and a read that comes back short
 * exactly there is the end (no read more to see nothing); a file of another size is still read to its end.
 */
export async function hashFile(
  fd: number,
  signal?: AbortSignal,
  expectedSize?: number,
  profile = CACHED_READS,
  pace?: ReadPace,
): Promise<{ xxh64: string; size: number }> {
  const hasher = await createXxh64();
  const small = expectedSize !== undefined && expectedSize < profile.smallBytes;
  const kept = spares.get(profile) ?? spares.set(profile, { sets: [], small: [] }).get(profile)!;
  const spare = small ? kept.small : kept.sets;
  const buffers = spare.pop() ?? (small ? alignedBuffers(1, profile.smallBytes) : alignedBuffers(profile.readsAhead, profile.chunkBytes));
  const chunkBytes = buffers[0]!.length;
  const free = [...buffers];
  const inFlight: Array<{ buffer: Buffer; read: Promise<number> }> = [];
  let next = 0;
  let limit = expectedSize ?? Infinity;
  const readAhead = async (): Promise<void> => {
    while (next <= limit && free.length > 0) {
      // Paced before it is sent, by the bytes it can bring: no read starts beyond what the pace allows.
      if (pace) await pace(Math.max(0, Math.min(chunkBytes, limit - next)));
      const buffer = free.pop()!;
      const read = readAt(fd, buffer, 0, chunkBytes, next);
      read.catch(ignore); // a failure surfaces when its turn comes, not as an unhandled rejection
      inFlight.push({ buffer, read });
      next += chunkBytes;
    }
  };
  let size = 0;
  try {
    for (;;) {
      await readAhead();
      if (inFlight.length === 0) {
        // Longer than expected: read on to the end (its hash then differs from the expected one).
        limit = Infinity;
        await readAhead();
      }
      const { buffer, read } = inFlight.shift()!;
      const bytesRead = await read;
      signal?.throwIfAborted();
      hasher.update(buffer.subarray(0, bytesRead));
      size += bytesRead;
      if (bytesRead < chunkBytes) {
        // The end, or a short read (some network file systems): reads already sent started past this byte.
        for (const later of inFlight.splice(0))
          free.push(
            await later.read.then(
              () => later.buffer,
              () => later.buffer,
            ),
          );
        if (bytesRead === 0 || size === expectedSize) break;
        next = size;
      }
      free.push(buffer);
    }
  } finally {
    // Reads still in flight write into the buffers: let them land first.
    await Promise.all(inFlight.map((r) => r.read.catch(ignore)));
    spare.push(buffers);
  }
  return { xxh64: hasher.digestHex(), size };
}
