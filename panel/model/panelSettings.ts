/**
 * The editor's panel preferences, as kept in storage (panel/host/panelSettingsStore.ts): whether the
 * badges also set Premiere's color labels, and which label goes with each state. Labels are the editor's
 * own (they mean something in their project), so they are off until turned on, and a state gets a label
 * only when the editor picked one for it.
 */
import { ASSET_STATES, type AssetState } from '../../src/policy/assetState';
import { DEFAULT_HELPER_PORT } from '../../src/protocol/constants';
import type { ShowStatusOptions } from '../host/host';
import { isHelperPort } from './helperPort';

export interface PanelSettings {
  colorLabelsOn: boolean;
  /** The label index (one of the host's `colorLabelChoices()`) per state; a state without one is left alone. */
  colorLabels: Partial<Record<AssetState, number>>;
  /** Where the helper listens (`threefold helper --port N`). */
  helperPort: number;
}

export const DEFAULT_PANEL_SETTINGS: PanelSettings = { colorLabelsOn: false, colorLabels: {}, helperPort: DEFAULT_HELPER_PORT };

/**
 * Settings from their stored JSON. Nothing stored, or anything unreadable, is the defaults (labels off);
 * entries that make no sense (unknown states, non-integer labels) are dropped one by one.
 */
export function parsePanelSettings(stored: string | null): PanelSettings {
  if (stored === null) return DEFAULT_PANEL_SETTINGS;
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    return DEFAULT_PANEL_SETTINGS;
  }
  if (!isRecord(value)) return DEFAULT_PANEL_SETTINGS;
  return {
    colorLabelsOn: value.colorLabelsOn === true,
    colorLabels: parseColorLabels(value.colorLabels),
    helperPort: isHelperPort(value.helperPort) ? value.helperPort : DEFAULT_HELPER_PORT,
  };
}

function parseColorLabels(value: unknown): Partial<Record<AssetState, number>> {
  if (!isRecord(value)) return {};
  const labels: Partial<Record<AssetState, number>> = {};
  for (const state of ASSET_STATES) {
    const index = value[state];
    if (typeof index === 'number' && Number.isInteger(index) && index >= 0) labels[state] = index;
  }
  return labels;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The settings with `state`'s label chosen, or cleared (null: the state's clips keep their own labels). */
export function withColorLabel(settings: PanelSettings, state: AssetState, index: number | null): PanelSettings {
  const { [state]: _previous, ...others } = settings.colorLabels;
  return { ...settings, colorLabels: index === null ? others : { ...others, [state]: index } };
}

/** What `Host.showStatus` is given: the chosen labels only while labels are on. */
export function badgeOptions(settings: PanelSettings): ShowStatusOptions {
  return settings.colorLabelsOn ? { colorLabels: settings.colorLabels } : {};
}
