import { useEffect, useSyncExternalStore } from 'react';
import type { JobInfo } from '../../../src/protocol/messages';
import type { HelperConnection } from '../../connection/helperConnection';
import type { Host } from '../../host/host';

/**
 * Tells the helper whether the panel is shown (on pairing and on each change), so a job that ends while it
 * is hidden is notified on the desktop; shown again, the jobs it missed are given to `onMissed`.
 */
export function usePanelPresence(host: Host, connection: HelperConnection, paired: boolean, onMissed: (jobs: JobInfo[]) => void): boolean {
  const visible = useSyncExternalStore(
    (listener) => host.onPanelVisibility(listener),
    () => host.panelVisible(),
  );
  useEffect(() => {
    if (!paired) return;
    // The helper gives missed jobs once: they are shown whatever happened meanwhile.
    connection.request('panel.visibility', { visible }).then(
      ({ missed }) => missed.length > 0 && onMissed(missed),
      () => undefined, // an older helper: nothing is notified, the panel shows what its events told it
    );
  }, [connection, paired, visible, onMissed]);
  return visible;
}
