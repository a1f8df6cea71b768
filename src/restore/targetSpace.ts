import { formatBytes } from '../format/formatBytes';

/**
 * Whether a download of `size` bytes fits on the target's disk, given what its partial file already holds
 * on the disk (`allocated`: a resumed sparse file holds only the ranges written) and the bytes `free` there.
 * Undefined when it fits; otherwise the message, naming the file and the space it needs.
 */
export function noRoomFor(file: string, size: number, allocated: number, free: number): string | undefined {
  const needed = Math.max(0, size - allocated);
  if (needed <= free) return undefined;
  return `not enough space on the disk of ${file}: it needs ${formatBytes(needed)} more, ${formatBytes(free)} are free; free some space (or restore elsewhere with --to) and restore again`;
}

/** The disk filled up while the file was written (other writers took the space the check saw free). */
export function ranOutOfRoom(file: string, size: number): string {
  return `no space left on the device (ENOSPC) while writing ${file}, which needs ${formatBytes(size)}: free some space (or restore elsewhere with --to) and restore again`;
}
