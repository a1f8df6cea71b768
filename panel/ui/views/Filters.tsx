import { CLIP_FILTERS, FILTER_LABELS, type ClipFilter } from '../../model/clipFilter';

export interface FiltersProps {
  filter: ClipFilter;
  counts: Record<ClipFilter, number>;
  onChange(filter: ClipFilter): void;
}

/** All, Needs protection, Protected, Missing: a row of tabs with their counts, each reached with Tab and chosen with Enter or Space too. */
export function Filters({ filter, counts, onChange }: FiltersProps) {
  return (
    <div className="filters" role="tablist">
      {CLIP_FILTERS.map((f) => (
        <div
          key={f}
          className={f === filter ? 'filter selected' : 'filter'}
          data-testid={`filter-${f}`}
          data-selected={f === filter ? 'true' : undefined}
          role="tab"
          aria-selected={f === filter}
          tabIndex={0}
          onClick={() => onChange(f)}
          onKeyDown={(event) => {
            if (event.key !== 'Enter' && event.key !== ' ') return;
            event.preventDefault();
            onChange(f);
          }}
        >
          {FILTER_LABELS[f]} <span className="filter-count">{counts[f]}</span>
        </div>
      ))}
    </div>
  );
}
