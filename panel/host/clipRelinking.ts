/**
 * Bringing a restored clip back, whatever holds it: Premiere's `ClipProjectItem` or the simulated host's
 * item, which has the same methods. None of these calls can be undone in Premiere, so the panel asks before.
 * Each step reads back what the host says afterwards: a call that answers true is not taken at its word.
 */
import type { HostFixResult } from './host';

/** The methods of Premiere's ClipProjectItem (@adobe/premierepro 26.3) that relinking uses. */
export interface RelinkableItem {
  canChangeMediaPath(): Promise<boolean>;
  changeMediaFilePath(newPath: string, overrideCompatibilityCheck?: boolean): Promise<boolean>;
  getMediaFilePath(): Promise<string>;
  refreshMedia(): Promise<boolean>;
  isOffline(): Promise<boolean>;
  attachProxy(mediaPath: string, isHiRes: boolean, inMakeAlternateLinkInTeamProjects?: boolean): Promise<boolean>;
  getProxyPath(): Promise<string>;
}

/** The same file named either way (Premiere may report a Windows path with other slashes or case). */
export function samePath(a: string, b: string): boolean {
  if (a === b) return true;
  const windows = /^[A-Za-z]:[\\/]|^\\\\/.test(a);
  const norm = (p: string) => (windows ? p.replace(/\//g, '\\').toLowerCase() : p);
  return norm(a) === norm(b);
}

const failed = (why: string): HostFixResult => ({ done: false, why });

/** A clip whose file is back at its own path: `refreshMedia()`, then it must no longer be offline. */
export async function refreshClip(item: RelinkableItem): Promise<HostFixResult> {
  if (!(await item.refreshMedia())) return failed('Premiere did not refresh its media');
  return (await item.isOffline()) ? failed('Premiere still shows it offline') : { done: true };
}

/** A clip whose file is now at `path`: `changeMediaFilePath` once `canChangeMediaPath()` allows it, then read back. */
export async function relinkClip(item: RelinkableItem, path: string): Promise<HostFixResult> {
  if (!(await item.canChangeMediaPath())) return failed('Premiere cannot change this clip’s media path (a merged clip, a sequence or a locked item)');
  if (!(await item.changeMediaFilePath(path))) return failed('Premiere refused the new file (not compatible with the clip?)');
  const now = await item.getMediaFilePath();
  return samePath(now, path) ? { done: true } : failed(`Premiere still points it at ${now}`);
}

/** A proxy restored to `path`: attached as the clip's proxy (not as its high-resolution media). */
export async function attachProxy(item: RelinkableItem, path: string): Promise<HostFixResult> {
  if (!(await item.attachProxy(path, false))) return failed('Premiere did not attach it');
  const now = await item.getProxyPath();
  return samePath(now, path) ? { done: true } : failed(`Premiere shows the proxy at ${now}`);
}
