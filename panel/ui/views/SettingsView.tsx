import { useState } from 'react';
import { ASSET_STATES, type AssetState } from '../../../src/policy/assetState';
import type { ColorLabelChoice } from '../../host/host';
import { STATE_NAMES } from '../../model/clipSummary';
import { helperPortNote, parseHelperPort } from '../../model/helperPort';
import { withColorLabel, type PanelSettings } from '../../model/panelSettings';
import { Button } from '../spectrum/Button';
import { Checkbox } from '../spectrum/Checkbox';
import { Select, type SelectOption } from '../spectrum/Select';
import { TextField } from '../spectrum/TextField';

export interface SettingsViewProps {
  settings: PanelSettings;
  /** The labels the host offers (`Host.colorLabelChoices()`). */
  choices: readonly ColorLabelChoice[];
  /** Why the settings could not be saved. */
  error: string | null;
  onChange(settings: PanelSettings): void;
  onDone(): void;
}

/** The value of "no label for this state": its clips keep the labels the editor gave them. */
const NO_LABEL = '';

/** The panel's preferences: whether the badges also set color labels, and which label each state gets. */
export function SettingsView({ settings, choices, error, onChange, onDone }: SettingsViewProps) {
  const options: SelectOption[] = [{ value: NO_LABEL, label: 'No label' }, ...choices.map((c) => ({ value: String(c.index), label: c.name }))];
  const choose = (state: AssetState, value: string): void => onChange(withColorLabel(settings, state, value === NO_LABEL ? null : Number(value)));
  // A stored label this host does not offer is not written (the host checks): it shows as none.
  const chosen = (state: AssetState): string => {
    const index = settings.colorLabels[state];
    return choices.some((c) => c.index === index) ? String(index) : NO_LABEL;
  };
  return (
    <div className="view scroll" data-testid="settings">
      <div className="header">
        <sp-heading size="XS">Settings</sp-heading>
        <Button variant="primary" onPress={onDone} testId="settings-done">
          Done
        </Button>
      </div>
      <sp-body class="muted">The 3-2-1 column in Premiere's Project panel always shows each clip's status.</sp-body>
      <Checkbox checked={settings.colorLabelsOn} onChange={(colorLabelsOn) => onChange({ ...settings, colorLabelsOn })} testId="color-labels-toggle">
        Also set color labels
      </Checkbox>
      {settings.colorLabelsOn ? (
        <>
          <sp-body size="XS" class="muted">
            A clip's label changes with its status; in a state with no label, or once labels are off, it gets its own label back.
          </sp-body>
          {ASSET_STATES.map((state) => (
            <div key={state} className="label-choice" data-testid="label-choice" data-state={state}>
              <span className={`dot state-${state}`}></span>
              <sp-body class="label-choice-state">{STATE_NAMES[state]}</sp-body>
              <Select
                value={chosen(state)}
                options={options}
                onChange={(value) => choose(state, value)}
                label={`Color label for ${STATE_NAMES[state]} clips`}
              />
            </div>
          ))}
        </>
      ) : null}
      <HelperPortField port={settings.helperPort} onChange={(helperPort) => onChange({ ...settings, helperPort })} />
      {error ? (
        <sp-body class="error" role="alert">
          {error}
        </sp-body>
      ) : null}
    </div>
  );
}

interface HelperPortFieldProps {
  port: number;
  onChange(port: number): void;
}

/** The helper's port (`threefold helper --port N`): applied with Enter or Use port, the panel then reconnects. */
function HelperPortField({ port, onChange }: HelperPortFieldProps) {
  const [typed, setTyped] = useState(String(port));
  const [error, setError] = useState<string | null>(null);
  const apply = (): void => {
    const parsed = parseHelperPort(typed);
    if ('error' in parsed) {
      setError(parsed.error);
      return;
    }
    setError(null);
    setTyped(String(parsed.port));
    onChange(parsed.port);
  };
  const note = helperPortNote(port);
  return (
    <div className="helper-port" data-testid="helper-port">
      <TextField value={typed} onChange={setTyped} onSubmit={apply} label="Helper port" testId="helper-port-field" />
      <Button variant="secondary" onPress={apply} testId="helper-port-apply">
        Use port
      </Button>
      {error ? (
        <sp-body class="error" data-testid="helper-port-error">
          {error}
        </sp-body>
      ) : null}
      {note ? (
        <sp-body class="warning" data-testid="helper-port-note">
          {note}
        </sp-body>
      ) : null}
    </div>
  );
}
