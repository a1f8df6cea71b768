import { useEffect, useRef, useState } from 'react';
import type { ClipRow } from '../../model/clipRows';
import { binLabel, type ClipListEntry } from '../../model/clipView';
import { rowWindow, scrollToShow } from '../../model/virtualWindow';
import { useDomEvent } from '../spectrum/useDomEvent';
import { StatusChip } from './StatusChip';

/** Every row has this height: the list computes what is visible instead of laying out 20,000 rows. */
export const ROW_HEIGHT = 40;
const OVERSCAN = 8;
/** Until the list is measured (and where a host reports no size): a typical docked panel. */
const FALLBACK_HEIGHT = 400;

export interface ClipListProps {
  /** Clips, and bin headings when grouped. */
  entries: readonly ClipListEntry[];
  /** Each row names its bin (no headings say it). */
  showBins: boolean;
  selectedId: string | null;
  onSelect(id: string): void;
}

/**
 * The clip list, virtualised by hand (UXP has no grid or table layout and no list component): two spacers
 * stand for the rows above and below the rendered window.
 */
export function ClipList({ entries, showBins, selectedId, onSelect }: ClipListProps) {
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

  // The arrow keys move between clips, over the headings.
  const moveSelection = (step: number): void => {
    const list = ref.current;
    const clips = entries.flatMap((entry, index) => (entry.kind === 'clip' ? [{ id: entry.row.id, index }] : []));
    if (!list || clips.length === 0) return;
    const at = clips.findIndex((c) => c.id === selectedId);
    const next = clips[Math.min(clips.length - 1, Math.max(0, at < 0 ? 0 : at + step))]!;
    onSelect(next.id);
    list.scrollTop = scrollToShow(next.index, list.scrollTop, list.clientHeight || height, ROW_HEIGHT);
  };
  useDomEvent(ref, 'keydown', (event) => {
    const key = (event as KeyboardEvent).key;
    if (key !== 'ArrowDown' && key !== 'ArrowUp') return;
    event.preventDefault();
    moveSelection(key === 'ArrowDown' ? 1 : -1);
  });

  const visible = rowWindow({ scrollTop, viewportHeight: height, rowHeight: ROW_HEIGHT, count: entries.length, overscan: OVERSCAN });
  const clipCount = entries.reduce((n, entry) => (entry.kind === 'clip' ? n + 1 : n), 0);
  return (
    <div ref={ref} className="clip-list" data-testid="clip-list" data-count={clipCount} role="listbox" tabIndex={0}>
      <div className="spacer" style={{ height: visible.padTop }}></div>
      {entries.slice(visible.first, visible.end).map((entry) =>
        entry.kind === 'bin' ? (
          <div
            key={`bin\u0000${entry.bin}`}
            className="bin-heading"
            style={{ height: ROW_HEIGHT }}
            data-testid="bin-heading"
            data-name={entry.bin}
            role="presentation"
          >
            <span className="bin-name">{entry.bin}</span> <span className="filter-count">{entry.count}</span>
          </div>
        ) : (
          <ClipRowView key={entry.row.id} row={entry.row} showBin={showBins} selected={entry.row.id === selectedId} onSelect={onSelect} />
        ),
      )}
      <div className="spacer" style={{ height: visible.padBottom }}></div>
    </div>
  );
}

interface ClipRowViewProps {
  row: ClipRow;
  showBin: boolean;
  selected: boolean;
  onSelect(id: string): void;
}

/** A clip: its name (and bin), the folder its file is in, its chip. */
function ClipRowView({ row, showBin, selected, onSelect }: ClipRowViewProps) {
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
        <div className="clip-line">
          <span className="clip-name" data-testid="clip-name" title={row.name}>
            {row.name}
          </span>
          {showBin ? (
            <span className="clip-bin" data-testid="clip-bin" title={binLabel(row.bin)}>
              {binLabel(row.bin)}
            </span>
          ) : null}
        </div>
        <div className="clip-folder" data-testid="clip-folder" title={row.mediaPath}>
          {row.folder}
        </div>
      </div>
      <StatusChip state={row.state} label={row.label} />
    </div>
  );
}
