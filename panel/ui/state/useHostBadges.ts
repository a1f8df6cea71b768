import { useEffect, useRef, useState } from 'react';
import type { ShowStatusOptions, Host } from '../../host/host';
import { changedBadges, clipBadges, rememberBadges } from '../../model/clipBadges';
import { clipRows } from '../../model/clipRows';
import { errorText } from './errorText';
import type { CheckedProject } from './useProjectStatus';

/**
 * Keeps the host's badges (its status column, and color labels when on) up to date: after each full
 * status, and again when the badge options change (labels turned on, a label chosen). Writes run one
 * after another, in the order they were asked for. Returns why the last write failed, if it did.
 */
export function useHostBadges(host: Host, checked: CheckedProject | null, options: ShowStatusOptions): string | null {
  const [error, setError] = useState<string | null>(null);
  /** Per project id, the badges written so far (clipBadges.ts). */
  const written = useRef(new Map<string, Map<string, string>>());
  const writing = useRef(Promise.resolve());

  useEffect(() => {
    if (!checked) return;
    const write = async (): Promise<void> => {
      const before = written.current.get(checked.projectId) ?? new Map<string, string>();
      const changed = changedBadges(before, clipBadges(clipRows(checked.clips, checked.statuses)), options.colorLabels);
      if (changed.length === 0) return;
      try {
        await host.showStatus(changed, options);
        written.current.set(checked.projectId, rememberBadges(before, changed, options.colorLabels));
        setError(null);
      } catch (e) {
        setError(`The status column could not be written: ${errorText(e)}`);
      }
    };
    writing.current = writing.current.then(write);
  }, [host, checked, options]);

  return error;
}
