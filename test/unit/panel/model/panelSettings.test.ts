import { badgeOptions, DEFAULT_PANEL_SETTINGS, parsePanelSettings, withColorLabel } from '../../../../panel/model/panelSettings';

describe('parsePanelSettings', () => {
  it('nothing stored, unreadable JSON or not an object: the defaults, labels off', () => {
    for (const stored of [null, '', '{', 'not json', 'null', '42', '"on"', '[true]']) {
      expect(parsePanelSettings(stored)).toEqual({ colorLabelsOn: false, colorLabels: {} });
    }
    expect(DEFAULT_PANEL_SETTINGS).toEqual({ colorLabelsOn: false, colorLabels: {} });
  });

  it('reads what was stored', () => {
    expect(parsePanelSettings(JSON.stringify({ colorLabelsOn: true, colorLabels: { protected: 4, lost: 0 } }))).toEqual({
      colorLabelsOn: true,
      colorLabels: { protected: 4, lost: 0 },
    });
  });

  it('on only when stored as true; labels of unknown states or not whole numbers are dropped one by one', () => {
    expect(parsePanelSettings('{"colorLabelsOn":"yes","colorLabels":{"protected":4}}')).toEqual({ colorLabelsOn: false, colorLabels: { protected: 4 } });
    const stored = { colorLabelsOn: true, colorLabels: { protected: 1.5, partial: -1, lost: '3', missing: null, archived: 2, stale: 7 } };
    expect(parsePanelSettings(JSON.stringify(stored))).toEqual({ colorLabelsOn: true, colorLabels: { stale: 7 } });
    expect(parsePanelSettings('{"colorLabelsOn":true,"colorLabels":[4]}')).toEqual({ colorLabelsOn: true, colorLabels: {} });
  });
});

describe('withColorLabel', () => {
  it("chooses a state's label, changes it, and clears it, leaving the others", () => {
    const on = { colorLabelsOn: true, colorLabels: { lost: 6 } };
    const chosen = withColorLabel(on, 'protected', 4);
    expect(chosen).toEqual({ colorLabelsOn: true, colorLabels: { lost: 6, protected: 4 } });
    expect(withColorLabel(chosen, 'protected', 0).colorLabels).toEqual({ lost: 6, protected: 0 });
    expect(withColorLabel(chosen, 'lost', null)).toEqual({ colorLabelsOn: true, colorLabels: { protected: 4 } });
    expect(on.colorLabels).toEqual({ lost: 6 });
  });
});

describe('badgeOptions', () => {
  it('the chosen labels only while labels are on', () => {
    expect(badgeOptions({ colorLabelsOn: false, colorLabels: { protected: 4 } })).toEqual({});
    expect(badgeOptions({ colorLabelsOn: true, colorLabels: { protected: 4 } })).toEqual({ colorLabels: { protected: 4 } });
  });
});
