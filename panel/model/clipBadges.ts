/**
 * The status written into the host's own project panel. Each write is an undo step and marks the project
 * changed (which rescans it): only clips whose badge changed are written, so a rescan writes nothing.
 */
import type { ClipBadge } from '../host/host';
import type { ClipRow } from './clipRows';

export function clipBadges(rows: readonly ClipRow[]): ClipBadge[] {
  return rows.flatMap((r) => (r.state === 'unknown' ? [] : [{ clipId: r.id, text: r.label, state: r.state }]));
}

/** Badges that differ from those last written (by clip id). */
export function changedBadges(written: ReadonlyMap<string, string>, badges: readonly ClipBadge[]): ClipBadge[] {
  return badges.filter((b) => written.get(b.clipId) !== badgeKey(b));
}

export function rememberBadges(written: ReadonlyMap<string, string>, badges: readonly ClipBadge[]): Map<string, string> {
  const next = new Map(written);
  for (const b of badges) next.set(b.clipId, badgeKey(b));
  return next;
}

function badgeKey(b: ClipBadge): string {
  return `${b.state}\u0000${b.text}`;
}
