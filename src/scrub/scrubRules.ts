/** What a scrub knows of a copy to choose it. */
export interface ScrubCandidate {
  id: number;
  verifiedAt: string;
}

const DAY_MS = 86_400_000;

/**
 * The copies a scrub re-reads, oldest verification first (then by id, so a stopped scrub resumes where it
 * stopped): those not verified in the last `days` days, and with `alwaysChecked` (cloud objects, whose
 * metadata check is cheap) every one.
 */
export function scrubOrder<T extends ScrubCandidate>(copies: readonly T[], now: number, days: number, alwaysChecked: (copy: T) => boolean): T[] {
  const due = copies.filter((c) => alwaysChecked(c) || Date.parse(c.verifiedAt) <= now - days * DAY_MS);
  return due.sort((a, b) => Date.parse(a.verifiedAt) - Date.parse(b.verifiedAt) || a.id - b.id);
}

/** A copy id spread over the days of a cycle (a multiplicative hash: neighbouring ids fall on different days). */
function slot(id: number, days: number): number {
  return (Math.imul(id, 0x9e3779b1) >>> 0) % days;
}

/**
 * Whether a daily scrub on day `dayNumber` (days since the epoch) downloads and hashes a cloud copy rather
 * than checking its metadata: each copy on one day of every `days`, the copies spread over the cycle.
 */
export function readsFullyOn(copyId: number, dayNumber: number, days: number): boolean {
  return slot(copyId, days) === ((dayNumber % days) + days) % days;
}

/** Days since the epoch of a time (UTC). */
export function dayNumber(now: number): number {
  return Math.floor(now / DAY_MS);
}

/** Hours of the day a scrub may run in, from `from` up to `to` (minutes of the day); past midnight when `to` ≤ `from`. */
export interface ScrubHours {
  from: number;
  to: number;
}

/** `01:00-06:00` as ScrubHours, or an error saying what is wrong. */
export function parseScrubHours(text: string): { ok: true; hours: ScrubHours } | { ok: false; error: string } {
  const match = /^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$/.exec(text);
  const [h1, m1, h2, m2] = match ? match.slice(1).map(Number) : [];
  if (!match || h1! > 23 || m1! > 59 || h2! > 24 || m2! > 59 || (h2 === 24 && m2 !== 0))
    return { ok: false, error: `"${text}" is not a span of hours: write HH:MM-HH:MM (01:00-06:00)` };
  const from = h1! * 60 + m1!;
  const to = (h2! * 60 + m2!) % 1440;
  if (from === to) return { ok: false, error: `"${text}" is empty: its start and end are the same` };
  return { ok: true, hours: { from, to } };
}

/** Seconds left in the hours at a second of the day (0 to 86399), or 0 outside them. */
export function secondsLeftInHours(hours: ScrubHours, secondOfDay: number): number {
  const from = hours.from * 60;
  const to = hours.to * 60;
  const end = to > from ? to : to + 86_400;
  const at = secondOfDay < from && to <= from ? secondOfDay + 86_400 : secondOfDay;
  return at >= from && at < end ? end - at : 0;
}
