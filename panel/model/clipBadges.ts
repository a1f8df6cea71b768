/**
 * The status written into the host's own project panel. Each write is an undo step and marks the project
 * changed (which rescans it): only clips whose badge changed are written, so a rescan writes nothing. A
 * badge is its text, its state and the color label chosen for that state: a label turned on or chosen
 * anew writes the clips again even though their status did not change.
 */
import type { AssetState } from '../../src/policy/assetState';
import type { ClipBadge } from '../host/host';
import type { ClipRow } from './clipRows';

/** The label per state that goes with the badges (`ShowStatusOptions.colorLabels`); none when labels are off. */
export type BadgeLabels = Partial<Record<AssetState, number>> | undefined;

export function clipBadges(rows: readonly ClipRow[]): ClipBadge[] {
  return rows.flatMap((r) => (r.state === 'unknown' ? [] : [{ clipId: r.id, text: r.label, state: r.state }]));
}

/** Badges that differ from those last written (by clip id), labels included. */
export function changedBadges(written: ReadonlyMap<string, string>, badges: readonly ClipBadge[], labels: BadgeLabels): ClipBadge[] {
  return badges.filter((b) => written.get(b.clipId) !== badgeKey(b, labels));
}

export function rememberBadges(written: ReadonlyMap<string, string>, badges: readonly ClipBadge[], labels: BadgeLabels): Map<string, string> {
  const next = new Map(written);
  for (const b of badges) next.set(b.clipId, badgeKey(b, labels));
  return next;
}

function badgeKey(b: ClipBadge, labels: BadgeLabels): string {
  return `${b.state}\u0000${b.text}\u0000${labels?.[b.state] ?? ''}`;
}
