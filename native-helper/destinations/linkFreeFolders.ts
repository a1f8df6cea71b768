import fs from 'node:fs/promises';
import path from 'node:path';
import { realPath } from '../fsutil/fileCalls';

/**
 * Folders below a destination root reached without a symbolic link: a link there (made by anyone who can
 * write on the disk) would send a copy, its partial file or its rename outside the root. Node has no
 * openat(), so each path is checked right before it is used; a link swapped in between the check and the
 * call is the race that remains (README, "Honest limits").
 */
export class LinkUnderRootError extends Error {
  constructor(
    readonly where: string,
    readonly what: 'link' | 'not a folder' | 'root moved',
  ) {
    super(
      what === 'link'
        ? `${where} is a symbolic link; Threefold never writes or reads through a link under a destination (remove it, or choose another destination folder)`
        : what === 'not a folder'
          ? `${where} is in the way of a folder Threefold needs, and is not a folder`
          : `${where} now leads elsewhere than when this job began (a link changed?); nothing more is written there`,
    );
    this.name = 'LinkUnderRootError';
  }
}

/**
 * Whether `folder` (below `root`, whose real path was `rootReal` when first checked) is there and reached
 * through folders only. One realpath answers the common case; a differing answer (a link, the root moved, or
 * a name the file system spells otherwise: case, Unicode form) is settled segment by segment.
 */
export async function checkFolder(root: string, rootReal: string | undefined, folder: string): Promise<'present' | 'absent'> {
  if (folder === root) return 'present';
  let real: string | undefined;
  try {
    real = await realPath(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'ELOOP') throw error;
  }
  if (rootReal !== undefined && real === path.join(rootReal, path.relative(root, folder))) return 'present';
  if (rootReal !== undefined && (await realPath(root)) !== rootReal) throw new LinkUnderRootError(root, 'root moved');
  return walkSegments(root, folder);
}

/**
 * Creates `folder` below `root` one segment at a time with `mode`, never through a link: each existing
 * segment must be a folder (lstat), each missing one is made by a mkdir, which never follows a link.
 */
export async function makeFolders(root: string, folder: string, mode: number): Promise<void> {
  await walkSegments(root, folder, mode);
}

async function walkSegments(root: string, folder: string, createMode?: number): Promise<'present' | 'absent'> {
  let current = root;
  for (const segment of path.relative(root, folder).split(path.sep)) {
    current = path.join(current, segment);
    let st = await lstatOrAbsent(current);
    if (st === undefined) {
      if (createMode === undefined) return 'absent';
      try {
        await fs.mkdir(current, createMode);
        continue;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      st = await fs.lstat(current);
    }
    if (st.isSymbolicLink()) throw new LinkUnderRootError(current, 'link');
    if (!st.isDirectory()) throw new LinkUnderRootError(current, 'not a folder');
  }
  return 'present';
}

async function lstatOrAbsent(file: string): Promise<import('node:fs').Stats | undefined> {
  try {
    return await fs.lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
