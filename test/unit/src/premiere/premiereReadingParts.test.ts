import { describePremiereVersion } from '../../../../src/projects/premiere/describePremiereVersion';
import { describeSkippedMedia } from '../../../../src/projects/premiere/describeSkippedMedia';
import { mergePremiereMedia } from '../../../../src/projects/premiere/mergePremiereMedia';

describe('describePremiereVersion', () => {
  it.each([
    ['31', '31 (Premiere Pro CC 2015.4)'],
    ['32', '32 (Premiere Pro CC 2017)'],
    ['38', '38 (Premiere Pro 2020)'],
    ['43', '43 (Premiere Pro 2025)'],
    ['99', '99'],
    ['33', '33'],
  ])('%s → %s', (version, expected) => {
    expect(describePremiereVersion(version)).toBe(expected);
  });
});

describe('describeSkippedMedia', () => {
  it('counts each kind, with the reason, and says nothing when nothing was skipped', () => {
    expect(describeSkippedMedia({ synthetic: 3, cache: 2, 'no-path': 4 })).toEqual([
      '3 synthetic items (titles, bars, black video) skipped: they are not files',
      '2 media cache files skipped: Premiere regenerates them',
      '4 media items skipped: no usable file path recorded',
    ]);
    expect(describeSkippedMedia({ synthetic: 1, cache: 1, 'no-path': 1 })).toEqual([
      '1 synthetic item (titles, bars, black video) skipped: it is not a file',
      '1 media cache file skipped: Premiere regenerates it',
      '1 media item skipped: no usable file path recorded',
    ]);
    expect(describeSkippedMedia({ synthetic: 0, cache: 0, 'no-path': 0 })).toEqual([]);
  });
});

describe('mergePremiereMedia', () => {
  const psd = '/Volumes/MEDIA/Layered.psd';

  it('gives one entry per file, in first-seen order, with its distinct clip names', () => {
    const files = mergePremiereMedia([
      { path: psd, role: 'media', title: 'THEFT/Layered.psd', offline: false },
      { path: '/Volumes/MEDIA/a.mov', role: 'media', title: 'a.mov', offline: false },
      { path: psd, role: 'media', title: 'Background/Layered.psd', offline: false },
      { path: psd, role: 'media', title: 'THEFT/Layered.psd', offline: false },
      { path: psd, role: 'media', title: '', offline: false },
    ]);
    expect(files).toEqual([
      { path: psd, role: 'media', clips: ['THEFT/Layered.psd', 'Background/Layered.psd'], offline: false, versioned: false },
      { path: '/Volumes/MEDIA/a.mov', role: 'media', clips: ['a.mov'], offline: false, versioned: false },
    ]);
  });

  it('marks a file offline only when every element using it is offline', () => {
    const some = mergePremiereMedia([
      { path: psd, role: 'media', title: 'a', offline: true },
      { path: psd, role: 'media', title: 'b', offline: false },
    ]);
    const all = mergePremiereMedia([
      { path: psd, role: 'media', title: 'a', offline: true },
      { path: psd, role: 'media', title: 'b', offline: true },
    ]);
    expect(some[0].offline).toBe(false);
    expect(all[0].offline).toBe(true);
  });

  it('calls a file media when any element uses it as media, a proxy otherwise', () => {
    expect(mergePremiereMedia([{ path: psd, role: 'proxy', title: 'p', offline: false }])[0].role).toBe('proxy');
    const mixed = mergePremiereMedia([
      { path: psd, role: 'proxy', title: 'p', offline: false },
      { path: psd, role: 'media', title: 'm', offline: false },
    ]);
    expect(mixed[0].role).toBe('media');
  });
});
