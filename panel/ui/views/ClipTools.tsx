import { useEffect, useRef } from 'react';
import { CLIP_SORTS, SORT_LABELS, type ClipSort, type ClipViewOptions } from '../../model/clipView';
import { Checkbox } from '../spectrum/Checkbox';
import { Select } from '../spectrum/Select';
import { useDomEvent } from '../spectrum/useDomEvent';

export interface ClipToolsProps {
  options: ClipViewOptions;
  onChange(options: ClipViewOptions): void;
}

const SORT_OPTIONS = CLIP_SORTS.map((sort) => ({ value: sort, label: SORT_LABELS[sort] }));

/** Search, order and grouping by bin, above the clip list. */
export function ClipTools({ options, onChange }: ClipToolsProps) {
  const search = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const input = search.current;
    if (input && input.value !== options.search) input.value = options.search;
  }, [options.search]);
  // The value goes through the DOM property and the `input` event, which UXP and browsers both have (TextField.tsx).
  useDomEvent(search, 'input', () => onChange({ ...options, search: search.current?.value ?? '' }));
  return (
    <div className="clip-tools">
      <input
        ref={search}
        className="textfield clip-search"
        type="search"
        placeholder="Search clips, folders, bins"
        aria-label="Search clips"
        data-testid="clip-search"
        spellCheck={false}
      />
      <Select
        value={options.sort}
        options={SORT_OPTIONS}
        onChange={(sort) => onChange({ ...options, sort: sort as ClipSort })}
        label="Sort clips by"
        testId="clip-sort"
      />
      <Checkbox checked={options.groupByBin} onChange={(groupByBin) => onChange({ ...options, groupByBin })} testId="group-by-bin">
        Bins
      </Checkbox>
    </div>
  );
}
