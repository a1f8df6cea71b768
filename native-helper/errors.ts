/** A mistake the user can fix (bad arguments, bad configuration): reported plainly, exit code 2. */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

/** A short, human reason for a failed file-system call ("disk full", "permission denied"). */
export function describeFsError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const reason = e?.code ? FS_REASONS[e.code] : undefined;
  if (reason) return `${reason} (${e.code})`;
  return e instanceof Error ? e.message : String(error);
}

const FS_REASONS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'is a folder, not a file',
  EEXIST: 'something is already at that name (a file where a folder is needed?)',
  ENAMETOOLONG: 'the name or path is too long for the file system',
  EROFS: 'the file system is read-only',
  EIO: 'input/output error (failing disk or lost connection)',
  ELOOP: 'too many symbolic links (a link loop?)',
  EBUSY: 'the file is busy',
  EMFILE: 'too many open files',
  ENXIO: 'no such device',
  ENODEV: 'no such device',
  ESTALE: 'stale network file handle',
};
