/**
 * Photo and sidecar paths from the columns of a Lightroom Classic catalog (pure: string functions only).
 * The catalog stores folders with forward slashes on every OS (`C:/Users/me/Pictures/`), ending with `/`.
 */

export type PathPlatform = 'posix' | 'win32';

/** A drive letter (`C:/`) or a UNC root (`//server/share/`) marks a catalog made on Windows. */
export function lightroomRootPlatform(absolutePath: string): PathPlatform {
  return /^[A-Za-z]:\//.test(absolutePath) || absolutePath.startsWith('//') ? 'win32' : 'posix';
}

/** `IMG_1.CR2`; a file without an extension keeps its bare name (no trailing dot). */
export function lightroomFileName(baseName: string, extension: string): string {
  return (extension === '' ? baseName : `${baseName}.${extension}`).normalize('NFC');
}

/** The original's absolute path, NFC, with the separators of `platform`. */
export function lightroomPhotoPath(absolutePath: string, pathFromRoot: string, baseName: string, extension: string, platform: PathPlatform): string {
  const folder = withTrailingSlash(absolutePath) + withTrailingSlash(pathFromRoot);
  const joined = (folder + lightroomFileName(baseName, extension)).normalize('NFC');
  return platform === 'win32' ? joined.replace(/\//g, '\\') : joined;
}

/**
 * The sidecars named by `sidecarExtensions` (`JPG,xmp`): `<folder>/<baseName>.<ext>`, so the XMP of
 * `IMG_1.CR2` is `IMG_1.xmp`. Blank entries are ignored; extensions differing only in case name one file.
 */
export function lightroomSidecarPaths(
  absolutePath: string,
  pathFromRoot: string,
  baseName: string,
  sidecarExtensions: string | null,
  platform: PathPlatform,
): string[] {
  const seen = new Set<string>();
  const paths: string[] = [];
  for (const entry of (sidecarExtensions ?? '').split(',')) {
    const extension = entry.trim();
    const key = extension.toLowerCase();
    if (extension === '' || seen.has(key)) continue;
    seen.add(key);
    paths.push(lightroomPhotoPath(absolutePath, pathFromRoot, baseName, extension, platform));
  }
  return paths;
}

// pathFromRoot is '' for the root itself; a missing final '/' would glue two names together.
function withTrailingSlash(folder: string): string {
  return folder === '' || folder.endsWith('/') ? folder : `${folder}/`;
}
