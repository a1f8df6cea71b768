import fc from 'fast-check';
import { parseScrubHours, readsFullyOn, scrubOrder, secondsLeftInHours } from '../../../src/scrub/scrubRules';

const DAY = 86_400_000;
const NOW = Date.parse('2026-12-07T03:00:00Z');

describe('scrubOrder', () => {
  const copies = fc.array(
    fc.record({ id: fc.integer({ min: 1, max: 1e6 }), ageDays: fc.integer({ min: 0, max: 120 }), cloud: fc.boolean() }).map((c) => ({
      ...c,
      verifiedAt: new Date(NOW - c.ageDays * DAY).toISOString(),
    })),
    { maxLength: 40 },
  );

  it('takes every copy not verified for `days` days and every cloud copy, oldest verification first, nothing else', () => {
    fc.assert(
      fc.property(copies, fc.integer({ min: 1, max: 60 }), (all, days) => {
        const order = scrubOrder(all, NOW, days, (c) => c.cloud);
        const expected = all.filter((c) => c.cloud || c.ageDays >= days);
        if (order.length !== expected.length) return false;
        return order.every((c, i) => i === 0 || Date.parse(order[i - 1]!.verifiedAt) <= Date.parse(c.verifiedAt));
      }),
    );
  });
});

describe('readsFullyOn', () => {
  it('reads each copy fully on exactly one day of any `days` consecutive days', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 90 }), fc.integer({ min: 0, max: 100_000 }), (id, days, first) => {
        let reads = 0;
        for (let d = first; d < first + days; d++) if (readsFullyOn(id, d, days)) reads += 1;
        return reads === 1;
      }),
    );
  });

  it('spreads neighbouring copies over the cycle: 3,000 copies over 30 days read about 100 a day', () => {
    for (let day = 0; day < 30; day++) {
      let n = 0;
      for (let id = 1; id <= 3000; id++) if (readsFullyOn(id, day, 30)) n += 1;
      expect(n).toBeGreaterThan(60);
      expect(n).toBeLessThan(140);
    }
  });
});

describe('scrub hours', () => {
  it('reads a span and refuses what is not one', () => {
    expect(parseScrubHours('01:00-06:00')).toEqual({ ok: true, hours: { from: 60, to: 360 } });
    expect(parseScrubHours('22:30-24:00')).toEqual({ ok: true, hours: { from: 1350, to: 0 } });
    for (const bad of ['1-6', '01:00-01:00', '25:00-06:00', 'nightly']) expect(parseScrubHours(bad).ok).toBe(false);
  });

  it('gives the seconds left inside the span, 0 outside it, across midnight too', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 1, max: 1439 }), fc.integer({ min: 0, max: 86_399 }), (from, length, second) => {
        const to = (from + length) % 1440;
        const left = secondsLeftInHours({ from, to }, second);
        const into = (second - from * 60 + 86_400) % 86_400;
        return into < length * 60 ? left === length * 60 - into : left === 0;
      }),
    );
    expect(secondsLeftInHours({ from: 60, to: 360 }, 5 * 3600)).toBe(3600);
    expect(secondsLeftInHours({ from: 1320, to: 120 }, 3600)).toBe(3600);
    expect(secondsLeftInHours({ from: 1320, to: 120 }, 12 * 3600)).toBe(0);
  });
});
