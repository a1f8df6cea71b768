import fc from 'fast-check';
import { noRoomFor, ranOutOfRoom } from '../../../src/restore/targetSpace';

describe('noRoomFor', () => {
  it('lets a download through exactly when what it still needs fits in the free space', () => {
    fc.assert(
      fc.property(fc.nat(2 ** 40), fc.nat(2 ** 40), fc.nat(2 ** 40), (size, allocated, free) => {
        const fits = Math.max(0, size - allocated) <= free;
        expect(noRoomFor('/t/a.mov', size, allocated, free) === undefined).toBe(fits);
      }),
    );
  });

  it('names the file and the space it still needs, less what its partial file already holds', () => {
    expect(noRoomFor('/Volumes/New/A001.mov', 40_000_000, 0, 25_000_000)).toBe(
      'not enough space on the disk of /Volumes/New/A001.mov: it needs 40.0 MB more, 25.0 MB are free; free some space (or restore elsewhere with --to) and restore again',
    );
    expect(noRoomFor('/t/a.mov', 40_000_000, 30_000_000, 5_000_000)).toMatch(/it needs 10.0 MB more, 5.0 MB are free/);
    expect(noRoomFor('/t/a.mov', 40_000_000, 30_000_000, 10_000_000)).toBeUndefined();
  });
});

describe('ranOutOfRoom', () => {
  it('names the file, the size it needs and the device error', () => {
    expect(ranOutOfRoom('/t/a.mov', 96_000_000)).toMatch(/^no space left on the device \(ENOSPC\) while writing \/t\/a\.mov, which needs 96\.0 MB:/);
  });
});
