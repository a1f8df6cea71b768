/** Which rows of a long list to render: the visible ones plus a few either side (fixed row height). */

export interface WindowInput {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  count: number;
  /** Rows rendered beyond each edge, so a fast scroll does not show blank space. */
  overscan: number;
}

export interface RowWindow {
  /** First rendered row. */
  first: number;
  /** One past the last rendered row. */
  end: number;
  /** Empty space standing for the rows above and below. */
  padTop: number;
  padBottom: number;
}

export function rowWindow({ scrollTop, viewportHeight, rowHeight, count, overscan }: WindowInput): RowWindow {
  if (count <= 0 || rowHeight <= 0) return { first: 0, end: 0, padTop: 0, padBottom: 0 };
  const top = Math.max(0, finite(scrollTop));
  const height = Math.max(0, finite(viewportHeight));
  const firstVisible = Math.min(count - 1, Math.floor(top / rowHeight));
  const endVisible = Math.min(count, Math.ceil((top + height) / rowHeight));
  const first = Math.max(0, firstVisible - overscan);
  const end = Math.min(count, Math.max(endVisible, firstVisible + 1) + overscan);
  return { first, end, padTop: first * rowHeight, padBottom: (count - end) * rowHeight };
}

/** The scroll position that brings a row into view (unchanged when it is visible already). */
export function scrollToShow(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  const rowTop = index * rowHeight;
  if (rowTop < scrollTop) return rowTop;
  if (rowTop + rowHeight > scrollTop + viewportHeight) return Math.max(0, rowTop + rowHeight - viewportHeight);
  return scrollTop;
}

function finite(n: number): number {
  return Number.isFinite(n) ? n : 0;
}
