/** One kept version's copy on one destination, as the catalog records it. */
export interface KeptVersionCopy {
  destination: string;
  key: string;
  /** The version's stamp and modification time, from its key (versionOfKey). */
  stamp: string;
  mtimeMs: number;
  xxh64: string;
  size: number;
}

/** One version of a file: the same content at the same time, on as many destinations as keep it. */
export interface VersionGroup<C extends KeptVersionCopy> {
  /** The stamp (`2026-11-23T101500Z`); with the hash's first digits when two contents share a stamp. */
  id: string;
  mtimeMs: number;
  xxh64: string;
  size: number;
  copies: C[];
}

/** The versions of a file, newest first: copies of one content and one time are one version. */
export function groupVersions<C extends KeptVersionCopy>(copies: readonly C[]): Array<VersionGroup<C>> {
  const groups = new Map<string, VersionGroup<C>>();
  for (const c of copies) {
    const key = `${c.stamp} ${c.xxh64}`;
    const group = groups.get(key) ?? { id: c.stamp, mtimeMs: c.mtimeMs, xxh64: c.xxh64, size: c.size, copies: [] };
    group.copies.push(c);
    groups.set(key, group);
  }
  const list = [...groups.values()].sort((a, b) => b.mtimeMs - a.mtimeMs || (a.xxh64 < b.xxh64 ? -1 : 1));
  const perStamp = new Map<string, number>();
  for (const g of list) perStamp.set(g.id, (perStamp.get(g.id) ?? 0) + 1);
  // An id names one version: a stamp two contents share takes the hash's first digits.
  for (const g of list) if (perStamp.get(g.id)! > 1) g.id = `${g.id}@${g.xxh64.slice(0, 8)}`;
  return list;
}

/** What `--version` asks for: a version's id, or the newest saved before a time (exclusive). */
export type WantedVersion = { kind: 'id'; id: string } | { kind: 'before'; beforeMs: number; text: string };

const ID = /^\d{4}-\d{2}-\d{2}T\d{6}(?:\.\d{3})?Z(?:@[0-9a-f]{1,16})?$/;
const TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Reads `--version`: an id as `versions` lists it, or a date and time (`2026-11-23T10:15`, `2026-11-23 10:15:30`,
 * `2026-11-23`, with `Z` or an offset, or else in this machine's time zone), which names the newest version at
 * or before it, to its precision: `10:15` takes a version saved at 10:15:59. Null when it is neither.
 */
export function parseWantedVersion(text: string): WantedVersion | null {
  const trimmed = text.trim();
  if (ID.test(trimmed)) return { kind: 'id', id: trimmed };
  const m = TIME.exec(trimmed);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const fields = [
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h ?? 0),
    Number(mi ?? 0),
    Number(s ?? 0),
    frac === undefined ? 0 : Number(frac.padEnd(3, '0')),
  ] as const;
  if (fields[1] > 11 || fields[2] < 1 || fields[2] > 31 || fields[3] > 23 || fields[4] > 59 || fields[5] > 59) return null;
  const step = h === undefined ? 86_400_000 : s === undefined ? 60_000 : frac === undefined ? 1000 : 1;
  let startMs: number;
  if (zone === undefined) startMs = new Date(...fields).getTime();
  else {
    const offset = zone === 'Z' ? 0 : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
    startMs = Date.UTC(...fields) - offset * 60_000;
  }
  if (Number.isNaN(startMs)) return null;
  return { kind: 'before', beforeMs: startMs + step, text: trimmed };
}

/** The version `wanted` names among `versions` (newest first), or undefined. */
export function chooseVersion<G extends { id: string; mtimeMs: number }>(versions: readonly G[], wanted: WantedVersion): G | undefined {
  if (wanted.kind === 'id') return versions.find((v) => v.id === wanted.id || v.id.startsWith(`${wanted.id}@`));
  return versions.find((v) => v.mtimeMs < wanted.beforeMs);
}

/**
 * The name an earlier version takes beside the current file, saying which it is (local time, to the minute,
 * the seconds when there are some): `Ferry Doc.prproj` → `Ferry Doc.version-2026-11-23T1015.prproj`, then
 * `…T1015-2.prproj` and on for the `n`th name tried.
 */
export function versionFileName(fileName: string, mtimeMs: number, n = 1): string {
  const dot = fileName.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [fileName.slice(0, dot), fileName.slice(dot)] : [fileName, ''];
  const t = new Date(Math.floor(mtimeMs));
  const two = (x: number): string => String(x).padStart(2, '0');
  const seconds = t.getSeconds() === 0 ? '' : two(t.getSeconds());
  const stamp = `${t.getFullYear()}-${two(t.getMonth() + 1)}-${two(t.getDate())}T${two(t.getHours())}${two(t.getMinutes())}${seconds}`;
  return `${stem}.version-${stamp}${n === 1 ? '' : `-${n}`}${extension}`;
}
