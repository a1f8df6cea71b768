/** The times plans keep, without I/O: the next `--every` run and the deadlines. */

/** When an `--every` plan runs next: an interval after its last run (or its creation), and at once if that is past. */
export function nextEveryAt(anchorMs: number, everyMs: number, nowMs: number): number {
  return Math.max(nowMs, anchorMs + everyMs);
}

/**
 * A plan is overdue once it has not succeeded for `days` since its last success (or its creation, if it
 * never succeeded): returns when it became overdue, or null.
 */
export function planOverdueSince(lastSuccessMs: number | null, createdMs: number, days: number, nowMs: number): number | null {
  const due = (lastSuccessMs ?? createdMs) + days * 86_400_000;
  return nowMs >= due ? due : null;
}

/**
 * A file's content is at risk until it has a verified offsite copy: `hours` after it was written (its mtime)
 * without one, it is overdue. Returns when it became overdue, or null.
 */
export function offsiteOverdueSince(mtimeMs: number, hasOffsiteCopy: boolean, hours: number, nowMs: number): number | null {
  if (hasOffsiteCopy) return null;
  const due = mtimeMs + hours * 3_600_000;
  return nowMs >= due ? due : null;
}
