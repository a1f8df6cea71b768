/** One line of Linux's /proc/self/mountinfo: which part (`root`) of which filesystem is seen at `mountPoint`. */
export interface MountEntry {
  /** `major:minor` of the filesystem. */
  device: string;
  root: string;
  mountPoint: string;
}

/** What is known of where a folder really is; each part may be missing (an unplugged disk has none). */
export interface RootIdentity {
  /** The folder with every link resolved. */
  realPath: string;
  /** `dev:ino` of the folder, then of each of its parents up to `/`. */
  chain?: readonly string[];
  /** The folder as a path inside its filesystem (`device`): the same for a folder and its bind mounts. */
  physical?: { device: string; path: string };
}

/** The entries of a mountinfo text, in order (later ones are mounted over earlier ones). */
export function parseMountInfo(text: string): MountEntry[] {
  const entries: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split(' ');
    if (fields.length < 5 || !/^\d+:\d+$/.test(fields[2]!)) continue;
    entries.push({ device: fields[2]!, root: unescapeMountField(fields[3]!), mountPoint: unescapeMountField(fields[4]!) });
  }
  return entries;
}

/** The kernel writes space, tab, newline and backslash in octal (`\040`). */
function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/** Where a real (link-free, absolute) path is inside its filesystem, by the last mount that covers it. */
export function physicalPath(realPath: string, mounts: readonly MountEntry[]): { device: string; path: string } | undefined {
  let best: MountEntry | undefined;
  for (const m of mounts) if (isInside(realPath, m.mountPoint) && (best === undefined || m.mountPoint.length >= best.mountPoint.length)) best = m;
  if (best === undefined) return undefined;
  const below = trimmed(realPath).slice(trimmed(best.mountPoint).length);
  return { device: best.device, path: `${trimmed(best.root)}${below}` || '/' };
}

/**
 * Whether two destination roots share any folder: one path contains the other, one root is the other or
 * one of its parents (same device and inode: a bind mount of a parent), or both are seen in one filesystem
 * at nested places (a bind mount of a child, which no parent chain shows).
 */
export function rootsOverlap(a: RootIdentity, b: RootIdentity): boolean {
  if (isInside(a.realPath, b.realPath) || isInside(b.realPath, a.realPath)) return true;
  const [aSelf, bSelf] = [a.chain?.[0], b.chain?.[0]];
  if (aSelf !== undefined && b.chain?.includes(aSelf)) return true;
  if (bSelf !== undefined && a.chain?.includes(bSelf)) return true;
  if (a.physical && b.physical && a.physical.device === b.physical.device) {
    return isInside(a.physical.path, b.physical.path) || isInside(b.physical.path, a.physical.path);
  }
  return false;
}

/** `child` is `parent` or below it (absolute paths, `/` or `\\` separated, no `.` or `..` segments). */
function isInside(child: string, parent: string): boolean {
  const [c, p] = [trimmed(child), trimmed(parent)];
  return c === p || c.startsWith(`${p}/`) || c.startsWith(`${p}\\`);
}

/** Without trailing separators: `/` becomes '' so that every path starts with it plus a separator. */
function trimmed(p: string): string {
  return p.replace(/[/\\]+$/, '');
}
