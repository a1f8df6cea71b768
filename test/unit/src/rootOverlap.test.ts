import fc from 'fast-check';
import { parseMountInfo, physicalPath, rootsOverlap } from '../../../src/paths/rootOverlap';

const MOUNTINFO = [
  '27 1 254:0 / / rw,relatime - ext4 /dev/vda rw',
  '30 27 8:17 / /mnt/raid rw,relatime shared:1 - ext4 /dev/sdb1 rw',
  '45 27 8:17 /threefold/a /mnt/bind\\040copy rw,relatime - ext4 /dev/sdb1 rw',
  '46 27 254:0 /srv/data/inner /mnt/child rw - ext4 /dev/vda rw',
  'garbage line',
].join('\n');

describe('parseMountInfo / physicalPath', () => {
  const mounts = parseMountInfo(MOUNTINFO);

  it('reads each mount, octal escapes included, and skips what is not a mount line', () => {
    expect(mounts).toHaveLength(4);
    expect(mounts[2]).toEqual({ device: '8:17', root: '/threefold/a', mountPoint: '/mnt/bind copy' });
  });

  it.each([
    ['/mnt/raid/threefold/a', { device: '8:17', path: '/threefold/a' }],
    ['/mnt/bind copy', { device: '8:17', path: '/threefold/a' }],
    ['/mnt/bind copy/x', { device: '8:17', path: '/threefold/a/x' }],
    ['/mnt/child', { device: '254:0', path: '/srv/data/inner' }],
    ['/srv/data', { device: '254:0', path: '/srv/data' }],
    ['/', { device: '254:0', path: '/' }],
  ])('%s is %j', (real, expected) => expect(physicalPath(real, mounts)).toEqual(expected));

  it('a path no mount covers has no physical place', () => expect(physicalPath('C:\\x', mounts)).toBeUndefined());
});

describe('rootsOverlap', () => {
  it.each([
    ['the same folder', { realPath: '/a/b' }, { realPath: '/a/b/' }, true],
    ['a folder inside the other', { realPath: '/a/b' }, { realPath: '/a/b/c' }, true],
    ['siblings with a common prefix', { realPath: '/a/b' }, { realPath: '/a/bc' }, false],
    ['a bind mount of the other (same dev:ino)', { realPath: '/m', chain: ['1:5', '1:2'] }, { realPath: '/a', chain: ['1:5', '1:2'] }, true],
    ['a bind mount of a parent', { realPath: '/m', chain: ['1:4', '1:2'] }, { realPath: '/a/b', chain: ['1:5', '1:4', '1:2'] }, true],
    [
      'a bind mount of a child (same filesystem, nested places)',
      { realPath: '/m', chain: ['1:9', '1:2'], physical: { device: '1', path: '/a/b/c' } },
      { realPath: '/a/b', chain: ['1:5', '1:4', '1:2'], physical: { device: '1', path: '/a/b' } },
      true,
    ],
    [
      'the same paths on two filesystems',
      { realPath: '/m', physical: { device: '1', path: '/x' } },
      { realPath: '/n', physical: { device: '2', path: '/x' } },
      false,
    ],
    ['an unplugged root known only by its path', { realPath: '/media/usb' }, { realPath: '/mnt/raid', chain: ['1:5', '1:2'] }, false],
  ])('%s: %j and %j → %s', (_label, a, b, expected) => {
    expect(rootsOverlap(a, b)).toBe(expected);
    expect(rootsOverlap(b, a)).toBe(expected);
  });

  it('property: a folder overlaps everything below it, and nothing beside it', () => {
    const segment = fc.stringMatching(/^[a-z]{1,4}$/);
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 4 }), fc.array(segment, { maxLength: 3 }), segment, (base, below, other) => {
        const root = `/${base.join('/')}`;
        expect(rootsOverlap({ realPath: root }, { realPath: [root, ...below].join('/') })).toBe(true);
        const sibling = `/${[...base.slice(0, -1), `${base[base.length - 1]}${other}`].join('/')}`;
        expect(rootsOverlap({ realPath: root }, { realPath: sibling })).toBe(false);
      }),
    );
  });
});
