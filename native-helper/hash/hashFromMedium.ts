import { closeFile } from '../fsutil/fileCalls';
import { DIRECT_IO_REFUSED, openFromMedium, openPlainly, type ReadSource } from '../fsutil/openFromMedium';
import { hashFile, type ReadPace, type ReadProfile } from './hashFile';

/**
 * Direct reads go to the disk, not to memory: large ones (4 MiB, as `dd bs=4M`) keep a disk busy with few
 * calls, and two in flight keep one waiting at the disk while the other is hashed. Every length and offset is
 * a whole number of blocks, into page-aligned buffers, as O_DIRECT requires. A copy under 512 KiB is one read.
 */
const MEDIUM_READS: ReadProfile = { chunkBytes: 4 * 1024 * 1024, readsAhead: 2, smallBytes: 512 * 1024 };

/**
 * XXH64 and size of `file` as its medium holds it (past the operating system's cache), and where the
 * bytes came from (each read first waits for `pace`, when given): a file system that refuses direct I/O is read through the cache, and says so.
 */
export async function hashFromMedium(file: string, expectedSize?: number, pace?: ReadPace): Promise<{ xxh64: string; size: number; source: ReadSource }> {
  let opened = await openFromMedium(file);
  const paced = pace && creditedPace(pace);
  try {
    try {
      return { ...(await hashFile(opened.fd, undefined, expectedSize, MEDIUM_READS, paced?.pace)), source: opened.source };
    } catch (error) {
      // Some file systems take an O_DIRECT open and refuse its reads.
      if ((error as NodeJS.ErrnoException).code !== 'EINVAL' || opened.source.from !== 'medium') throw error;
    }
    const direct = opened.fd;
    opened = await openPlainly(file, DIRECT_IO_REFUSED);
    await closeFile(direct);
    // The bytes paced for the refused reads were never read: the reads through the cache use them first.
    paced?.creditTaken();
    return { ...(await hashFile(opened.fd, undefined, expectedSize, MEDIUM_READS, paced?.pace)), source: opened.source };
  } finally {
    await closeFile(opened.fd).catch(() => undefined);
  }
}

/** `pace`, counting what it let through, so that a read started again can first spend that credit. */
function creditedPace(pace: ReadPace): { pace: ReadPace; creditTaken(): void } {
  let taken = 0;
  let credit = 0;
  return {
    pace: async (bytes) => {
      const free = Math.min(bytes, credit);
      credit -= free;
      taken += bytes - free;
      if (bytes > free) await pace(bytes - free);
    },
    creditTaken: () => {
      credit += taken;
      taken = 0;
    },
  };
}
