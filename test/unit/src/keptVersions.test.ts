import fc from 'fast-check';
import { versionedKey, versionOfKey } from '../../../src/paths/versionedKey';
import { chooseVersion, groupVersions, parseWantedVersion, versionFileName } from '../../../src/restore/versions';

const copy = (destination: string, stamp: string, xxh64: string) => {
  const mtimeMs = versionOfKey(`P/.threefold-versions/x.${stamp}.prproj`)!.mtimeMs;
  return { destination, key: `P/.threefold-versions/x.${stamp}.prproj`, stamp, mtimeMs, xxh64, size: 10 };
};

describe('versionOfKey', () => {
  it('gives back the time versionedKey named the key by, to the millisecond', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.double({ min: 0, max: 0.999, noNaN: true }), (ms, fraction) => {
        const key = versionedKey('Proj/Ferry Doc.prproj', ms + fraction);
        expect(versionOfKey(key)?.mtimeMs).toBe(ms);
      }),
    );
  });

  it('is null for a key that is no version’s', () => {
    expect(versionOfKey('Proj/Ferry Doc.prproj')).toBeNull();
    expect(versionOfKey('Proj/.threefold-versions/Ferry Doc.prproj')).toBeNull();
    expect(versionOfKey('Proj/.threefold-versions/Makefile.2026-01-02T030405Z')).toEqual({
      stamp: '2026-01-02T030405Z',
      mtimeMs: Date.parse('2026-01-02T03:04:05Z'),
    });
  });
});

describe('groupVersions', () => {
  it('makes one version of one content at one time on many destinations, newest first', () => {
    const groups = groupVersions([copy('raid', '2026-11-23T101500Z', 'a'), copy('cloud', '2026-11-23T110000Z', 'b'), copy('cloud', '2026-11-23T101500Z', 'a')]);
    expect(groups.map((g) => [g.id, g.copies.map((c) => c.destination)])).toEqual([
      ['2026-11-23T110000Z', ['cloud']],
      ['2026-11-23T101500Z', ['raid', 'cloud']],
    ]);
  });

  it('tells apart two contents that share a stamp by their hash', () => {
    const ids = groupVersions([copy('raid', '2026-11-23T101500Z', 'aaaaaaaa11'), copy('cloud', '2026-11-23T101500Z', 'bbbbbbbb22')]).map((g) => g.id);
    expect(ids).toEqual(['2026-11-23T101500Z@aaaaaaaa', '2026-11-23T101500Z@bbbbbbbb']);
  });
});

describe('parseWantedVersion and chooseVersion', () => {
  const versions = groupVersions([copy('raid', '2026-11-23T110000Z', 'b'), copy('raid', '2026-11-23T101530Z', 'a')]);

  it('takes the newest version at or before the end of the minute given', () => {
    expect(chooseVersion(versions, parseWantedVersion('2026-11-23T10:15Z')!)?.id).toBe('2026-11-23T101530Z');
    expect(chooseVersion(versions, parseWantedVersion('2026-11-23T10:15:29Z')!)).toBeUndefined();
    expect(chooseVersion(versions, parseWantedVersion('2026-11-23 11:00Z')!)?.id).toBe('2026-11-23T110000Z');
    expect(chooseVersion(versions, parseWantedVersion('2026-11-23T12:00+01:00')!)?.id).toBe('2026-11-23T110000Z');
    expect(chooseVersion(versions, parseWantedVersion('2026-11-23T11:59+01:00')!)?.id).toBe('2026-11-23T101530Z');
    expect(chooseVersion(versions, parseWantedVersion('2026-11-22Z')!)).toBeUndefined();
  });

  it('reads a time without a zone as this machine’s', () => {
    const wanted = parseWantedVersion('2026-11-23T10:15');
    expect(wanted).toEqual({ kind: 'before', beforeMs: new Date(2026, 10, 23, 10, 16).getTime(), text: '2026-11-23T10:15' });
  });

  it('takes an id as `versions` lists it, and refuses what is neither', () => {
    expect(chooseVersion(versions, parseWantedVersion('2026-11-23T101530Z')!)?.id).toBe('2026-11-23T101530Z');
    expect(parseWantedVersion('yesterday')).toBeNull();
    expect(parseWantedVersion('2026-13-01T10:00')).toBeNull();
    expect(parseWantedVersion('2026-11-23T25:00')).toBeNull();
  });
});

describe('versionFileName', () => {
  it('names the version by its local time, to the minute, the seconds when there are some', () => {
    expect(versionFileName('Ferry Doc.prproj', new Date(2026, 10, 23, 10, 15).getTime())).toBe('Ferry Doc.version-2026-11-23T1015.prproj');
    expect(versionFileName('Ferry Doc.prproj', new Date(2026, 10, 23, 10, 15, 30).getTime())).toBe('Ferry Doc.version-2026-11-23T101530.prproj');
    expect(versionFileName('Ferry Doc.prproj', new Date(2026, 10, 23, 10, 15).getTime(), 2)).toBe('Ferry Doc.version-2026-11-23T1015-2.prproj');
    expect(versionFileName('catalog', new Date(2026, 0, 2, 3, 4).getTime())).toBe('catalog.version-2026-01-02T0304');
  });
});
