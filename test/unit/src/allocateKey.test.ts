import fc from 'fast-check';
import { allocateKey, KeyAllocationError, keyTag, taggedKey } from '../../../src/paths/allocateKey';
import { foldKey } from '../../../src/paths/foldKey';
import { mapSourcePath, PathMappingError } from '../../../src/paths/mapSourcePath';
import { hasReservedSegment } from '../../../src/paths/reservedNames';
import { distinctSourcePaths } from './sourcePaths.arbitrary';

/** A destination's owners by folded key, as the catalog keeps them, with allocation job after job. */
class Registry {
  readonly owners = new Map<string, string>();
  readonly keys = new Map<string, string>();

  isFreeFor(path: string): (key: string) => boolean {
    return (key) => {
      const owner = this.owners.get(foldKey(key));
      return owner === undefined || owner === path;
    };
  }

  allocate(path: string): string | undefined {
    let natural: string;
    try {
      natural = mapSourcePath(path);
    } catch (error) {
      if (error instanceof PathMappingError) return undefined;
      throw error;
    }
    const own = this.keys.get(path);
    const key = allocateKey(natural, path, this.isFreeFor(path), own === undefined ? [] : [own]);
    this.owners.set(foldKey(key), path);
    this.keys.set(path, key);
    return key;
  }
}

const isSafeKey = (key: string): boolean => !key.startsWith('/') && key.split('/').every((s) => s !== '' && s !== '.' && s !== '..' && !s.includes('\0'));

describe('allocateKey: the rule', () => {
  it('keeps the natural key when it is free', () => {
    expect(allocateKey('MEDIA/Proj/A001.mov', '/Volumes/MEDIA/Proj/A001.mov', () => true)).toBe('MEDIA/Proj/A001.mov');
  });

  it('keeps a key the source owns, even where its natural key is free', () => {
    expect(allocateKey('X/a.bin', '/X/a.bin', () => true, ['X/a~1234abcd.bin'])).toBe('X/a~1234abcd.bin');
  });

  it('tags the name before its extension when the natural key is taken: /Volumes/X/a.bin and /X/a.bin', () => {
    const registry = new Registry();
    expect(registry.allocate('/Volumes/X/Proj/a.bin')).toBe('X/Proj/a.bin');
    const second = registry.allocate('/X/Proj/a.bin');
    expect(second).toBe(`X/Proj/a~${keyTag('/X/Proj/a.bin', 0)}.bin`);
    expect(second).toMatch(/^X\/Proj\/a~[0-9a-f]{8}\.bin$/);
  });

  it('keeps apart what a case-insensitive destination would collapse: A.mov and a.mov', () => {
    const registry = new Registry();
    expect(registry.allocate('/media/Proj/A.mov')).toBe('media/Proj/A.mov');
    expect(foldKey(registry.allocate('/media/proj/a.mov')!)).not.toBe(foldKey('media/Proj/A.mov'));
  });

  it('keeps apart NFC and NFD spellings, drive and UNC share, POSIX folder of one name', () => {
    const registry = new Registry();
    const keys = ['/m/Sc\u00e9ne.mov', '/m/Sce\u0301ne.mov', 'C:\\x\\a.bin', '\\\\C\\x\\a.bin', '/C/x/a.bin', '/home/a.bin', '/Volumes/home/a.bin'].map(
      (p) => registry.allocate(p)!,
    );
    expect(new Set(keys.map(foldKey)).size).toBe(keys.length);
  });

  it('never lands in ascmhl/ or .threefold/, nor on a versions folder, a partial or a probe name', () => {
    const free = (): boolean => true;
    expect(allocateKey('ascmhl/x.mov', '/ascmhl/x.mov', free)).toBe('ascmhl~/x.mov');
    expect(allocateKey('ASCMHL/x.mov', '/Volumes/ASCMHL/x.mov', free)).toBe('ASCMHL~/x.mov');
    expect(allocateKey('.threefold/identity.json', '/.threefold/identity.json', free)).toBe('.threefold~/identity.json');
    expect(allocateKey('P/.threefold-versions/x.prproj', '/P/.threefold-versions/x.prproj', free)).toBe('P/.threefold-versions~/x.prproj');
    expect(allocateKey('P/x.mov.threefold-partial', '/P/x.mov.threefold-partial', free)).toBe('P/x.mov.threefold-partial~');
    expect(allocateKey('.threefold-probe-12', '/.threefold-probe-12', free)).toBe('.threefold-probe-12~');
    // Deeper down, ascmhl is an ordinary name.
    expect(allocateKey('P/ascmhl/x.mov', '/P/ascmhl/x.mov', free)).toBe('P/ascmhl/x.mov');
  });

  it('does not reuse an owned key that has a reserved name (a copy made before names were reserved)', () => {
    expect(allocateKey('ascmhl/x.mov', '/ascmhl/x.mov', () => true, ['ascmhl/x.mov'])).toBe('ascmhl~/x.mov');
  });

  it('tries further tags while a tagged key is taken too', () => {
    const taken = new Set(['P/a.bin', taggedKey('P/a.bin', keyTag('/P/a.bin', 0))]);
    expect(allocateKey('P/a.bin', '/P/a.bin', (k) => !taken.has(k))).toBe(taggedKey('P/a.bin', keyTag('/P/a.bin', 1)));
  });

  it('gives up with a reason, rather than trying for ever, when nothing is free', () => {
    expect(() => allocateKey('P/a.bin', '/P/a.bin', () => false)).toThrow(KeyAllocationError);
    expect(() => allocateKey('P/a.bin', '/P/a.bin', () => false)).toThrow(/no destination path could be given to "\/P\/a.bin": none of 64 tagged keys/);
  });

  it('tags a name without extension, and a dot file, at the end', () => {
    expect(taggedKey('P/Makefile', '0123abcd')).toBe('P/Makefile~0123abcd');
    expect(taggedKey('P/.hidden', '0123abcd')).toBe('P/.hidden~0123abcd');
    expect(taggedKey('top.mov', '0123abcd')).toBe('top~0123abcd.mov');
  });
});

