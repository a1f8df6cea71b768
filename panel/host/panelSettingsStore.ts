/**
 * Where the panel's preferences are kept: `window.localStorage` in both builds. UXP provides it as in a
 * browser (Adobe's storage guide: `const storage = window.localStorage`; @adobe/cc-ext-uxp-types declares
 * the global), and preferences are not secrets, so they do not go to secureStorage with the token.
 */
import { DEFAULT_PANEL_SETTINGS, parsePanelSettings, type PanelSettings } from '../model/panelSettings';
import type { KeyValueStorage } from './webTokenStore';

export const PANEL_SETTINGS_KEY = 'threefold.settings';

export class PanelSettingsStore {
  constructor(private readonly storage: KeyValueStorage = globalThis.localStorage) {}

  /** The stored settings; the defaults when none are stored or they cannot be read. */
  load(): PanelSettings {
    try {
      return parsePanelSettings(this.storage.getItem(PANEL_SETTINGS_KEY));
    } catch {
      return DEFAULT_PANEL_SETTINGS; // storage refused (a browser's privacy mode): the defaults
    }
  }

  save(settings: PanelSettings): void {
    this.storage.setItem(PANEL_SETTINGS_KEY, JSON.stringify(settings));
  }
}
