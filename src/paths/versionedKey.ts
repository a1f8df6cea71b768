import { VERSIONS_FOLDER } from './reservedNames';

/** The folder, beside the file, where every kept version of a versioned asset lives on a destination. */
export { VERSIONS_FOLDER };

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

const VERSION_NAME = /^(.*)\.\d{4}-\d{2}-\d{2}T\d{6}(?:\.\d{3})?Z(\.[^.]*)?$/;
const VERSION_STAMP = /\.((\d{4})-(\d{2})-(\d{2})T(\d{2})(\d{2})(\d{2})(?:\.(\d{3}))?Z)(?:\.[^.]*)?$/;

/**
 * The stamp and modification time a version's key carries (versionedKey's inverse, to the millisecond), or
 * null for a key that is no version's: `Proj/.threefold-versions/Ferry Doc.2026-11-23T101500Z.prproj` →
 * `2026-11-23T101500Z`, 2026-11-23 10:15:00 UTC.
 */
export function versionOfKey(key: string): { stamp: string; mtimeMs: number } | null {
  const segments = key.split('/');
  if (segments.length < 2 || segments[segments.length - 2] !== VERSIONS_FOLDER) return null;
  const match = VERSION_STAMP.exec(segments[segments.length - 1]!);
  if (!match) return null;
  const [, stamp, y, mo, d, h, mi, s, ms] = match as unknown as [string, string, string, string, string, string, string, string, string | undefined];
  return { stamp, mtimeMs: Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(ms ?? 0)) };
}

/**
 * The key a versioned asset owns, from the key of one of its versions (the key itself otherwise):
 * `Proj/.threefold-versions/Ferry Doc.2026-11-23T101500Z.prproj` → `Proj/Ferry Doc.prproj`. No source's
 * key has a versions folder in it (a reserved name), so a key with one is always a version's.
 */
export function ownerKeyOf(key: string): string {
  const segments = key.split('/');
  if (segments.length < 2 || segments[segments.length - 2] !== VERSIONS_FOLDER) return key;
  const match = VERSION_NAME.exec(segments[segments.length - 1]!);
  if (!match) return key;
  return [...segments.slice(0, -2), `${match[1]}${match[2] ?? ''}`].join('/');
}
