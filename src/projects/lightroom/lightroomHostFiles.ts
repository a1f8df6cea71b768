/**
 * What the helper adds to the photos a Lightroom Classic plug-in lists (pure: string functions only). The
 * SDK gives an original's path but not its sidecars, nor Lightroom's catalog backups.
 */
import { lightroomSidecarPaths, type PathPlatform } from './lightroomPaths';

/**
 * Where the XMP sidecar of an original would be, by the catalog reader's rule: `<folder>/<baseName>.xmp`
 * (the XMP of `IMG_1.CR2` is `IMG_1.xmp`). None for a file without an extension or an XMP itself.
 */
export function xmpSidecarPath(photoPath: string): string | null {
  const platform: PathPlatform = /^[A-Za-z]:[\\/]/.test(photoPath) || photoPath.startsWith('\\\\') ? 'win32' : 'posix';
  // The catalog's own form: forward slashes on every OS.
  const slashed = platform === 'win32' ? photoPath.replace(/\\/g, '/') : photoPath;
  const cut = slashed.lastIndexOf('/');
  const name = slashed.slice(cut + 1);
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || name.slice(dot + 1).toLowerCase() === 'xmp') return null;
  return lightroomSidecarPaths(slashed.slice(0, cut + 1), '', name.slice(0, dot), 'xmp', platform)[0] ?? null;
}

/** Lightroom names each backup folder by its date and time: `2026-11-23 1015`. */
const BACKUP_FOLDER = /^\d{4}-\d{2}-\d{2} \d{4}$/;

/** The newest of a `Backups` folder's entries that are backup folders; null when there is none. */
export function newestBackupFolder(names: readonly string[]): string | null {
  let newest: string | null = null;
  for (const name of names) if (BACKUP_FOLDER.test(name) && (newest === null || name > newest)) newest = name;
  return newest;
}
