import { isSameOrInside } from '../paths/containment';
import { foldKey } from '../paths/foldKey';
import { mapSourcePath, PathMappingError } from '../paths/mapSourcePath';

/**
 * Where a restored file goes: in place (its recorded source path) or, under a new root, at the source's
 * natural key (mapSourcePath: the volume as the first folder), the layout a destination keeps:
 *
 *   /Volumes/Media/Ferry/A001.mov  under /Volumes/New  →  /Volumes/New/Media/Ferry/A001.mov
 *   C:\Media\x.mov                 under D:\Restore    →  D:\Restore\C\Media\x.mov
 */
export type TargetMapping = { ok: true; target: string } | { ok: false; reason: string };

export function restoreTargetPath(sourcePath: string, root: string | undefined): TargetMapping {
  let key: string;
  try {
    // In place too: a recorded path with `..` (a catalog learnt from someone else's destination) goes nowhere.
    key = mapSourcePath(sourcePath);
  } catch (error) {
    if (!(error instanceof PathMappingError)) throw error;
    return { ok: false, reason: root === undefined ? error.message : `it would not stay inside ${root}: ${error.message}` };
  }
  if (root === undefined) return { ok: true, target: sourcePath };
  const separator = isWindowsPath(root) ? '\\' : '/';
  const base = root.length > 1 && /[\\/]$/.test(root) && !/^[A-Za-z]:[\\/]$/.test(root) ? root.replace(/[\\/]+$/, '') : root;
  const target = `${base}${/[\\/]$/.test(base) ? '' : separator}${key.split('/').join(separator)}`;
  // mapSourcePath refuses `..` and empty segments; this keeps the promise even if it ever did not.
  if (!isSameOrInside(target, root) || target === root) return { ok: false, reason: `it would not stay inside ${root}` };
  return { ok: true, target };
}

/**
 * The targets of many sources under one root: two sources whose targets a file system could take for one
 * file (case, Unicode form, `/Volumes/X/a` and `/X/a`) never share one: the later is refused, with the reason.
 * In place, each source goes back to its own path: distinct files there, as they were.
 */
export function restoreTargets(sourcePaths: readonly string[], root: string | undefined): Map<string, TargetMapping> {
  const taken = new Map<string, string>();
  const result = new Map<string, TargetMapping>();
  for (const source of sourcePaths) {
    const mapped = restoreTargetPath(source, root);
    if (mapped.ok && root !== undefined) {
      const folded = foldKey(mapped.target);
      const holder = taken.get(folded);
      if (holder !== undefined && holder !== source) {
        result.set(source, { ok: false, reason: `it would land where ${holder} is restored (${mapped.target})` });
        continue;
      }
      taken.set(folded, source);
    }
    result.set(source, mapped);
  }
  return result;
}

function isWindowsPath(p: string): boolean {
  return /^[A-Za-z]:([\\/]|$)/.test(p) || p.startsWith('\\\\');
}

/**
 * The folder a disk is mounted at, for a path under one (`/Volumes/X`, `/media/ana/X`, `/run/media/ana/X`,
 * `/mnt/X`): restoring in place there while the disk is not mounted would make the folder on the system disk.
 */
export function volumeMountPoint(p: string): string | null {
  const match = /^(\/Volumes\/[^/]+|\/media\/[^/]+\/[^/]+|\/run\/media\/[^/]+\/[^/]+|\/mnt\/[^/]+)\//.exec(p);
  return match ? match[1]! : null;
}
