/**
 * How the clip list is browsed: a search over names, files, folders and bins; an order (name, state, size,
 * last verified); and, when grouped, a heading before each bin's clips. The list draws fixed-height entries,
 * so a heading is an entry of its own.
 */
import type { ClipRow, ClipState } from './clipRows';

export const CLIP_SORTS = ['name', 'state', 'size', 'verified'] as const;
export type ClipSort = (typeof CLIP_SORTS)[number];

export const SORT_LABELS: Record<ClipSort, string> = {
  name: 'Name',
  state: 'State',
  size: 'Size',
  verified: 'Last verified',
};

export interface ClipViewOptions {
  search: string;
  sort: ClipSort;
  groupByBin: boolean;
}

export const DEFAULT_CLIP_VIEW: ClipViewOptions = { search: '', sort: 'name', groupByBin: false };

export type ClipListEntry = { kind: 'bin'; bin: string; count: number } | { kind: 'clip'; row: ClipRow };

/** The project's root bin, as a heading. */
export const ROOT_BIN_NAME = 'Project';

/** Worst first: what needs the editor's attention comes to the top. */
const STATE_ORDER: Record<ClipState, number> = { lost: 0, failed: 1, missing: 2, stale: 3, unprotected: 4, partial: 5, protected: 6, unknown: 7 };

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** A bin path as shown: `Footage / Day 1`, the root bin as `Project`. */
export function binLabel(bin: readonly string[]): string {
  return bin.length === 0 ? ROOT_BIN_NAME : bin.join(' / ');
}

/** The search, spaces collapsed, appears (any case) in the clip's name, its file's path or its bin. */
export function matchesSearch(row: ClipRow, search: string): boolean {
  const phrase = search.trim().replace(/\s+/g, ' ').toLocaleLowerCase();
  if (phrase === '') return true;
  return [row.name, row.mediaPath, binLabel(row.bin)].some((field) => field.toLocaleLowerCase().includes(phrase));
}

/**
 * The rows in `sort` order, ties broken by name then id (a stable, total order). Sizes largest first;
 * last verified oldest first, and clips never verified (or not known yet) before every dated one.
 */
export function sortRows(rows: readonly ClipRow[], sort: ClipSort): ClipRow[] {
  const byName = (a: ClipRow, b: ClipRow): number => collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const primary = (a: ClipRow, b: ClipRow): number => {
    switch (sort) {
      case 'name':
        return 0;
      case 'state':
        return STATE_ORDER[a.state] - STATE_ORDER[b.state];
      case 'size':
        return (b.size ?? -1) - (a.size ?? -1);
      case 'verified':
        return (a.lastVerified ?? Number.NEGATIVE_INFINITY) - (b.lastVerified ?? Number.NEGATIVE_INFINITY) || 0;
    }
  };
  return [...rows].sort((a, b) => primary(a, b) || byName(a, b));
}

/** The list's entries: the rows searched and sorted, each bin's rows under a heading when grouped (bins by name, the root first). */
export function clipListEntries(rows: readonly ClipRow[], options: ClipViewOptions): ClipListEntry[] {
  const sorted = sortRows(
    rows.filter((row) => matchesSearch(row, options.search)),
    options.sort,
  );
  if (!options.groupByBin) return sorted.map((row) => ({ kind: 'clip', row }));
  const bins = new Map<string, { bin: readonly string[]; rows: ClipRow[] }>();
  for (const row of sorted) {
    const key = row.bin.join('\u0000');
    const group = bins.get(key) ?? { bin: row.bin, rows: [] };
    group.rows.push(row);
    bins.set(key, group);
  }
  const groups = [...bins.values()].sort((a, b) => (a.bin.length === 0 ? -1 : b.bin.length === 0 ? 1 : collator.compare(binLabel(a.bin), binLabel(b.bin))));
  return groups.flatMap((group): ClipListEntry[] => [
    { kind: 'bin', bin: binLabel(group.bin), count: group.rows.length },
    ...group.rows.map((row): ClipListEntry => ({ kind: 'clip', row })),
  ]);
}
