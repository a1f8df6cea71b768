import { useEffect, useRef, useState } from 'react';
import type { ShowStatusOptions, Host } from '../../host/host';
import { changedBadges, clipBadges, rememberBadges } from '../../model/clipBadges';
import { clipRows } from '../../model/clipRows';
import { QuietWrites } from '../../model/quietWrites';
import { errorText } from './errorText';
import type { CheckedProject } from './useProjectStatus';

/** How long the editor must leave the project alone before the badges are written. */
export const BADGE_QUIET_MS = 2000;

/**
 * Keeps the host's badges (its status column, and color labels when on) up to date: after each full
 * status, and again when the badge options change (labels turned on, a label chosen). Each write is an undo
 * step: it waits until the editor has left the project alone for `quietMs`, writes only the badges that
 * changed, and what was asked for meanwhile goes in the same write. Returns why the last write failed.
 */
export function useHostBadges(host: Host, checked: CheckedProject | null, options: ShowStatusOptions, quietMs = BADGE_QUIET_MS): string | null {
  const [error, setError] = useState<string | null>(null);
  /** Per project id, the badges written so far (clipBadges.ts). */
  const written = useRef(new Map<string, Map<string, string>>());
  const latest = useRef({ checked, options });
  latest.current = { checked, options };
  const [writes, setWrites] = useState<QuietWrites | null>(null);

  useEffect(() => {
    const quiet = new QuietWrites(async () => {
      const { checked: current, options: chosen } = latest.current;
      if (!current) return;
      const before = written.current.get(current.projectId) ?? new Map<string, string>();
      const changed = changedBadges(before, clipBadges(clipRows(current.clips, current.statuses)), chosen.colorLabels);
      if (changed.length === 0) return;
      try {
        await host.showStatus(changed, chosen);
        written.current.set(current.projectId, rememberBadges(before, changed, chosen.colorLabels));
        setError(null);
      } catch (e) {
        setError(`The status column could not be written: ${errorText(e)}`);
      }
    }, quietMs);
    const unfollow = host.onProjectChanged((change) => {
      if (change === 'dirty') quiet.editorActed();
    });
    setWrites(quiet);
    return () => {
      unfollow();
      quiet.dispose();
    };
  }, [host, quietMs]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: new options (a label turned on) are a reason to write; the write reads them from `latest`
  useEffect(() => {
    if (checked) writes?.want();
  }, [writes, checked, options]);

  return error;
}
