import { helperPortNote, helperUrlForPort, MANIFEST_HELPER_PORTS, parseHelperPort } from '../../../../panel/model/helperPort';
import { badgeOptions, DEFAULT_PANEL_SETTINGS, parsePanelSettings, withColorLabel } from '../../../../panel/model/panelSettings';

describe('parsePanelSettings', () => {
  it('nothing stored, unreadable JSON or not an object: the defaults, labels off', () => {
    for (const stored of [null, '', '{', 'not json', 'null', '42', '"on"', '[true]']) {
      expect(parsePanelSettings(stored)).toEqual({ colorLabelsOn: false, colorLabels: {}, helperPort: 7737 });
    }
    expect(DEFAULT_PANEL_SETTINGS).toEqual({ colorLabelsOn: false, colorLabels: {}, helperPort: 7737 });
  });

  it('reads what was stored', () => {
    expect(parsePanelSettings(JSON.stringify({ colorLabelsOn: true, colorLabels: { protected: 4, lost: 0 }, helperPort: 7739 }))).toEqual({
      colorLabelsOn: true,
      colorLabels: { protected: 4, lost: 0 },
      helperPort: 7739,
    });
  });

  it('on only when stored as true; labels of unknown states or not whole numbers are dropped one by one', () => {
    expect(parsePanelSettings('{"colorLabelsOn":"yes","colorLabels":{"protected":4}}')).toEqual({
      colorLabelsOn: false,
      colorLabels: { protected: 4 },
      helperPort: 7737,
    });
    const stored = { colorLabelsOn: true, colorLabels: { protected: 1.5, partial: -1, lost: '3', missing: null, archived: 2, stale: 7 }, helperPort: 7737 };
    expect(parsePanelSettings(JSON.stringify(stored))).toEqual({ colorLabelsOn: true, colorLabels: { stale: 7 }, helperPort: 7737 });
    expect(parsePanelSettings('{"colorLabelsOn":true,"colorLabels":[4]}')).toEqual({ colorLabelsOn: true, colorLabels: {}, helperPort: 7737 });
  });
});

describe('the helper port', () => {
  it('is read back when it is a port, else the default', () => {
    expect(parsePanelSettings('{"helperPort":7738}').helperPort).toBe(7738);
    for (const bad of ['0', '65536', '"7738"', '77.5', 'null', '-1']) expect(parsePanelSettings(`{"helperPort":${bad}}`).helperPort).toBe(7737);
  });

  it('as typed: a whole number from 1 to 65535, spaces ignored; anything else says what to type', () => {
    expect(parseHelperPort(' 7740 ')).toEqual({ port: 7740 });
    expect(parseHelperPort('65535')).toEqual({ port: 65535 });
    for (const typed of ['', '0', '65536', '77a', '7737.0', '-1', '0x10']) expect(parseHelperPort(typed)).toHaveProperty('error');
  });

  it('outside the ports the manifest lists, tells how to allow it', () => {
    for (const port of MANIFEST_HELPER_PORTS) expect(helperPortNote(port)).toBeNull();
    expect(helperPortNote(8080)).toContain('"domains": "all"');
    expect(helperUrlForPort(7738)).toBe('ws://127.0.0.1:7738');
  });
});

describe('withColorLabel', () => {
  it("chooses a state's label, changes it, and clears it, leaving the others", () => {
    const on = { colorLabelsOn: true, colorLabels: { lost: 6 }, helperPort: 7737 };
    const chosen = withColorLabel(on, 'protected', 4);
    expect(chosen).toEqual({ colorLabelsOn: true, colorLabels: { lost: 6, protected: 4 }, helperPort: 7737 });
    expect(withColorLabel(chosen, 'protected', 0).colorLabels).toEqual({ lost: 6, protected: 0 });
    expect(withColorLabel(chosen, 'lost', null)).toEqual({ colorLabelsOn: true, colorLabels: { protected: 4 }, helperPort: 7737 });
    expect(on.colorLabels).toEqual({ lost: 6 });
  });
});

describe('badgeOptions', () => {
  it('the chosen labels only while labels are on', () => {
    expect(badgeOptions({ colorLabelsOn: false, colorLabels: { protected: 4 }, helperPort: 7737 })).toEqual({});
    expect(badgeOptions({ colorLabelsOn: true, colorLabels: { protected: 4 }, helperPort: 7737 })).toEqual({ colorLabels: { protected: 4 } });
  });
});
