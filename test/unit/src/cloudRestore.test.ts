import fc from 'fast-check';
import { archiveDecision, archiveMessage } from '../../../src/restore/archivedObject';
import { type ByteRange, contiguousEnd, mergeRanges, missingRanges } from '../../../src/restore/byteRanges';

describe('archiveDecision', () => {
  it('reads standard, infrequent-access and instant-retrieval objects at once', () => {
    for (const storageClass of [undefined, 'STANDARD', 'STANDARD_IA', 'ONEZONE_IA', 'GLACIER_IR', 'INTELLIGENT_TIERING']) {
      expect(archiveDecision({ storageClass })).toEqual({ kind: 'readable' });
    }
  });

  it('asks for a restore of a Glacier or Deep Archive object, with the Standard tier time', () => {
    expect(archiveDecision({ storageClass: 'GLACIER' })).toEqual({ kind: 'request-restore', tier: 'Glacier', hours: '3–5' });
    expect(archiveDecision({ storageClass: 'DEEP_ARCHIVE' })).toEqual({ kind: 'request-restore', tier: 'Glacier Deep Archive', hours: '12' });
    expect(archiveDecision({ storageClass: 'INTELLIGENT_TIERING', archiveStatus: 'DEEP_ARCHIVE_ACCESS' })).toMatchObject({
      kind: 'request-restore',
      hours: '12',
    });
  });

  it('waits for a restore under way, and reads one that finished', () => {
    expect(archiveDecision({ storageClass: 'GLACIER', restore: 'ongoing-request="true"' })).toMatchObject({ kind: 'restoring', hours: '3–5' });
    expect(archiveDecision({ storageClass: 'DEEP_ARCHIVE', restore: 'ongoing-request="false", expiry-date="Fri, 21 Dec 2026 00:00:00 GMT"' })).toEqual({
      kind: 'readable',
    });
  });

  it('says when the copy will be available', () => {
    const decision = archiveDecision({ storageClass: 'DEEP_ARCHIVE' });
    if (decision.kind === 'readable') throw new Error('an archived object reads as readable');
    expect(archiveMessage(decision)).toMatch(/Deep Archive: its restore from the archive is now requested, available in about 12 hours/);
  });
});

const rangesIn = (size: number): fc.Arbitrary<ByteRange[]> =>
  fc.array(
    fc.tuple(fc.nat(size), fc.nat(size)).map(([a, b]) => ({ start: Math.min(a, b), end: Math.max(a, b) })),
    { maxLength: 8 },
  );

describe('missingRanges', () => {
  it('splits a fresh download into ranges of the given size, the last one shorter', () => {
    expect(missingRanges(25, 10, [])).toEqual([
      { start: 0, end: 10 },
      { start: 10, end: 20 },
      { start: 20, end: 25 },
    ]);
    expect(missingRanges(0, 10, [])).toEqual([]);
  });

  it('skips the ranges done, and only those fully done', () => {
    expect(
      missingRanges(30, 10, [
        { start: 0, end: 10 },
        { start: 20, end: 25 },
      ]),
    ).toEqual([
      { start: 10, end: 20 },
      { start: 20, end: 30 },
    ]);
  });

  it('together with the done ranges, covers every byte; no range it gives is fully done', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 0, max: 500 }).chain((n) => rangesIn(n)),
        (size, rangeBytes, done) => {
          const missing = missingRanges(size, rangeBytes, done);
          const covered = mergeRanges([...done, ...missing]);
          if (size > 0) expect(covered.some((c) => c.start <= 0 && size <= c.end)).toBe(true);
          for (const m of missing) {
            expect(m.end - m.start).toBeLessThanOrEqual(rangeBytes);
            expect(mergeRanges(done).some((c) => c.start <= m.start && m.end <= c.end)).toBe(false);
          }
        },
      ),
    );
  });
});

describe('contiguousEnd', () => {
  it('reaches from 0 to the first gap', () => {
    expect(
      contiguousEnd([
        { start: 10, end: 20 },
        { start: 0, end: 10 },
        { start: 30, end: 40 },
      ]),
    ).toBe(20);
    expect(contiguousEnd([{ start: 5, end: 20 }])).toBe(0);
    expect(contiguousEnd([])).toBe(0);
  });
});
