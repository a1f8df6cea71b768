import { classifyPremiereMedia, isMediaCachePath } from '../../../../src/projects/premiere/classifyPremiereMedia';

const FOLDER = '/Users/ana/Ferry/Edit';
const ZERO_GUID = '00000000-0000-0000-0000-000000000000';
const STATE = 'dfca306b-365c-6f83-7045-54530000002c';

describe('classifyPremiereMedia: synthetic items', () => {
  it('skips black video (a number in FilePath, an all-zero state)', () => {
    const media = { filePath: '1112293707', actualMediaFilePath: '1112293707', title: 'Black Video', contentAndMetadataState: ZERO_GUID };
    expect(classifyPremiereMedia(media, FOLDER)).toEqual({ skip: 'synthetic' });
  });

  it('skips an item whose FilePath is a number, whatever its state', () => {
    expect(classifyPremiereMedia({ filePath: '1414091852', contentAndMetadataState: STATE }, FOLDER)).toEqual({ skip: 'synthetic' });
  });

  it('skips an item with an all-zero state that names no path', () => {
    expect(classifyPremiereMedia({ actualMediaFilePath: '1414091852', contentAndMetadataState: ZERO_GUID }, FOLDER)).toEqual({ skip: 'synthetic' });
  });

  it('keeps an all-zero-state item that names a real path: skipping a real file would leave it unprotected', () => {
    const found = classifyPremiereMedia({ filePath: '/Volumes/MEDIA/x.mov', contentAndMetadataState: ZERO_GUID }, FOLDER);
    expect(found).toMatchObject({ candidates: ['/Volumes/MEDIA/x.mov'] });
  });
});

describe('classifyPremiereMedia: media cache', () => {
  it.each([
    '/Users/ana/Library/Application Support/Adobe/Common/Media Cache Files/x.mp4 48000.cfa',
    '/Users/ana/Library/Application Support/Adobe/Common/Media Cache Files/x.mp4 48000.pek',
    '/Volumes/FAST/Media Cache/x.mp4 48000.CFA',
    'D:\\Cache\\media cache files\\x.ims',
    '/Volumes/FAST/MEDIA CACHE/x.mcdb',
  ])('skips %s', (cachePath) => {
    expect(isMediaCachePath(cachePath)).toBe(true);
    expect(classifyPremiereMedia({ actualMediaFilePath: cachePath, filePath: cachePath, contentAndMetadataState: STATE }, FOLDER)).toEqual({ skip: 'cache' });
  });

  it.each(['/Volumes/MEDIA/Media Cache Notes.mov', '/Volumes/MEDIA/Cache/x.mov', '/Volumes/MEDIA/x.cfa.mov', '/Volumes/My Media Cache/x.mov'])(
    'does not take %s for a cache file',
    (mediaPath) => {
      expect(isMediaCachePath(mediaPath)).toBe(false);
    },
  );

  it('drops only the cache candidates when a real path is also recorded', () => {
    const found = classifyPremiereMedia({ actualMediaFilePath: '/Cache/Media Cache Files/x.cfa', filePath: '/Volumes/MEDIA/x.wav' }, FOLDER);
    expect(found).toMatchObject({ candidates: ['/Volumes/MEDIA/x.wav'] });
  });
});

describe('classifyPremiereMedia: candidates', () => {
  it('orders ActualMediaFilePath, FilePath, then RelativePath resolved against the project folder', () => {
    const found = classifyPremiereMedia(
      { actualMediaFilePath: '/Volumes/MEDIA/a.mov', filePath: '/Users/ana/b.mov', relativePath: '../Media/c.mov', title: 'A', contentAndMetadataState: STATE },
      FOLDER,
    );
    expect(found).toEqual({
      candidates: ['/Volumes/MEDIA/a.mov', '/Users/ana/b.mov', '/Users/ana/Ferry/Media/c.mov'],
      role: 'media',
      title: 'A',
      offline: false,
    });
  });

  it('lists a path once when the fields agree after normalising', () => {
    const found = classifyPremiereMedia(
      { actualMediaFilePath: '/Users/ana/Ferry/./Media/c.mov', filePath: '/Users/ana/Ferry/Media/c.mov', relativePath: '../Media/c.mov' },
      FOLDER,
    );
    expect(found).toMatchObject({ candidates: ['/Users/ana/Ferry/Media/c.mov'] });
  });

  it('normalises every candidate (NFD, long-path prefixes, Windows relative paths)', () => {
    const found = classifyPremiereMedia(
      { actualMediaFilePath: '/Users/ana/Le\u0327e\u0301.mov', filePath: '\\\\?\\UNC\\nas\\share\\x.mov', relativePath: '..\\..\\y.mov' },
      FOLDER,
    );
    expect(found).toMatchObject({ candidates: ['/Users/ana/L\u0229\u00e9.mov', '\\\\nas\\share\\x.mov', '/Users/ana/y.mov'] });
  });

  it('falls back to RelativePath alone', () => {
    expect(classifyPremiereMedia({ relativePath: '../../Downloads/1. TEASER.mp4' }, FOLDER)).toMatchObject({
      candidates: ['/Users/ana/Downloads/1. TEASER.mp4'],
    });
  });

  it('skips, as no-path, an item naming nothing usable', () => {
    expect(classifyPremiereMedia({ title: 'x' }, FOLDER)).toEqual({ skip: 'no-path' });
    expect(classifyPremiereMedia({ actualMediaFilePath: 'x.mov', relativePath: '../../../../../x.mov' }, FOLDER)).toEqual({ skip: 'no-path' });
  });
});

describe('classifyPremiereMedia: role, title, offline', () => {
  it.each([
    ['true', 'proxy'],
    [' TRUE ', 'proxy'],
    ['false', 'media'],
    [undefined, 'media'],
  ])('IsProxy %p → %s', (isProxy, role) => {
    expect(classifyPremiereMedia({ filePath: '/Volumes/MEDIA/x.mov', isProxy }, FOLDER)).toMatchObject({ role });
  });

  it.each([
    ['6', true],
    [' 1 ', true],
    ['0', false],
    ['00', false],
    ['', false],
    [undefined, false],
  ])('OfflineReason %p → offline %p', (offlineReason, offline) => {
    expect(classifyPremiereMedia({ filePath: '/Volumes/MEDIA/x.mov', offlineReason }, FOLDER)).toMatchObject({ offline });
  });

  it('gives the title in NFC, decoded "&" kept, and an empty title when there is none', () => {
    expect(classifyPremiereMedia({ filePath: '/x.mov', title: 'Tom & Le\u0327e\u0301' }, FOLDER)).toMatchObject({ title: 'Tom & L\u0229\u00e9' });
    expect(classifyPremiereMedia({ filePath: '/x.mov' }, FOLDER)).toMatchObject({ title: '' });
  });
});
