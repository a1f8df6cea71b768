import type { ClipState } from '../../model/clipRows';

/** A status chip: plain element and CSS (UXP has no badge or status-light widget). */
export function StatusChip({ state, label }: { state: ClipState; label: string }) {
  return (
    <span className={`chip state-${state}`} data-testid="chip" title={label}>
      {label}
    </span>
  );
}
