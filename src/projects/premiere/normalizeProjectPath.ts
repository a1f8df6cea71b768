/**
 * Paths as a project stores them, made comparable: NFC, no Windows long-path prefix, no `.` or empty
 * segments, `..` collapsed. Each path keeps its platform's separator style, since it may name a file on
 * another machine (a project saved on Windows and opened on a Mac).
 *
 *   \\?\D:\Footage\.\x.mov          →  D:\Footage\x.mov
 *   \\?\UNC\nas\share\x.mov         →  \\nas\share\x.mov
 *   /Users/ana//Proj/./Lȩé.mov      →  /Users/ana/Proj/Lȩé.mov   (composed)
 */

interface AbsolutePath {
  /** Everything before the first segment, separator included: `/`, `D:\`, `\\server\share\`. */
  root: string;
  separator: '/' | '\\';
  segments: string[];
}

const LONG_UNC_PREFIX = /^\\\\[?.]\\UNC\\/i;
const LONG_PREFIX = /^\\\\[?.]\\/;
const WINDOWS_DRIVE = /^([A-Za-z]):([\\/])/;
const WINDOWS_UNC = /^\\\\[^\\/]/;
const ANY_SEPARATOR = /[\\/]/;

/** The normalised absolute path, or null when `raw` is empty, relative or names no file. */
export function normalizeProjectPath(raw: string): string | null {
  const parsed = parseAbsolutePath(raw);
  if (!parsed) return null;
  const segments = collapseSegments(parsed.segments);
  if (!segments || segments.length === 0) return null;
  return formatPath({ ...parsed, segments });
}

/**
 * Resolves a project's `RelativePath` (`../../x.mov`, `..\..\x.mov`) against the absolute folder holding the
 * project. Null when either is unusable or the relative path climbs above the root.
 */
export function resolveRelativePath(relative: string, projectFolder: string): string | null {
  if (relative === '') return null;
  if (parseAbsolutePath(relative)) return normalizeProjectPath(relative);
  const folder = parseAbsolutePath(projectFolder);
  if (!folder) return null;
  const segments = collapseSegments([...folder.segments, ...splitRelative(relative.normalize('NFC'), folder.separator)]);
  if (!segments || segments.length === 0) return null;
  return formatPath({ ...folder, segments });
}

function parseAbsolutePath(raw: string): AbsolutePath | null {
  const p = raw.normalize('NFC');
  if (LONG_UNC_PREFIX.test(p)) return parseUnc(`\\\\${p.replace(LONG_UNC_PREFIX, '')}`);
  if (LONG_PREFIX.test(p)) return parseDrive(p.replace(LONG_PREFIX, ''));
  if (WINDOWS_DRIVE.test(p)) return parseDrive(p);
  if (WINDOWS_UNC.test(p)) return parseUnc(p);
  // A backslash is an ordinary character in a POSIX file name: split on `/` only.
  if (p.startsWith('/')) return { root: '/', separator: '/', segments: p.split('/') };
  return null;
}

function parseDrive(p: string): AbsolutePath | null {
  const match = WINDOWS_DRIVE.exec(p);
  if (!match) return null;
  const separator = match[2] as '/' | '\\';
  // Windows drive letters are case-insensitive: d:\x and D:\x are one file.
  return { root: `${match[1].toUpperCase()}:${separator}`, separator, segments: p.slice(3).split(ANY_SEPARATOR) };
}

function parseUnc(p: string): AbsolutePath | null {
  const [server, share, ...segments] = p.slice(2).split(ANY_SEPARATOR);
  if (!isNamedSegment(server) || !isNamedSegment(share)) return null;
  return { root: `\\\\${server}\\${share}\\`, separator: '\\', segments };
}

function isNamedSegment(segment: string | undefined): segment is string {
  return segment !== undefined && segment !== '' && segment !== '.' && segment !== '..';
}

/**
 * A relative path written on Windows uses `\`; one written on a Mac uses `/` and may hold `\` in a name.
 * Against a Windows folder both separate; against a POSIX folder `\` separates only when there is no `/`.
 */
function splitRelative(relative: string, folderSeparator: '/' | '\\'): string[] {
  if (folderSeparator === '\\' || !relative.includes('/')) return relative.split(ANY_SEPARATOR);
  return relative.split('/');
}

/** Drops empty and `.` segments and applies `..`; null when `..` would climb above the root. */
function collapseSegments(segments: string[]): string[] | null {
  const kept: string[] = [];
  for (const segment of segments) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (kept.length === 0) return null;
      kept.pop();
    } else {
      kept.push(segment);
    }
  }
  return kept;
}

function formatPath({ root, separator, segments }: AbsolutePath): string {
  return root + segments.join(separator);
}
