import { useCallback, useState } from 'react';
import type { PanelSettingsStore } from '../../host/panelSettingsStore';
import type { PanelSettings } from '../../model/panelSettings';
import { errorText } from './errorText';

export interface PanelSettingsState {
  settings: PanelSettings;
  /** Why the last change could not be stored (it still applies until the panel closes). */
  error: string | null;
  change(settings: PanelSettings): void;
}

/** The panel's preferences: read once from the store, stored again on every change. */
export function usePanelSettings(store: PanelSettingsStore): PanelSettingsState {
  const [settings, setSettings] = useState(() => store.load());
  const [error, setError] = useState<string | null>(null);
  const change = useCallback(
    (next: PanelSettings) => {
      setSettings(next);
      try {
        store.save(next);
        setError(null);
      } catch (e) {
        setError(`The settings could not be saved: ${errorText(e)}`);
      }
    },
    [store],
  );
  return { settings, error, change };
}
