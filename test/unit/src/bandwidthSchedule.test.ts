import fc from 'fast-check';
import { bandwidthAt, parseBandwidth, parseRate } from '../../../src/bandwidth/bandwidthSchedule';

const MiB = 2 ** 20;

describe('parseRate (rclone units)', () => {
  it('reads rclone rates: a bare number in KiB/s, binary suffixes, off', () => {
    expect(parseRate('10M')).toBe(10 * MiB);
    expect(parseRate('512k')).toBe(512 * 1024);
    expect(parseRate('100')).toBe(100 * 1024);
    expect(parseRate('1.5G')).toBe(1.5 * 2 ** 30);
    expect(parseRate('20MiB/s')).toBe(20 * MiB);
    expect(parseRate('off')).toBeNull();
    for (const bad of ['', 'fast', '-1M', '0', '10X', '10M,']) expect(parseRate(bad)).toBeUndefined();
  });
});

describe('parseBandwidth', () => {
  it('takes one rate for the whole day', () => {
    expect(parseBandwidth('20M')).toEqual({ ok: true, windows: [{ minute: 0, bytesPerSecond: 20 * MiB }] });
  });

  it("takes rclone's timetable, sorted by time", () => {
    expect(parseBandwidth('19:00,off 08:00,10M')).toEqual({
      ok: true,
      windows: [
        { minute: 480, bytesPerSecond: 10 * MiB },
        { minute: 1140, bytesPerSecond: null },
      ],
    });
  });

  it('refuses what is not a rate or a timetable, saying which part', () => {
    for (const [text, part] of [
      ['', 'a rate'],
      ['fast', '"fast"'],
      ['08:00,10M 25:00,off', '"25:00,off"'],
      ['08:00,10X', '"10X"'],
      ['08:00,1M 8:00,2M', 'twice'],
      ['08:00 10M', '"08:00"'],
    ] as const) {
      const parsed = parseBandwidth(text);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.error).toContain(part);
    }
  });
});

describe('bandwidthAt', () => {
  const entry = fc.record({ minute: fc.integer({ min: 0, max: 1439 }), rate: fc.option(fc.integer({ min: 1, max: 1e9 }), { nil: null }) });
  const timetable = fc.uniqueArray(entry, { minLength: 1, maxLength: 8, selector: (e) => e.minute }).map((entries) => ({
    text: entries
      .map((e) => `${String(Math.floor(e.minute / 60)).padStart(2, '0')}:${String(e.minute % 60).padStart(2, '0')},${e.rate === null ? 'off' : `${e.rate}B`}`)
      .join(' '),
    entries,
  }));

  it('is, at any minute, the rate of the entry begun last before it (the day wrapping round)', () => {
    fc.assert(
      fc.property(timetable, fc.integer({ min: 0, max: 1439 }), ({ text, entries }, minute) => {
        const parsed = parseBandwidth(text);
        if (!parsed.ok) return false;
        // The entry with the least distance back in time from `minute`, going round midnight.
        const back = (e: { minute: number }) => (minute - e.minute + 1440) % 1440;
        const expected = entries.reduce((best, e) => (back(e) < back(best) ? e : best));
        return bandwidthAt(parsed.windows, minute) === expected.rate;
      }),
    );
  });

  it('holds the example: 10M from 08:00, off from 19:00 until 08:00 the next day', () => {
    const parsed = parseBandwidth('08:00,10M 19:00,off');
    if (!parsed.ok) throw new Error(parsed.error);
    expect(bandwidthAt(parsed.windows, 7 * 60 + 59)).toBeNull();
    expect(bandwidthAt(parsed.windows, 8 * 60)).toBe(10 * MiB);
    expect(bandwidthAt(parsed.windows, 18 * 60 + 59)).toBe(10 * MiB);
    expect(bandwidthAt(parsed.windows, 23 * 60)).toBeNull();
  });
});
