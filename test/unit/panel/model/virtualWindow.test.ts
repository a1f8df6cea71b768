import { rowWindow, scrollToShow } from '../../../../panel/model/virtualWindow';

const base = { rowHeight: 30, overscan: 5 };

describe('rowWindow', () => {
  it('at the top: the rows that fit, plus the overscan below', () => {
    expect(rowWindow({ ...base, scrollTop: 0, viewportHeight: 300, count: 20_000 })).toEqual({
      first: 0,
      end: 15,
      padTop: 0,
      padBottom: (20_000 - 15) * 30,
    });
  });

  it('in the middle: overscan on both sides; the pads and rows always add up to the full height', () => {
    const w = rowWindow({ ...base, scrollTop: 10_000 * 30 + 12, viewportHeight: 300, count: 20_000 });
    expect(w.first).toBe(9_995);
    expect(w.end).toBe(10_016); // rows 10000–10010 are partly visible
    expect(w.padTop + (w.end - w.first) * 30 + w.padBottom).toBe(20_000 * 30);
  });

  it('at the bottom, and scrolled past it (elastic scrolling): never beyond the last row', () => {
    const bottom = rowWindow({ ...base, scrollTop: 20_000 * 30 - 300, viewportHeight: 300, count: 20_000 });
    expect([bottom.first, bottom.end, bottom.padBottom]).toEqual([19_985, 20_000, 0]);
    const past = rowWindow({ ...base, scrollTop: 1e9, viewportHeight: 300, count: 20_000 });
    expect([past.first, past.end, past.padBottom]).toEqual([19_994, 20_000, 0]);
  });

  it('renders a few rows for a list that is not measured yet, and nothing for an empty one', () => {
    expect(rowWindow({ ...base, scrollTop: 0, viewportHeight: 0, count: 100 })).toMatchObject({ first: 0, end: 6 });
    expect(rowWindow({ ...base, scrollTop: Number.NaN, viewportHeight: Number.NaN, count: 3 })).toMatchObject({ first: 0, end: 3 });
    expect(rowWindow({ ...base, scrollTop: 0, viewportHeight: 300, count: 0 })).toEqual({ first: 0, end: 0, padTop: 0, padBottom: 0 });
  });

  it('stays small whatever the list length', () => {
    const w = rowWindow({ ...base, scrollTop: 123_456, viewportHeight: 600, count: 1_000_000 });
    expect(w.end - w.first).toBeLessThanOrEqual(600 / 30 + 1 + 2 * 5);
  });
});

describe('scrollToShow', () => {
  it('scrolls up or down just enough, and not at all for a visible row', () => {
    expect(scrollToShow(2, 300, 300, 30)).toBe(60);
    expect(scrollToShow(30, 0, 300, 30)).toBe(630);
    expect(scrollToShow(5, 0, 300, 30)).toBe(0);
  });
});
