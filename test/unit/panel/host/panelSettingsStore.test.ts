/** @jest-environment jsdom */
import { PANEL_SETTINGS_KEY, PanelSettingsStore } from '../../../../panel/host/panelSettingsStore';

describe('PanelSettingsStore (jsdom localStorage)', () => {
  beforeEach(() => localStorage.clear());

  it('labels are off until settings are saved; saved settings are read back by a new store', () => {
    expect(new PanelSettingsStore().load()).toEqual({ colorLabelsOn: false, colorLabels: {}, helperPort: 7737 });
    new PanelSettingsStore().save({ colorLabelsOn: true, colorLabels: { protected: 4 }, helperPort: 7737 });
    expect(JSON.parse(localStorage.getItem(PANEL_SETTINGS_KEY)!)).toEqual({ colorLabelsOn: true, colorLabels: { protected: 4 }, helperPort: 7737 });
    expect(PANEL_SETTINGS_KEY).toBe('threefold.settings');
    expect(new PanelSettingsStore(localStorage).load()).toEqual({ colorLabelsOn: true, colorLabels: { protected: 4 }, helperPort: 7737 });
  });

  it('something else under its key reads as the defaults', () => {
    localStorage.setItem(PANEL_SETTINGS_KEY, '{"colorLabelsOn": tru');
    expect(new PanelSettingsStore().load()).toEqual({ colorLabelsOn: false, colorLabels: {}, helperPort: 7737 });
  });

  it('a storage that refuses to be read gives the defaults; a refused save throws', () => {
    const refusing = {
      getItem: (): string | null => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: (): void => {
        throw new DOMException('quota', 'QuotaExceededError');
      },
      removeItem: (): void => undefined,
    };
    const store = new PanelSettingsStore(refusing);
    expect(store.load()).toEqual({ colorLabelsOn: false, colorLabels: {}, helperPort: 7737 });
    expect(() => store.save({ colorLabelsOn: true, colorLabels: {}, helperPort: 7737 })).toThrow('quota');
  });
});
