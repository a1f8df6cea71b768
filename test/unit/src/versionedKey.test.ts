import { ownerKeyOf, VERSIONS_FOLDER, versionedKey } from '../../../src/paths/versionedKey';

const at = (iso: string): number => Date.parse(iso);

describe('versionedKey', () => {
  it('puts the version beside the file, named by its UTC modification time', () => {
    expect(versionedKey('Users/ana/Ferry Doc.prproj', at('2026-11-23T10:15:00Z'))).toBe(`Users/ana/${VERSIONS_FOLDER}/Ferry Doc.2026-11-23T101500Z.prproj`);
  });

  it('keeps milliseconds when there are some: two saves within a second stay apart', () => {
    const a = versionedKey('P/x.prproj', at('2026-11-23T10:15:00.120Z'));
    const b = versionedKey('P/x.prproj', at('2026-11-23T10:15:00.870Z'));
    expect(a).toBe(`P/${VERSIONS_FOLDER}/x.2026-11-23T101500.120Z.prproj`);
    expect(a).not.toBe(b);
  });

  it('drops sub-millisecond fractions of an mtime (the same version always lands on the same key)', () => {
    expect(versionedKey('P/x.lrcat', 1_700_000_000_123.789)).toBe(versionedKey('P/x.lrcat', 1_700_000_000_123.2));
  });

  it('handles a name without extension, a hidden name and a key at the root', () => {
    expect(versionedKey('P/Makefile', at('2026-01-02T03:04:05Z'))).toBe(`P/${VERSIONS_FOLDER}/Makefile.2026-01-02T030405Z`);
    expect(versionedKey('P/.catalog', at('2026-01-02T03:04:05Z'))).toBe(`P/${VERSIONS_FOLDER}/.catalog.2026-01-02T030405Z`);
    expect(versionedKey('x.prproj', at('2026-01-02T03:04:05Z'))).toBe(`${VERSIONS_FOLDER}/x.2026-01-02T030405Z.prproj`);
  });

  it('uses only the last dot for the extension', () => {
    expect(versionedKey('P/Cut v2.final.prproj', at('2026-01-02T03:04:05Z'))).toBe(`P/${VERSIONS_FOLDER}/Cut v2.final.2026-01-02T030405Z.prproj`);
  });
});

describe('ownerKeyOf', () => {
  it('gives back the key a version sits beside', () => {
    for (const key of ['Users/ana/Ferry Doc.prproj', 'P/Makefile', 'P/.catalog', 'x.prproj', 'P/Cut v2.final.prproj']) {
      expect(ownerKeyOf(versionedKey(key, at('2026-11-23T10:15:00Z')))).toBe(key);
      expect(ownerKeyOf(versionedKey(key, at('2026-11-23T10:15:00.120Z')))).toBe(key);
    }
  });

  it('leaves a key that is no version alone', () => {
    expect(ownerKeyOf('P/a.2026-11-23T101500Z.prproj')).toBe('P/a.2026-11-23T101500Z.prproj');
    expect(ownerKeyOf(`P/${VERSIONS_FOLDER}/not a version`)).toBe(`P/${VERSIONS_FOLDER}/not a version`);
  });
});
