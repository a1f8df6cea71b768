import fc from 'fast-check';
import { foldKey, foldSegment } from '../../../src/paths/foldKey';
import { escapeReserved, hasReservedSegment, isReservedSegment } from '../../../src/paths/reservedNames';

describe('foldKey: what a destination may take for one name', () => {
  it.each([
    ['Proj/A.mov', 'proj/a.mov'],
    ['Sc\u00e9ne.mov', 'Sce\u0301ne.MOV'],
    ['stra\u00dfe', 'STRASSE'],
    ['a.mov.', 'a.mov'],
    ['a.mov ', 'a.mov'],
  ])('%j and %j fold alike', (a, b) => {
    expect(foldKey(a)).toBe(foldKey(b));
  });

  it('folds an ASCII key (its quick path) as it folds each segment', () => {
    const key = fc.array(fc.stringMatching(/^[ -.0-~\u00e9\u00df]{1,6}$/), { minLength: 1, maxLength: 4 }).map((s) => s.join('/'));
    fc.assert(
      fc.property(key, (k) => expect(foldKey(k)).toBe(k.split('/').map(foldSegment).join('/'))),
      { numRuns: 1000 },
    );
  });

  it('keeps folders apart from names: only each segment is folded', () => {
    expect(foldKey('a/b')).not.toBe(foldKey('a b'));
    expect(foldKey('a./b')).toBe('a/b');
  });
});

describe('reserved names', () => {
  it('at the top: ascmhl and .threefold in any case, normalisation or trailing dot', () => {
    for (const name of ['ascmhl', 'ASCMHL', 'AscMhl.', '.threefold', '.THREEFOLD']) expect(isReservedSegment(name, 0)).toBe(true);
    expect(isReservedSegment('ascmhl', 1)).toBe(false);
    expect(isReservedSegment('.threefold', 2)).toBe(false);
    expect(isReservedSegment('ascmhl~', 0)).toBe(false);
  });

  it('at any depth: the versions folder, copies in progress and probes', () => {
    for (const name of [
      '.threefold-versions',
      '.Threefold-Versions',
      'x.mov.threefold-partial',
      '.0123abcd.threefold-partial',
      '.threefold-probe-1234',
      '.threefold-probe-0a1b2c3d4e5f6071',
    ]) {
      expect(isReservedSegment(name, 3)).toBe(true);
    }
    for (const name of ['threefold-versions', 'x.threefold-partial~', '.threefold-probe-12~', '.threefold-probes'])
      expect(isReservedSegment(name, 3)).toBe(false);
  });

  it('escapes each reserved segment with a ~ and leaves the others', () => {
    expect(escapeReserved('ascmhl/P/.threefold-versions/a.threefold-partial')).toBe('ascmhl~/P/.threefold-versions~/a.threefold-partial~');
    expect(hasReservedSegment(escapeReserved('ascmhl/P/.threefold-versions/a.threefold-partial'))).toBe(false);
    expect(escapeReserved('MEDIA/ascmhl/x.mov')).toBe('MEDIA/ascmhl/x.mov');
  });
});
