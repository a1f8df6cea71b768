/**
 * Where a source file lives under any destination root: its absolute path with the volume as the first
 * folder, `/` separators, every segment NFC-normalised.
 *
 *   /Volumes/MEDIA/Proj/A001.mov  →  MEDIA/Proj/A001.mov
 *   D:\Footage\x.mov              →  D/Footage/x.mov
 *   \\nas\share\x.mov             →  nas/share/x.mov
 *   /home/ana/x.mov               →  home/ana/x.mov
 *
 * A path that could leave the root or collapse onto another (`..`, `.`, empty segments, NUL) is refused,
 * never cleaned up. This natural key is not one of a kind: `/Volumes/X/a` and `/X/a`, `C:\x` and `\\C\x`,
 * NFC and NFD spellings share one, and a case-insensitive destination takes `A` and `a` for one file;
 * allocateKey gives each source a key no other source has.
 */
export class PathMappingError extends Error {
  constructor(
    readonly sourcePath: string,
    reason: string,
  ) {
    super(`cannot map ${JSON.stringify(sourcePath)} to a destination path: ${reason}`);
    this.name = 'PathMappingError';
  }
}

const WINDOWS_LONG_UNC = /^\\\\[?.]\\UNC\\/i;
const WINDOWS_LONG = /^\\\\[?.]\\/;
const WINDOWS_DRIVE = /^([A-Za-z]):[\\/]/;
const WINDOWS_UNC = /^\\\\(?![?.]\\)/;

export function mapSourcePath(sourcePath: string): string {
  const segments = splitIntoSegments(sourcePath);
  if (segments.length === 0) throw new PathMappingError(sourcePath, 'it names no file');
  for (const segment of segments) {
    if (segment === '') throw new PathMappingError(sourcePath, 'it has an empty segment');
    if (segment === '.' || segment === '..') throw new PathMappingError(sourcePath, `it has a "${segment}" segment`);
    if (segment.includes('\0')) throw new PathMappingError(sourcePath, 'it contains a NUL character');
  }
  return segments.map((s) => s.normalize('NFC')).join('/');
}

function splitIntoSegments(p: string): string[] {
  if (WINDOWS_LONG_UNC.test(p)) return p.replace(WINDOWS_LONG_UNC, '').split(/[\\/]/);
  if (WINDOWS_LONG.test(p)) return splitWindowsDrivePath(p, p.replace(WINDOWS_LONG, ''));
  if (WINDOWS_DRIVE.test(p)) return splitWindowsDrivePath(p, p);
  if (WINDOWS_UNC.test(p)) return p.slice(2).split(/[\\/]/);
  if (p.startsWith('/')) {
    // A POSIX name may contain a backslash: only `/` separates here.
    const segments = p.slice(1).split('/');
    // `/Volumes` itself is no volume: refused below as naming no file.
    return segments[0] === 'Volumes' ? segments.slice(1) : segments;
  }
  throw new PathMappingError(p, 'it is not an absolute path');
}

function splitWindowsDrivePath(original: string, p: string): string[] {
  const drive = WINDOWS_DRIVE.exec(p);
  if (!drive) throw new PathMappingError(original, 'it is not an absolute Windows path');
  return [drive[1].toUpperCase(), ...p.slice(drive[0].length).split(/[\\/]/)];
}
