import fc from 'fast-check';
import { MTIME_TOLERANCE_MS, sameMtime } from '../../../src/format/sameMtime';

/** A time in milliseconds with a nanosecond part, as a file system's stat gives it (1970 to 2100). */
const statTime = fc.tuple(fc.integer({ min: 0, max: 4_102_444_800 }), fc.integer({ min: 0, max: 999_999_999 })).map(([s, ns]) => s * 1000 + ns / 1e6);

describe('sameMtime', () => {
  it('holds for a time set again through seconds in a double, as utimes takes it', () => {
    fc.assert(fc.property(statTime, (t) => sameMtime(t, (t / 1000) * 1000) && sameMtime((t / 1000) * 1000, t)));
  });

  it('holds for a time kept to the microsecond only', () => {
    fc.assert(fc.property(statTime, (t) => sameMtime(t, Math.trunc(t * 1000) / 1000)));
  });

  it('fails for times further apart than a microsecond', () => {
    fc.assert(
      fc.property(
        statTime,
        fc.double({ min: 2 * MTIME_TOLERANCE_MS, max: 1e9, noNaN: true }),
        (t, delta) => !sameMtime(t, t + delta) && !sameMtime(t + delta, t),
      ),
    );
    expect(sameMtime(1_700_000_000_000, 1_700_000_000_001)).toBe(false);
  });
});