describe('allocateKey: properties over every path family', () => {
  it('any set of distinct source paths, allocated one after another, gets keys distinct after folding, never reserved, never leaving the root', () => {
    fc.assert(
      fc.property(distinctSourcePaths, (paths) => {
        const registry = new Registry();
        const keys = paths.flatMap((p) => registry.allocate(p) ?? []);
        expect(new Set(keys.map(foldKey)).size).toBe(keys.length);
        for (const key of keys) {
          expect(hasReservedSegment(key)).toBe(false);
          expect(isSafeKey(key)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a source allocated again (a later job) keeps its key, in any order of jobs', () => {
    fc.assert(
      fc.property(distinctSourcePaths, fc.infiniteStream(fc.nat()), (paths, seeds) => {
        const registry = new Registry();
        const first = new Map(paths.map((p) => [p, registry.allocate(p)]));
        const reordered = [...paths].sort(() => (seeds.next().value % 3) - 1);
        for (const p of reordered) expect(registry.allocate(p)).toBe(first.get(p));
      }),
      { numRuns: 200 },
    );
  });

  it('the natural key is kept whenever it is free and has no reserved name', () => {
    fc.assert(
      fc.property(distinctSourcePaths, (paths) => {
        const registry = new Registry();
        for (const p of paths) {
          let natural: string;
          try {
            natural = mapSourcePath(p);
          } catch {
            continue;
          }
          const free = registry.isFreeFor(p)(natural) && !hasReservedSegment(natural);
          const key = registry.allocate(p);
          if (free) expect(key).toBe(natural);
        }
      }),
      { numRuns: 300 },
    );
  });
});
