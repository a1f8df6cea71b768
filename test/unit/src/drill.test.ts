import fc from 'fast-check';
import { parseByteSize } from '../../../src/format/parseByteSize';
import { drillsDue } from '../../../src/restore/drillDue';
import { chooseDrillSample, type DrillCandidate } from '../../../src/restore/drillSample';

/** Copies on up to 5 destinations, with distinct ids and sizes from empty to 10 GB. */
const candidates = fc
  .array(fc.record({ destination: fc.constantFrom('raid', 'usb', 'nas', 'b2', 's3'), size: fc.integer({ min: 0, max: 10e9 }) }), { maxLength: 60 })
  .map((list) => list.map((c, id) => ({ id, ...c })));
const budget = fc.record({ files: fc.integer({ min: 0, max: 30 }), bytes: fc.integer({ min: 0, max: 30e9 }) });
const seed = fc.integer();

const destinationsOf = (list: readonly DrillCandidate[]): Set<string> => new Set(list.map((c) => c.destination));

describe('chooseDrillSample', () => {
  it('keeps the budget in files and bytes, and drills each copy at most once', () => {
    fc.assert(
      fc.property(candidates, budget, seed, (list, b, s) => {
        const sample = chooseDrillSample(list, b, s);
        expect(sample.length).toBeLessThanOrEqual(b.files);
        expect(sample.reduce((sum, c) => sum + c.size, 0)).toBeLessThanOrEqual(b.bytes);
        expect(new Set(sample.map((c) => c.id)).size).toBe(sample.length);
        for (const c of sample) expect(list).toContain(c);
      }),
    );
  });

  it('represents every destination with copies when the files allow it and the smallest copies fit the bytes', () => {
    fc.assert(
      fc.property(candidates, budget, seed, (list, b, s) => {
        const destinations = destinationsOf(list);
        const smallest = [...destinations].map((d) => Math.min(...list.filter((c) => c.destination === d).map((c) => c.size)));
        fc.pre(b.files >= destinations.size && smallest.reduce((sum, n) => sum + n, 0) <= b.bytes);
        expect(destinationsOf(chooseDrillSample(list, b, s))).toEqual(destinations);
      }),
    );
  });

  it('is the same sample for the same seed', () => {
    fc.assert(
      fc.property(candidates, budget, seed, (list, b, s) => {
        expect(chooseDrillSample(list, b, s)).toEqual(chooseDrillSample(list, b, s));
      }),
    );
  });

  it('fills the budget in files while copies fit', () => {
    fc.assert(
      fc.property(candidates, budget, seed, (list, b, s) => {
        const sample = chooseDrillSample(list, b, s);
        const left = b.bytes - sample.reduce((sum, c) => sum + c.size, 0);
        const chosen = new Set(sample.map((c) => c.id));
        if (sample.length < b.files) expect(list.filter((c) => !chosen.has(c.id) && c.size <= left)).toEqual([]);
      }),
    );
  });

  it('restores large files and small ones from a destination', () => {
    const small = Array.from({ length: 10 }, (_, i) => ({ id: i, destination: 'raid', size: 1000 + i }));
    const large = Array.from({ length: 10 }, (_, i) => ({ id: 10 + i, destination: 'raid', size: 1e9 + i }));
    for (const s of [1, 2, 3, 4, 5]) {
      const sample = chooseDrillSample([...small, ...large], { files: 4, bytes: 10e9 }, s);
      expect(sample.filter((c) => c.size < 1e6)).toHaveLength(2);
      expect(sample.filter((c) => c.size >= 1e9)).toHaveLength(2);
    }
  });

  it('draws another sample for another seed', () => {
    const list = Array.from({ length: 100 }, (_, id) => ({ id, destination: 'raid', size: 1000 }));
    const samples = new Set([1, 2, 3].map((s) => JSON.stringify(chooseDrillSample(list, { files: 5, bytes: 1e9 }, s).map((c) => c.id))));
    expect(samples.size).toBe(3);
  });
});

describe('drillsDue', () => {
  const now = new Date('2026-12-07T12:00:00Z');
  it('names destinations never drilled, drilled over 90 days ago, or whose last drill failed', () => {
    const due = drillsDue(
      ['raid', 'usb', 'b2', 'nas'],
      [
        { destination: 'usb', at: '2026-09-01T00:00:00Z', passed: true },
        { destination: 'b2', at: '2026-12-01T00:00:00Z', passed: false },
        { destination: 'nas', at: '2026-09-10T00:00:00Z', passed: true },
      ],
      now,
    );
    expect(due).toEqual([
      { destination: 'raid', lastDrilledAt: null, reason: 'never' },
      { destination: 'usb', lastDrilledAt: '2026-09-01T00:00:00Z', reason: 'old' },
      { destination: 'b2', lastDrilledAt: '2026-12-01T00:00:00Z', reason: 'failed' },
    ]);
  });
});

describe('parseByteSize', () => {
  it.each([
    ['2GB', 2e9],
    ['2 GiB', 2 ** 31],
    ['1.5TB', 1.5e12],
    ['512', 512],
    ['300kb', 300_000],
  ])('%s is %d bytes', (text, bytes) => {
    expect(parseByteSize(text)).toBe(bytes);
  });

  it.each(['', '-1GB', '2 GX', 'GB', '1e3'])('refuses %p', (text) => {
    expect(parseByteSize(text)).toBeNull();
  });
});
