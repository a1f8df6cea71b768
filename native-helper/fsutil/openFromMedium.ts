import fs from 'node:fs';
import { closeFile, openFile } from './fileCalls';

/**
 * Where a read of a file's bytes comes from: the medium itself (direct I/O past the page cache, or a file
 * system whose medium is memory), or only the operating system's cache, with the reason.
 */
export type ReadSource = { from: 'medium' } | { from: 'cache'; reason: string };

/** tmpfs and ramfs keep files in memory: what the cache holds is what the medium holds. */
const MEMORY_FILE_SYSTEMS = new Set([0x01021994, 0x858458f6]);

/** A copy under a destination is never read through a link at its name (a link there fails with ELOOP). */
const READ_NO_FOLLOW = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0);

/** Without this, Node has no direct I/O here (macOS and Windows need calls its `fs` does not make). */
const O_DIRECT: number | undefined = (fs.constants as { O_DIRECT?: number }).O_DIRECT;

const NO_DIRECT_IO = `direct I/O is not available to Node on ${process.platform}`;
export const DIRECT_IO_REFUSED = 'its file system refuses direct I/O';

/**
 * Opens `file` to read what its medium holds: with O_DIRECT where there is one (reads then need
 * page-aligned buffers, aligned offsets and lengths in whole blocks), else plainly, saying why.
 */
export async function openFromMedium(file: string): Promise<{ fd: number; source: ReadSource }> {
  if (O_DIRECT === undefined) return { fd: await openFile(file, READ_NO_FOLLOW), source: { from: 'cache', reason: NO_DIRECT_IO } };
  try {
    return { fd: await openFile(file, READ_NO_FOLLOW | O_DIRECT), source: { from: 'medium' } };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EINVAL') throw error;
  }
  return openPlainly(file, DIRECT_IO_REFUSED);
}

/** A plain descriptor for a file direct I/O could not read; from the medium still when that is memory. */
export async function openPlainly(file: string, reason: string): Promise<{ fd: number; source: ReadSource }> {
  const fd = await openFile(file, READ_NO_FOLLOW);
  try {
    const { type } = await fs.promises.statfs(file);
    return { fd, source: MEMORY_FILE_SYSTEMS.has(type) ? { from: 'medium' } : { from: 'cache', reason } };
  } catch (error) {
    await closeFile(fd).catch(() => undefined);
    throw error;
  }
}
