/** The folder, beside the file, where every kept version of a versioned asset lives on a destination. */
export const VERSIONS_FOLDER = '.threefold-versions';

/**
 * Where one version of a versioned asset (a project file, a catalog) is kept: its own key, named by its
 * modification time in UTC, so a new version never overwrites an older one and the same version always
 * lands on the same key.
 *
 *   Proj/Ferry Doc.prproj, 2026-11-23 10:15:00 UTC  →  Proj/.threefold-versions/Ferry Doc.2026-11-23T101500Z.prproj
 */
export function versionedKey(key: string, mtimeMs: number): string {
  const slash = key.lastIndexOf('/');
  const folder = slash >= 0 ? key.slice(0, slash + 1) : '';
  const name = key.slice(slash + 1);
  const dot = name.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  return `${folder}${VERSIONS_FOLDER}/${stem}.${versionStamp(mtimeMs)}${extension}`;
}

/** 2026-11-23T101500Z; milliseconds only when there are some, since saves can come within a second. */
function versionStamp(mtimeMs: number): string {
  const iso = new Date(Math.floor(mtimeMs)).toISOString(); // 2026-11-23T10:15:00.123Z
  const [date, time] = iso.split('T') as [string, string];
  const [hms, fraction] = time.replace('Z', '').split('.') as [string, string];
  const millis = fraction === '000' ? '' : `.${fraction}`;
  return `${date}T${hms.replace(/:/g, '')}${millis}Z`;
}
