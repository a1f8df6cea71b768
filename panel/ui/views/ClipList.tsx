import { useEffect, useRef, useState } from 'react';
import type { ClipRow } from '../../model/clipRows';
import { rowWindow, scrollToShow } from '../../model/virtualWindow';
import { useDomEvent } from '../spectrum/useDomEvent';
import { StatusChip } from './StatusChip';

/** Every row has this height: the list computes what is visible instead of laying out 20,000 rows. */
export const ROW_HEIGHT = 40;
const OVERSCAN = 8;
/** Until the list is measured (and where a host reports no size): a typical docked panel. */
const FALLBACK_HEIGHT = 400;

export interface ClipListProps {
  rows: readonly ClipRow[];
  selectedId: string | null;
  onSelect(id: string): void;
}

/**
 * The clip list, virtualised by hand (UXP has no grid or table layout and no list component): two spacers
 * stand for the rows above and below the rendered window.
 */
export function ClipList({ rows, selectedId, onSelect }: ClipListProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(FALLBACK_HEIGHT);

  useDomEvent(ref, 'scroll', () => setScrollTop(ref.current?.scrollTop ?? 0));
  useEffect(() => {
    const measure = (): void => {
      const measured = ref.current?.clientHeight ?? 0;
      if (measured > 0) setHeight(measured);
    };
    measure();
    window.addEventListener('resize', measure);
    // Not every UXP version has ResizeObserver: the window's resize event covers a resized panel.
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(measure);
    if (ref.current) observer?.observe(ref.current);
    return () => {
      window.removeEventListener('resize', measure);
      observer?.disconnect();
    };
  }, []);

  const moveSelection = (step: number): void => {
    const list = ref.current;
    if (!list || rows.length === 0) return;
    const at = rows.findIndex((r) => r.id === selectedId);
    const next = Math.min(rows.length - 1, Math.max(0, at < 0 ? 0 : at + step));
    onSelect(rows[next]!.id);
    list.scrollTop = scrollToShow(next, list.scrollTop, list.clientHeight || height, ROW_HEIGHT);
  };
  useDomEvent(ref, 'keydown', (event) => {
    const key = (event as KeyboardEvent).key;
    if (key !== 'ArrowDown' && key !== 'ArrowUp') return;
    event.preventDefault();
    moveSelection(key === 'ArrowDown' ? 1 : -1);
  });

  const visible = rowWindow({ scrollTop, viewportHeight: height, rowHeight: ROW_HEIGHT, count: rows.length, overscan: OVERSCAN });
  return (
    <div ref={ref} className="clip-list" data-testid="clip-list" data-count={rows.length} role="listbox" tabIndex={0}>
      <div className="spacer" style={{ height: visible.padTop }}></div>
      {rows.slice(visible.first, visible.end).map((row) => (
        <ClipRowView key={row.id} row={row} selected={row.id === selectedId} onSelect={onSelect} />
      ))}
      <div className="spacer" style={{ height: visible.padBottom }}></div>
    </div>
  );
}

interface ClipRowViewProps {
  row: ClipRow;
  selected: boolean;
  onSelect(id: string): void;
}

function ClipRowView({ row, selected, onSelect }: ClipRowViewProps) {
  return (
    // biome-ignore lint/a11y/useFocusableInteractive: the listbox holds the focus and moves the selection with the arrow keys
    // biome-ignore lint/a11y/useKeyWithClickEvents: the listbox holds the focus and moves the selection with the arrow keys
    <div
      className={selected ? 'clip-row selected' : 'clip-row'}
      style={{ height: ROW_HEIGHT }}
      data-testid="clip-row"
      data-clip-id={row.id}
      data-state={row.state}
      role="option"
      aria-selected={selected}
      onClick={() => onSelect(row.id)}
    >
      <div className="clip-text">
        <div className="clip-name" data-testid="clip-name" title={row.name}>
          {row.name}
        </div>
        <div className="clip-file" data-testid="clip-file" title={row.mediaPath}>
          {row.file}
        </div>
      </div>
      <StatusChip state={row.state} label={row.label} />
    </div>
  );
}
