import type { CacheReadBacks } from '../../engine/jobReport';

/** One plain line per destination whose copies were read back from the cache, not from their disk. */
export function cacheReadBackLines(readFromCache: readonly CacheReadBacks[]): string[] {
  return readFromCache.map(({ destination, copies, reason }) => {
    const these = copies === 1 ? '1 copy' : `${copies} copies`;
    return (
      `note: ${these} on ${destination} ${copies === 1 ? 'was' : 'were'} read back from the operating system's cache, not from the disk (${reason}): ` +
      'a disk that loses or corrupts writes is not caught there.'
    );
  });
}
