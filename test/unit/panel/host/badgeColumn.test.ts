import {
  BADGE_COLUMN_LABEL,
  BADGE_FIELD_FALLBACK,
  BADGE_PROPERTY_NAME,
  badgeValue,
  colorLabelChoices,
  findBadgeField,
  planBadgeWrites,
  clipsNeedingOwnLabel,
  recordBadgeWrites,
  usableColorLabels,
  type WrittenBadge,
} from '../../../../panel/host/badgeColumn';
import type { ClipBadge } from '../../../../panel/host/host';

const badge = (clipId: string, state: ClipBadge['state'], text: string): ClipBadge => ({ clipId, state, text });

describe('findBadgeField', () => {
  // The shape of getProjectColumnsMetadata's JSON as Adobe's metadata-handler sample reads it.
  const columns = (...extra: object[]) =>
    JSON.stringify([{ ColumnName: 'Name', ColumnID: 'Column.Intrinsic.Name' }, { ColumnName: 'Good', ColumnID: 'Column.PropertyBool.Good' }, ...extra]);

  it('finds the column by the property name, as Premiere may prefix it, or by its label', () => {
    expect(findBadgeField(columns({ ColumnName: 'Whatever', ColumnID: BADGE_PROPERTY_NAME }))).toBe(BADGE_PROPERTY_NAME);
    expect(findBadgeField(columns({ ColumnName: 'x', ColumnID: `Column.PropertyText.${BADGE_PROPERTY_NAME}` }))).toBe(
      `Column.PropertyText.${BADGE_PROPERTY_NAME}`,
    );
    expect(findBadgeField(columns({ ColumnName: BADGE_COLUMN_LABEL, ColumnID: 'Column.Custom.7' }))).toBe('Column.Custom.7');
  });

  it('prefers our property name over an editor column that happens to carry the same label', () => {
    const json = columns({ ColumnName: BADGE_COLUMN_LABEL, ColumnID: 'Column.Editor.Own' }, { ColumnName: 'Threefold', ColumnID: BADGE_PROPERTY_NAME });
    expect(findBadgeField(json)).toBe(BADGE_PROPERTY_NAME);
  });

  it('does not take a name that merely ends like ours', () => {
    expect(findBadgeField(columns({ ColumnName: 'x', ColumnID: `Column.Not${BADGE_PROPERTY_NAME}` }))).toBeNull();
  });

  it('is null when the column is not listed or the text is not the expected JSON', () => {
    expect(findBadgeField(columns())).toBeNull();
    for (const text of [
      '',
      'not json',
      '{}',
      '{"ColumnID":"Threefold321"}',
      '[null, 3, "x"]',
      `[{"ColumnName":"${BADGE_COLUMN_LABEL}"}]`,
      `[{"ColumnName":"${BADGE_COLUMN_LABEL}","ColumnID":""}]`,
    ]) {
      expect(findBadgeField(text)).toBeNull();
    }
  });

  it('falls back to the property name itself (how ExtendScript panels wrote such properties)', () => {
    expect(BADGE_FIELD_FALLBACK).toBe(BADGE_PROPERTY_NAME);
    expect(BADGE_PROPERTY_NAME).toMatch(/^[A-Za-z_][A-Za-z0-9_.-]*$/); // a simple XML name
  });
});

describe('badgeValue', () => {
  it('is the chip text', () => {
    expect(badgeValue(badge('1', 'protected', '3-2-1 ✓'))).toBe('3-2-1 ✓');
    expect(badgeValue(badge('1', 'partial', '2 copies · 1 medium · no offsite'))).toBe('2 copies · 1 medium · no offsite');
  });

  it('is one line without control characters (not allowed in an XMP packet)', () => {
    expect(badgeValue(badge('1', 'partial', ' 2 copies\n·\t1 medium\u0000\u0007 '))).toBe('2 copies · 1 medium');
  });

  it('says the state when the text is empty', () => {
    expect(badgeValue(badge('1', 'lost', ''))).toBe('lost');
    expect(badgeValue(badge('1', 'protected', ' \n'))).toBe('3-2-1 ✓');
    expect(badgeValue(badge('1', 'stale', ''))).toBe('changed since backup');
  });
});

describe('colorLabelChoices', () => {
  it('reads the labels from the run-time enum, skipping the reverse mapping of a TypeScript enum', () => {
    const tsEnum = { VIOLET: 0, IRIS: 1, 0: 'VIOLET', 1: 'IRIS', YELLOW: 14, 14: 'YELLOW' };
    expect(colorLabelChoices(tsEnum)).toEqual([
      { index: 0, name: 'Violet' },
      { index: 1, name: 'Iris' },
      { index: 14, name: 'Yellow' },
    ]);
  });

  it('takes whatever indexes Premiere has, in index order', () => {
    expect(colorLabelChoices({ MANGO: 9, ROSE: 3, HALF: 1.5 })).toEqual([
      { index: 3, name: 'Rose' },
      { index: 9, name: 'Mango' },
    ]);
  });
});

describe('usableColorLabels', () => {
  it('keeps only labels this Premiere offers', () => {
    const choices = colorLabelChoices({ VIOLET: 0, IRIS: 1 });
    expect(usableColorLabels({ protected: 1, lost: 7, partial: 0 }, choices)).toEqual({ protected: 1, partial: 0 });
  });
});

