import fs from 'node:fs/promises';
import path from 'node:path';
import { DestinationError } from '../../destinations/destination';
import { checkFolder } from '../../destinations/linkFreeFolders';
import { LocalFolderDestination } from '../../destinations/localFolder';
import { describeFsError } from '../../errors';
import type { BufferPool } from '../../fsutil/bufferPool';
import { realPath, renameFile } from '../../fsutil/fileCalls';
import { syncFolder } from '../../fsutil/writeFileAtomic';

/**
 * A folder restored files are written under, with the care a destination gets: folders below it made one
 * segment at a time and never through a link, a partial file created exclusively without following a link
 * at its name, read back from the medium before it takes its final name. It is a local folder
 * destination of its own, whose root is the `--to` folder (or, in place, the nearest folder that exists).
 */
export class TargetRoot {
  readonly folder: LocalFolderDestination;
  /** Folders where a file took its name since the last flush. */
  private readonly unsynced = new Set<string>();
  /** The root with its links resolved at its first check: folders below it must resolve to themselves under it. */
  private rootReal: string | undefined;

  constructor(
    readonly root: string,
    pool: BufferPool,
  ) {
    this.folder = new LocalFolderDestination({ name: 'restore target', media: 'restore', offsite: false }, root, pool);
  }

  /** A file took its name in `folder`: the name is durable at the next flush. */
  placed(folder: string): void {
    this.unsynced.add(folder);
  }

  /** Makes every name given so far durable: one folder sync for all the files placed in it. */
  async flush(): Promise<void> {
    for (const folder of [...this.unsynced]) {
      await syncFolder(folder);
      this.unsynced.delete(folder);
    }
    await this.folder.flush();
  }

  /** Whether `folder` (under the root) is there, reached without a link; a root that moved throws. */
  async holds(folder: string): Promise<boolean> {
    this.rootReal ??= await realPath(this.root);
    return (await checkFolder(this.root, this.rootReal, folder)) === 'present';
  }

  /** `file` (a path under the root) as a key of the root's folder destination. */
  keyOf(file: string): string {
    return path.relative(this.root, file).split(path.sep).join('/');
  }
}

/** What is at a restore's target now. */
export type ExistingTarget = { kind: 'none' } | { kind: 'file'; size: number } | { kind: 'not-a-file'; what: string };

/** What is at `file`, without following a link at its name (a link there is no file to compare). */
export async function existingTarget(file: string): Promise<ExistingTarget> {
  try {
    const st = await fs.lstat(file);
    if (st.isFile()) return { kind: 'file', size: st.size };
    return { kind: 'not-a-file', what: st.isSymbolicLink() ? 'a symbolic link' : st.isDirectory() ? 'a folder' : 'something other than a file' };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'none' };
    throw error;
  }
}

/** Codes of a file system that takes no hard link (FAT, exFAT, some network shares). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'ENOSYS']);

/**
 * Gives a verified partial file its final name (durable at the root's next flush) without replacing anything: link() fails when the name is
 * taken (by a file, a link or anything else), atomically. Where hard links are refused, the name is looked
 * at right before a rename (a file appearing in between is the race that remains there).
 */
export async function placeWithoutReplacing(root: TargetRoot, partial: string, final: string): Promise<void> {
  const folder = path.dirname(final);
  // link() would follow a link in place of a folder on the way: checked right before.
  if (!(await root.holds(folder))) throw new DestinationError('restore target', `${folder} is gone`);
  try {
    await fs.link(partial, final);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') throw new DestinationError('restore target', `${final} appeared while it was restored; nothing was replaced`);
    if (!NO_HARD_LINKS.has(code)) throw new DestinationError('restore target', `cannot write ${final}: ${describeFsError(error)}`);
    if ((await existingTarget(final)).kind !== 'none')
      throw new DestinationError('restore target', `${final} appeared while it was restored; nothing was replaced`);
    await renameFile(partial, final);
    root.placed(folder);
    return;
  }
  await fs.unlink(partial);
  root.placed(folder);
}

/** A cloud copy carries no permission bits: a restored file is its owner's alone until told otherwise. */
export const OWNER_ONLY = 0o600;

/** A local copy's permission bits: the source's, as far as the copy kept them (owner-only when unknown). */
export async function localMode(location: string): Promise<number> {
  return ((await fs.lstat(location).catch(() => undefined))?.mode ?? OWNER_ONLY) & 0o777;
}

export async function isFolder(p: string): Promise<boolean> {
  return (await fs.stat(p).catch(() => undefined))?.isDirectory() === true;
}

/** The nearest folder on the way to `p` that exists (`p` itself when it is one): a restore's root in place. */
export async function nearestFolder(p: string): Promise<string> {
  let folder = p;
  while (!(await isFolder(folder)) && path.dirname(folder) !== folder) folder = path.dirname(folder);
  return folder;
}
