import type { OverdueItem } from '../notify/notifyEvents';
import type { Overdue } from '../protocol/plans';

/** How long after its start a helper whose catalog records no drill runs its first one. */
export const FIRST_DRILL_AFTER_MS = 60 * 60 * 1000;

/**
 * When the next scheduled drill is due: `everyMs` after the last drill; with none in the catalog, an hour
 * after `since` (the helper's start), so a helper restarted more often than `everyMs` still drills; a time
 * already past is now.
 */
export function nextDrillAt(lastDrillAt: string | null, since: number, everyMs: number, now: number): number {
  const due = lastDrillAt === null ? since + Math.min(everyMs, FIRST_DRILL_AFTER_MS) : Date.parse(lastDrillAt) + everyMs;
  return Math.max(now, due);
}

/** One overdue thing with the key that tells it apart from the next check's. */
export interface KeyedOverdue {
  key: string;
  item: OverdueItem;
}

/** What is overdue, as a notification lists it: each plan, and each listed file (a file's new content is a new key). */
export function overdueItems(overdue: Overdue): KeyedOverdue[] {
  return [
    ...overdue.plans.map((p) => ({
      key: `plan ${p.id}`,
      item: { subject: `plan "${p.name}"`, reason: p.lastSuccessAt === null ? 'has never succeeded' : `has not succeeded since ${p.lastSuccessAt}` },
    })),
    ...overdue.files.listed.map((f) => ({
      key: `file ${f.path} ${f.since}`,
      item: { subject: f.path, reason: `has no verified offsite copy ${overdue.files.hours} h after it was written` },
    })),
  ];
}

/**
 * The items overdue now that were not at the last check, and the keys to compare the next check with: an
 * item stays quiet while it stays overdue, and is told again once it was fixed and fell overdue again.
 */
export function newlyOverdue(previous: ReadonlySet<string>, current: readonly KeyedOverdue[]): { fresh: OverdueItem[]; keys: Set<string> } {
  return { fresh: current.filter((c) => !previous.has(c.key)).map((c) => c.item), keys: new Set(current.map((c) => c.key)) };
}
