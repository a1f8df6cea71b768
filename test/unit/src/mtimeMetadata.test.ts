import fc from 'fast-check';
import { MILLISECOND_MTIME_FROM, mtimeMetadata, parseMtimeMetadata } from '../../../src/format/mtimeMetadata';

describe('mtimeMetadata', () => {
  it('writes seconds since the epoch with the sub-second fraction, as rclone reads them', () => {
    expect(mtimeMetadata(1_700_000_000_123.456)).toBe('1700000000.123456');
    expect(mtimeMetadata(1_700_000_000_000)).toBe('1700000000');
    expect(mtimeMetadata(1_700_000_000_250)).toBe('1700000000.25');
    expect(mtimeMetadata(5)).toBe('0.005');
    expect(mtimeMetadata(0)).toBe('0');
    expect(mtimeMetadata(-1500)).toBe('-1.5');
    // A millisecond time JavaScript prints with an exponent keeps every digit of it.
    expect(mtimeMetadata(-9.999999974752427e-7)).toBe('-0.0000000009999999974752427');
    expect(parseMtimeMetadata(mtimeMetadata(-9.999999974752427e-7))).toBe(-9.999999974752427e-7);
  });

  it('reads back the same millisecond mtime it wrote, for every mtime before the year 5138 a file system gives', () => {
    // As Node makes a Stats' mtimeMs from seconds and nanoseconds. The last second before the threshold is
    // left out: its last nanoseconds round, as a double of milliseconds, up to the threshold itself.
    const seconds = MILLISECOND_MTIME_FROM - 2;
    const mtimeMs = fc.tuple(fc.integer({ min: -seconds, max: seconds }), fc.integer({ min: 0, max: 999_999_999 })).map(([s, ns]) => s * 1e3 + ns / 1e6);
    fc.assert(
      fc.property(mtimeMs, (ms) => {
        expect(parseMtimeMetadata(mtimeMetadata(ms))).toBe(ms);
      }),
      { numRuns: 2000 },
    );
  });

  it("reads rclone's seconds, with or without a nanosecond fraction", () => {
    // biome-ignore lint/correctness/noPrecisionLoss: rclone's decimal, compared as the nearest double, which is what parsing it yields
    expect(parseMtimeMetadata('1700000000.123456789')).toBe(1_700_000_000_123.456789);
    expect(parseMtimeMetadata('1700000000')).toBe(1_700_000_000_000);
  });

  it('reads what earlier versions wrote (milliseconds): values too large to be seconds of a plausible date', () => {
    // biome-ignore lint/correctness/noPrecisionLoss: the written decimal, compared as the nearest double, which is what parsing it yields
    expect(parseMtimeMetadata('1700000000123.4567')).toBe(1_700_000_000_123.4567);
    expect(parseMtimeMetadata('1700000000123')).toBe(1_700_000_000_123);
    expect(parseMtimeMetadata(String(MILLISECOND_MTIME_FROM))).toBe(MILLISECOND_MTIME_FROM);
    expect(parseMtimeMetadata(String(MILLISECOND_MTIME_FROM - 1))).toBe((MILLISECOND_MTIME_FROM - 1) * 1000);
  });

  it('every millisecond mtime of a file dated after March 1973 reads back as written by an earlier version', () => {
    fc.assert(
      fc.property(fc.double({ min: MILLISECOND_MTIME_FROM, max: 8.64e15, noNaN: true }), (ms) => {
        expect(parseMtimeMetadata(String(ms))).toBe(ms);
      }),
    );
  });

  it.each(['', 'abc', '1e12', '12:00', 'NaN', 'Infinity', '1.2.3', ' '])('%j is no mtime', (value) => {
    expect(parseMtimeMetadata(value)).toBeUndefined();
  });
});
