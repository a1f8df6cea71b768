import { RECORDS_FOLDER } from './reservedNames';

/** Where each home keeps snapshots of its own state on a destination: `.threefold/state/<home id>/`. */
export const STATE_FOLDER = `${RECORDS_FOLDER}/state`;

/** Generations of a home's state kept on each destination: enough to survive one bad snapshot, and small. */
export const STATE_GENERATIONS = 3;

/**
 * At most one snapshot per destination this often: a catalog of 100,000 files takes a few seconds to
 * snapshot, compress and upload, and jobs run back to back (a helper's queue, a script) must not pay that
 * after each one. What a skipped snapshot misses is in the destination's ASC MHL history meanwhile.
 */
export const STATE_SNAPSHOT_INTERVAL_MS = 5 * 60 * 1000;

const HOME_ID = /^[0-9a-f]{32}$/;
const CATALOG_FILE = /^catalog-(\d{8}T\d{9}Z)\.sqlite\.gz$/;
const CONFIG_FILE = /^config-(\d{8}T\d{9}Z)\.json$/;

export const isHomeId = (name: string): boolean => HOME_ID.test(name);

/** `20261207T205050123Z`: UTC to the millisecond, sorting as it reads. */
export function snapshotStamp(at: Date): string {
  return at.toISOString().replace(/[-:.]/g, '');
}

/** The date a stamp stands for; undefined for anything else. */
export function stampDate(stamp: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(stamp);
  if (!m) return undefined;
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z`);
  return Number.isNaN(date.getTime()) || snapshotStamp(date) !== stamp ? undefined : date;
}

export const stateFolder = (home: string): string => `${STATE_FOLDER}/${home}`;
export const catalogSnapshotKey = (home: string, stamp: string): string => `${stateFolder(home)}/catalog-${stamp}.sqlite.gz`;
export const configSnapshotKey = (home: string, stamp: string): string => `${stateFolder(home)}/config-${stamp}.json`;

/** The generations a home's state folder holds (the stamps of its catalog snapshots), newest first. */
export function snapshotGenerations(names: readonly string[]): string[] {
  const stamps = names.flatMap((n) => {
    const stamp = CATALOG_FILE.exec(n)?.[1];
    return stamp !== undefined && stampDate(stamp) ? [stamp] : [];
  });
  return [...new Set(stamps)].sort().reverse();
}

/** Whether a new snapshot is due: none yet, or the newest is `intervalMs` old (or from the future: a clock set back). */
export function snapshotDue(generations: readonly string[], now: Date, intervalMs: number): boolean {
  const newest = generations[0] === undefined ? undefined : stampDate(generations[0]);
  if (newest === undefined) return true;
  const age = now.getTime() - newest.getTime();
  return age < 0 || age >= intervalMs;
}

/** The names in a state folder that go once `kept` generations (newest first) are there: older snapshots, and strays of ours. */
export function namesToPrune(names: readonly string[], kept: readonly string[]): string[] {
  const keep = new Set(kept);
  return names.filter((n) => {
    const stamp = CATALOG_FILE.exec(n)?.[1] ?? CONFIG_FILE.exec(n)?.[1];
    return stamp !== undefined && !keep.has(stamp);
  });
}
