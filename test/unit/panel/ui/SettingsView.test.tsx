/** @jest-environment jsdom */
import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { SimulatedHost } from '../../../../panel/host/simulatedHost';
import { DEFAULT_PANEL_SETTINGS, type PanelSettings } from '../../../../panel/model/panelSettings';
import { SettingsView } from '../../../../panel/ui/views/SettingsView';
import { ASSET_STATES } from '../../../../src/policy/assetState';

const choices = new SimulatedHost(null).colorLabelChoices();

/** The view as App uses it: its changes become its settings; every change is also recorded. */
function renderSettings(initial: PanelSettings = DEFAULT_PANEL_SETTINGS, error: string | null = null) {
  const changes: PanelSettings[] = [];
  const onDone = jest.fn();
  // biome-ignore lint/correctness/noComponentHookFactories: rendered once per test, its closure holds that test's record of changes
  function Stateful() {
    const [settings, setSettings] = useState(initial);
    const change = (next: PanelSettings): void => {
      changes.push(next);
      setSettings(next);
    };
    return <SettingsView settings={settings} choices={choices} error={error} onChange={change} onDone={onDone} />;
  }
  render(<Stateful />);
  return { changes, onDone };
}

const toggle = () => screen.getByTestId('color-labels-toggle') as HTMLElement & { checked: boolean };
const setToggle = (checked: boolean) => {
  toggle().checked = checked;
  fireEvent(toggle(), new Event('change'));
};
const choice = (state: string) => document.querySelector(`[data-testid="label-choice"][data-state="${state}"] select`) as HTMLSelectElement;

describe('SettingsView', () => {
  it('color labels are off by default, with no label choices shown', () => {
    renderSettings();
    expect(screen.getByTestId('settings')).toBeTruthy();
    expect(toggle().hasAttribute('checked')).toBe(false);
    expect(screen.queryAllByTestId('label-choice')).toEqual([]);
  });

  it("turned on, offers one choice per state among the host's labels, none chosen", () => {
    const { changes } = renderSettings();
    setToggle(true);
    expect(changes).toEqual([{ colorLabelsOn: true, colorLabels: {}, helperPort: 7737 }]);
    expect(screen.getAllByTestId('label-choice').map((c) => c.getAttribute('data-state'))).toEqual([...ASSET_STATES]);
    const names = [...choice('protected').options].map((o) => o.textContent);
    expect(names).toEqual(['No label', ...choices.map((c) => c.name)]);
    expect(names).toContain('Forest');
    expect(ASSET_STATES.map((s) => choice(s).value)).toEqual(ASSET_STATES.map(() => ''));
  });

  it('chooses a label per state, changes it, and goes back to none', () => {
    const { changes } = renderSettings({ colorLabelsOn: true, colorLabels: {}, helperPort: 7737 });
    const forest = choices.find((c) => c.name === 'Forest')!.index;
    const rose = choices.find((c) => c.name === 'Rose')!.index;
    fireEvent.change(choice('protected'), { target: { value: String(forest) } });
    fireEvent.change(choice('lost'), { target: { value: String(rose) } });
    fireEvent.change(choice('protected'), { target: { value: '' } });
    expect(changes.map((c) => c.colorLabels)).toEqual([{ protected: forest }, { protected: forest, lost: rose }, { lost: rose }]);
    expect(choice('lost').value).toBe(String(rose));
    expect(choice('protected').value).toBe('');
  });

  it('shows stored choices; a label the host does not offer shows as none', () => {
    renderSettings({ colorLabelsOn: true, colorLabels: { protected: 4, lost: 99 }, helperPort: 7737 });
    expect(toggle().hasAttribute('checked')).toBe(true);
    expect(choice('protected').value).toBe('4');
    expect(choice('protected').selectedOptions[0]!.textContent).toBe(choices.find((c) => c.index === 4)!.name);
    expect(choice('lost').selectedIndex).toBe(0);
  });

  it('turning labels off keeps the chosen labels for next time', () => {
    const { changes } = renderSettings({ colorLabelsOn: true, colorLabels: { protected: 4 }, helperPort: 7737 });
    setToggle(false);
    expect(changes).toEqual([{ colorLabelsOn: false, colorLabels: { protected: 4 }, helperPort: 7737 }]);
    expect(screen.queryAllByTestId('label-choice')).toEqual([]);
  });

  it('says when the settings could not be saved, and Done leaves', () => {
    const { onDone } = renderSettings(DEFAULT_PANEL_SETTINGS, 'The settings could not be saved: quota');
    expect(screen.getByRole('alert').textContent).toBe('The settings could not be saved: quota');
    fireEvent.click(screen.getByTestId('settings-done'));
    expect(onDone).toHaveBeenCalledTimes(1);
  });

  it('sets the helper port with Use port or Enter; refuses what is not a port; warns outside the manifest', () => {
    const { changes } = renderSettings();
    const field = screen.getByTestId('helper-port-field') as HTMLInputElement;
    expect(field.value).toBe('7737');
    field.value = 'abc';
    fireEvent.input(field);
    fireEvent.click(screen.getByTestId('helper-port-apply'));
    expect(screen.getByTestId('helper-port-error').textContent).toContain('1 to 65535');
    expect(changes).toEqual([]);
    field.value = '7738';
    fireEvent.input(field);
    fireEvent.keyDown(field, { key: 'Enter' });
    expect(changes.map((c) => c.helperPort)).toEqual([7738]);
    expect(screen.queryByTestId('helper-port-error')).toBeNull();
    expect(screen.queryByTestId('helper-port-note')).toBeNull();
    field.value = '9000';
    fireEvent.input(field);
    fireEvent.click(screen.getByTestId('helper-port-apply'));
    expect(changes.map((c) => c.helperPort)).toEqual([7738, 9000]);
    expect(screen.getByTestId('helper-port-note').textContent).toContain('"domains": "all"');
  });
});
