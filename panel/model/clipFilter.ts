/** The clip list's filter: All, Needs protection (anything not protected), Protected, Missing (missing or lost). */
import type { ClipRow, ClipState } from './clipRows';

export const CLIP_FILTERS = ['all', 'needs', 'protected', 'missing'] as const;
export type ClipFilter = (typeof CLIP_FILTERS)[number];

export const FILTER_LABELS: Record<ClipFilter, string> = {
  all: 'All',
  needs: 'Needs protection',
  protected: 'Protected',
  missing: 'Missing',
};

export function matchesFilter(state: ClipState, filter: ClipFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'needs':
      return state !== 'protected';
    case 'protected':
      return state === 'protected';
    case 'missing':
      return state === 'missing' || state === 'lost';
  }
}

export function filterRows(rows: readonly ClipRow[], filter: ClipFilter): readonly ClipRow[] {
  return filter === 'all' ? rows : rows.filter((r) => matchesFilter(r.state, filter));
}

/** How many rows each filter shows (the counts beside the filter names). */
export function filterCounts(rows: readonly ClipRow[]): Record<ClipFilter, number> {
  const counts: Record<ClipFilter, number> = { all: 0, needs: 0, protected: 0, missing: 0 };
  for (const row of rows) for (const filter of CLIP_FILTERS) if (matchesFilter(row.state, filter)) counts[filter] += 1;
  return counts;
}
