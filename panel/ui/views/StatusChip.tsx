import { chipLabel, type ClipState } from '../../model/clipRows';

/** A status chip: plain element and CSS (UXP has no badge or status-light widget). */
export function StatusChip(status: { state: ClipState; label: string }) {
  const label = chipLabel(status);
  return (
    <span className={`chip state-${status.state}`} data-testid="chip" title={label}>
      {label}
    </span>
  );
}
