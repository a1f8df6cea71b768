import fc from 'fast-check';
import { isSameOrInside, overlapOf, pathSegments, tooWideDestination } from '../../../src/paths/containment';

const segment = fc.stringMatching(/^[a-zA-Z0-9 ._-]{1,6}$/).filter((s) => s !== '.' && s !== '..');
const posixPath = fc.array(segment, { maxLength: 5 }).map((segments) => `/${segments.join('/')}`);

describe('isSameOrInside', () => {
  it.each([
    ['/a/b/c', '/a/b', true],
    ['/a/b', '/a/b', true],
    ['/a/b/', '/a/b', true],
    ['/a/bc', '/a/b', false],
    ['/a', '/a/b', false],
    ['/anything', '/', true],
    ['relative/x', '/', false],
    ['C:\\Footage\\x.mov', 'c:/footage', true],
    ['D:\\Footage', 'C:\\', false],
    ['\\\\nas\\share\\x', '\\\\NAS\\share', true],
    ['\\\\nas2\\share', '\\\\nas\\share', false],
    ['/C:/x', 'C:\\', false],
  ])('%s inside %s: %s', (inner, outer, expected) => {
    expect(isSameOrInside(inner, outer)).toBe(expected);
  });

  it('holds for every path below a folder, and for no sibling that merely shares its prefix', () => {
    fc.assert(
      fc.property(posixPath, fc.array(segment, { maxLength: 4 }), segment, (outer, below, suffix) => {
        const inner = [outer.replace(/\/$/, ''), ...below].join('/') || '/';
        expect(isSameOrInside(inner, outer)).toBe(true);
        if (outer !== '/') expect(isSameOrInside(`${outer}${suffix}`, outer)).toBe(false);
      }),
    );
  });

  it('is a partial order: both ways only for the same folder', () => {
    fc.assert(
      fc.property(posixPath, posixPath, (a, b) => {
        expect(isSameOrInside(a, b) && isSameOrInside(b, a)).toBe(a === b);
      }),
    );
  });
});

describe('overlapOf', () => {
  it('names which contains which', () => {
    expect(overlapOf('/data/proj', '/data')).toBe('source inside destination');
    expect(overlapOf('/data', '/data/backup')).toBe('destination inside source');
    expect(overlapOf('/data', '/data')).toBe('same');
    expect(overlapOf('/data/proj', '/backup')).toBeNull();
    expect(overlapOf('/data/projects', '/data/proj')).toBeNull();
  });

  it('is symmetric in whether there is an overlap', () => {
    fc.assert(fc.property(posixPath, posixPath, (a, b) => expect(overlapOf(a, b) === null).toBe(overlapOf(b, a) === null)));
  });
});

describe('tooWideDestination', () => {
  const home = '/home/ana/.threefold';

  it.each(['/', '/Volumes', '/home', '/Users', '/mnt', '/media', '/run', '/run/media', '/home/ana', '/home/ana/.threefold'])('refuses %s', (root) => {
    expect(tooWideDestination(root, home)).toMatch(new RegExp(`^${root.replace(/[.]/g, '\\.')} cannot be a destination: it (is|holds)`));
  });

  it.each(['/Volumes/Backup', '/Volumes/Backup/threefold', '/mnt/raid', '/media/ana/usb', '/srv/backup', '/home/ana/backup', 'E:\\', 'E:\\Backup'])(
    'accepts %s',
    (root) => {
      expect(tooWideDestination(root, home)).toBeNull();
    },
  );

  it("refuses a folder inside Threefold's own (resetting Threefold would remove the copies with the catalog)", () => {
    expect(tooWideDestination('/home/ana/.threefold/backup', home)).toMatch(
      /^\/home\/ana\/\.threefold\/backup cannot be a destination: it is inside Threefold's own folder/,
    );
    expect(tooWideDestination('/home/ana/.threefold-backup', home)).toBeNull();
  });

  it('accepts a home folder when Threefold lives elsewhere, and says why it refuses one that holds it', () => {
    expect(tooWideDestination('/Users/ana', '/Users/ana/Library/Application Support/threefold')).toMatch(/holds Threefold's own folder/);
    expect(tooWideDestination('/Users/ana', '/opt/threefold')).toBeNull();
  });
});

describe('pathSegments', () => {
  it('splits POSIX, drive and UNC paths; a relative path has none', () => {
    expect(pathSegments('/')).toEqual([]);
    expect(pathSegments('/a//b/')).toEqual(['a', 'b']);
    expect(pathSegments('C:\\A\\b')).toEqual(['c:', 'a', 'b']);
    expect(pathSegments('\\\\Nas\\Share')).toEqual(['\\\\nas', 'share']);
    expect(pathSegments('a/b')).toBeNull();
  });
});
