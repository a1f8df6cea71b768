/**
 * Whether one absolute path lies inside another, by whole segments (`/a/bc` is not inside `/a/b`). POSIX
 * paths compare exactly; Windows drive and UNC paths ignore case and take `/` or `\`. Paths are compared as
 * given: resolve links first (realpath) where the file system has them.
 */
export function isSameOrInside(inner: string, outer: string): boolean {
  const a = pathSegments(inner);
  const b = pathSegments(outer);
  if (a === null || b === null || a.length < b.length) return false;
  return b.every((segment, i) => segment === a[i]);
}

export type Overlap = 'same' | 'source inside destination' | 'destination inside source';

/** How a source (a target of a job) and a destination root overlap, if they do. */
export function overlapOf(source: string, destinationRoot: string): Overlap | null {
  const sourceInside = isSameOrInside(source, destinationRoot);
  const rootInside = isSameOrInside(destinationRoot, source);
  if (sourceInside && rootInside) return 'same';
  if (sourceInside) return 'source inside destination';
  if (rootInside) return 'destination inside source';
  return null;
}

/**
 * Folders that hold other volumes or other users' homes: as a destination, each would hold the sources
 * themselves (or their disks), and copies would land among them.
 */
const VOLUME_AND_HOME_FOLDERS = ['/Volumes', '/media', '/mnt', '/run/media', '/net', '/home', '/Users'];

/**
 * Why a folder cannot be a destination root, or null: the system's root, a folder of volumes or of homes
 * (or one that holds one), or one that holds Threefold's own home (its catalog and configuration) or lies
 * inside it. A drive
 * root (`E:\`) may be a backup disk's, and is allowed.
 */
export function tooWideDestination(root: string, threefoldHome: string): string | null {
  const segments = pathSegments(root);
  if (segments === null) return `${root} is not an absolute path`;
  if (segments.length === 0) return `${root} cannot be a destination: it is the root of the file system, and every source would be inside it`;
  const wide = VOLUME_AND_HOME_FOLDERS.find((folder) => isSameOrInside(folder, root));
  if (wide !== undefined) return `${root} cannot be a destination: it holds ${wide}, where other disks or users' homes are; ${OWN_FOLDER}`;
  if (isSameOrInside(threefoldHome, root))
    return `${root} cannot be a destination: it holds Threefold's own folder ${threefoldHome} (its catalog); ${OWN_FOLDER}`;
  // Removing that folder to start afresh would remove the copies with the catalog, on the system disk besides.
  if (isSameOrInside(root, threefoldHome))
    return `${root} cannot be a destination: it is inside Threefold's own folder ${threefoldHome} (its catalog); ${OWN_FOLDER}`;
  return null;
}

const OWN_FOLDER = 'choose a folder of its own on the backup disk (such as /Volumes/Backup/threefold)';

/**
 * A path's folders, root first, as compared: null for a relative path. `/a/b` → ['a', 'b'];
 * `C:\A\b` → ['c:', 'a', 'b']; `\\nas\share\x` → ['\\\\nas', 'share', 'x'].
 */
export function pathSegments(p: string): string[] | null {
  const windowsParts = (rest: string): string[] =>
    rest
      .split(/[\\/]/)
      .filter((s) => s !== '')
      .map((s) => s.toLowerCase());
  const drive = /^([A-Za-z]:)(?:[\\/]|$)/.exec(p);
  if (drive) return [drive[1]!.toLowerCase(), ...windowsParts(p.slice(2))];
  if (p.startsWith('\\\\')) {
    const [server, ...rest] = windowsParts(p.slice(2));
    return server === undefined ? null : [`\\\\${server}`, ...rest];
  }
  if (!p.startsWith('/')) return null;
  return p.split('/').filter((s) => s !== '');
}