describe('planBadgeWrites', () => {
  const none = new Map<string, WrittenBadge>();

  it('writes every badge the first time, labels only for states with a chosen label', () => {
    const writes = planBadgeWrites(none, [badge('a', 'protected', '3-2-1 ✓'), badge('b', 'partial', '2 copies')], { protected: 4 });
    expect(writes).toEqual([
      { clipId: 'a', value: '3-2-1 ✓', colorLabel: 4, after: { value: '3-2-1 ✓', colorLabel: 4 } },
      { clipId: 'b', value: '2 copies', after: { value: '2 copies' } },
    ]);
  });

  it('writes nothing when nothing changed', () => {
    const badges = [badge('a', 'protected', '3-2-1 ✓'), badge('b', 'partial', '2 copies')];
    const written = recordBadgeWrites(none, planBadgeWrites(none, badges, { protected: 4 }));
    expect(planBadgeWrites(written, badges, { protected: 4 })).toEqual([]);
  });

  it('writes only what changed: the value, or the label alone', () => {
    const written = new Map<string, WrittenBadge>([
      ['a', { value: '2 copies', colorLabel: 2 }],
      ['b', { value: '3-2-1 ✓' }],
      ['c', { value: 'lost', colorLabel: 5 }],
    ]);
    const writes = planBadgeWrites(written, [badge('a', 'protected', '3-2-1 ✓'), badge('b', 'protected', '3-2-1 ✓'), badge('c', 'lost', 'lost')], {
      protected: 4,
      lost: 5,
    });
    expect(writes).toEqual([
      { clipId: 'a', value: '3-2-1 ✓', colorLabel: 4, after: { value: '3-2-1 ✓', colorLabel: 4 } },
      { clipId: 'b', colorLabel: 4, after: { value: '3-2-1 ✓', colorLabel: 4 } },
    ]);
  });

  it("leaves labels alone when none is chosen for the state (they are the editor's), remembering the last one written", () => {
    const written = new Map<string, WrittenBadge>([['a', { value: '3-2-1 ✓', colorLabel: 4 }]]);
    expect(planBadgeWrites(written, [badge('a', 'partial', '1 copy')], {})).toEqual([
      { clipId: 'a', value: '1 copy', after: { value: '1 copy', colorLabel: 4 } },
    ]);
  });

  it("puts the clip's own label back once Threefold's no longer applies: labels off, or no label for its state", () => {
    const own = new Map([['a', 7]]);
    const labelled = planBadgeWrites(none, [badge('a', 'partial', '2 copies')], { partial: 2 }, own);
    expect(labelled).toEqual([{ clipId: 'a', value: '2 copies', colorLabel: 2, after: { value: '2 copies', colorLabel: 2, ownLabel: 7 } }]);
    const written = recordBadgeWrites(none, labelled);
    // The own label is the one read before the first label, not what the clip shows now (Threefold's).
    expect(planBadgeWrites(written, [badge('a', 'partial', '2 copies')], {}, new Map([['a', 2]]))).toEqual([
      { clipId: 'a', colorLabel: 7, after: { value: '2 copies' } },
    ]);
    expect(planBadgeWrites(written, [badge('a', 'protected', '3-2-1 ✓')], { partial: 2 })).toEqual([
      { clipId: 'a', value: '3-2-1 ✓', colorLabel: 7, after: { value: '3-2-1 ✓' } },
    ]);
  });

  it('asks for the own label only of clips about to get their first label', () => {
    const written = new Map<string, WrittenBadge>([['a', { value: 'x', colorLabel: 2, ownLabel: 7 }]]);
    expect(clipsNeedingOwnLabel(written, [badge('a', 'partial', 'x'), badge('b', 'partial', 'x'), badge('c', 'protected', 'y')], { partial: 2 })).toEqual([
      'b',
    ]);
  });

  it('compares the written value, not the raw text', () => {
    const written = new Map<string, WrittenBadge>([['a', { value: '2 copies · no offsite' }]]);
    expect(planBadgeWrites(written, [badge('a', 'partial', '2 copies ·\nno offsite')], {})).toEqual([]);
  });

  it('takes the last badge of a clip listed twice', () => {
    expect(planBadgeWrites(none, [badge('a', 'partial', 'first'), badge('a', 'protected', '3-2-1 ✓')], {})).toEqual([
      { clipId: 'a', value: '3-2-1 ✓', after: { value: '3-2-1 ✓' } },
    ]);
  });
});

describe('recordBadgeWrites', () => {
  it("keeps what was written before and takes the writes' results, without changing its input", () => {
    const before = new Map<string, WrittenBadge>([
      ['a', { value: 'x' }],
      ['b', { value: 'y', colorLabel: 1 }],
    ]);
    const after = recordBadgeWrites(before, [
      { clipId: 'b', colorLabel: 3, after: { value: 'y', colorLabel: 3 } },
      { clipId: 'c', value: 'z', after: { value: 'z' } },
    ]);
    expect([...after]).toEqual([
      ['a', { value: 'x' }],
      ['b', { value: 'y', colorLabel: 3 }],
      ['c', { value: 'z' }],
    ]);
    expect(before.get('b')).toEqual({ value: 'y', colorLabel: 1 });
  });
});
