/**
 * The "3-2-1" column inside Premiere's Project panel, as pure decisions: where the value lives in an item's
 * project metadata, what the value is, which color label goes with it, and which clips need a write at all.
 * premiereHost.ts only carries these out with the API calls.
 */
import type { AssetState } from '../../src/policy/assetState';
import type { ClipBadge, ColorLabelChoice } from './host';

/** Premiere's own namespace for Project panel columns (Adobe's samples write `Column.Intrinsic.Name` in it). */
export const BADGE_NAMESPACE = 'http://ns.adobe.com/premierePrivateProjectMetaData/1.0/';
/** The prefix Premiere's packets use for it; registering it is a no-op when Premiere already has. */
export const BADGE_NAMESPACE_PREFIX = 'premierePrivateProjectMetaData';
/** The property added with `addPropertyToProjectMetadataSchema` (a simple XML name: no leading digit). */
export const BADGE_PROPERTY_NAME = 'Threefold321';
/** The column header editors see. */
export const BADGE_COLUMN_LABEL = '3-2-1';
/** The undo step's name: one per batch. */
export const BADGE_UNDO_LABEL = 'Threefold status';

/**
 * How the added property is named inside the packet is not documented (premiere-uxp.md: UNCONFIRMED).
 * Premiere lists the columns as JSON (`getProjectColumnsMetadata`: `[{ ColumnName, ColumnID, … }]`, where
 * Adobe's metadata-handler sample writes values under `ColumnID`), so the field is found there at run time.
 * Null when the column is not listed (not added yet, or listed under a shape this does not know).
 */
export function findBadgeField(columnsJson: string): string | null {
  let columns: unknown;
  try {
    columns = JSON.parse(columnsJson);
  } catch {
    return null;
  }
  if (!Array.isArray(columns)) return null;
  const ids = columns.flatMap((c: unknown) => {
    if (typeof c !== 'object' || c === null) return [];
    const { ColumnID: id, ColumnName: name } = c as Record<string, unknown>;
    return typeof id === 'string' && id !== '' ? [{ id, name }] : [];
  });
  // The property name is ours alone; the label could also be an editor's own column, so it comes last.
  const found =
    ids.find((c) => c.id === BADGE_PROPERTY_NAME) ??
    ids.find((c) => c.id.endsWith(`.${BADGE_PROPERTY_NAME}`)) ??
    ids.find((c) => c.name === BADGE_COLUMN_LABEL);
  return found?.id ?? null;
}

/**
 * The field to write when the columns do not list ours even after adding it: the property name itself,
 * which is how ExtendScript panels wrote properties added with the same call (`xmp.setProperty(ns, name, v)`
 * after `addPropertyToProjectMetadataSchema(name, label, type)`).
 */
export const BADGE_FIELD_FALLBACK = BADGE_PROPERTY_NAME;

/** What an editor sees in the column when the panel has no words for a clip (never in practice). */
const STATE_WORDS: Record<AssetState, string> = {
  protected: '3-2-1 ✓',
  partial: 'partial',
  unprotected: 'unprotected',
  stale: 'changed since backup',
  missing: 'missing',
  lost: 'lost',
  failed: 'failed verification',
};

/** The column value: the chip's text on one line (XML forbids most control characters in a packet). */
export function badgeValue(badge: ClipBadge): string {
  const text = badge.text
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text === '' ? STATE_WORDS[badge.state] : text;
}

/**
 * The labels Premiere offers, from `Constants.ProjectItemColorLabel` as it is at run time (never hard-coded
 * numbers). A TypeScript-style enum object also maps numbers back to names; those entries are skipped.
 */
export function colorLabelChoices(labels: Readonly<Record<string, unknown>>): ColorLabelChoice[] {
  return Object.entries(labels)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number' && Number.isInteger(entry[1]))
    .map(([key, index]) => ({ index, name: key.charAt(0) + key.slice(1).toLowerCase() }))
    .sort((a, b) => a.index - b.index);
}

/** The editor's label per state, keeping only labels this Premiere has. */
export function usableColorLabels(chosen: Partial<Record<AssetState, number>>, choices: readonly ColorLabelChoice[]): Partial<Record<AssetState, number>> {
  const valid = new Set(choices.map((c) => c.index));
  return Object.fromEntries(Object.entries(chosen).filter(([, index]) => valid.has(index as number)));
}

/** What the host last wrote for a clip. */
export interface WrittenBadge {
  value: string;
  /** The label Threefold gave the clip, while it shows one. */
  colorLabel?: number;
  /** The clip's own label before Threefold's: put back when Threefold's no longer applies. */
  ownLabel?: number;
}

/** One clip's write: only what changed since the last write (`value`, `colorLabel`), and the result. */
export interface BadgeWrite {
  clipId: string;
  value?: string;
  colorLabel?: number;
  /** What the clip shows once written. */
  after: WrittenBadge;
}

/**
 * The writes that bring the column (and the labels, when chosen) from what was written to `badges`.
 * Clips whose value and label are unchanged are left alone, so a rescan that changes nothing writes nothing
 * (and adds no undo step). A clip listed twice takes its last badge. A label is the editor's own: a clip
 * given one of Threefold's gets its own back (`ownLabels`: read before the first label, by clip id) once
 * its state has no label chosen, or labels are turned off.
 */
export function planBadgeWrites(
  written: ReadonlyMap<string, WrittenBadge>,
  badges: readonly ClipBadge[],
  colorLabels: Partial<Record<AssetState, number>>,
  ownLabels: ReadonlyMap<string, number> = new Map(),
): BadgeWrite[] {
  const latest = new Map(badges.map((b) => [b.clipId, b]));
  const writes: BadgeWrite[] = [];
  for (const badge of latest.values()) {
    const before = written.get(badge.clipId);
    const value = badgeValue(badge);
    const label = colorLabels[badge.state];
    const own = before?.colorLabel !== undefined ? before.ownLabel : ownLabels.get(badge.clipId);
    const write: BadgeWrite = { clipId: badge.clipId, after: { value } };
    if (before?.value !== value) write.value = value;
    if (label !== undefined) {
      write.after = own === undefined ? { value, colorLabel: label } : { value, colorLabel: label, ownLabel: own };
      if (before?.colorLabel !== label) write.colorLabel = label;
    } else if (before?.colorLabel !== undefined) {
      // Put the editor's own back; without it known, Threefold's stays (and is remembered as shown).
      if (own === undefined) write.after = { value, colorLabel: before.colorLabel };
      else if (own !== before.colorLabel) write.colorLabel = own;
    }
    if (write.value !== undefined || write.colorLabel !== undefined) writes.push(write);
  }
  return writes;
}

/** Clips about to get their first label from Threefold: their own label must be read before. */
export function clipsNeedingOwnLabel(
  written: ReadonlyMap<string, WrittenBadge>,
  badges: readonly ClipBadge[],
  colorLabels: Partial<Record<AssetState, number>>,
): string[] {
  return badges.filter((b) => colorLabels[b.state] !== undefined && written.get(b.clipId)?.colorLabel === undefined).map((b) => b.clipId);
}

/** `written` after `writes` were applied. */
export function recordBadgeWrites(written: ReadonlyMap<string, WrittenBadge>, writes: readonly BadgeWrite[]): Map<string, WrittenBadge> {
  const next = new Map(written);
  for (const write of writes) next.set(write.clipId, write.after);
  return next;
}
