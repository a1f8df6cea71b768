import { lightroomFileName, lightroomPhotoPath, lightroomRootPlatform, lightroomSidecarPaths } from '../../../../src/projects/lightroom/lightroomPaths';

describe('lightroomRootPlatform', () => {
  it.each([
    ['C:/Users/me/Pictures/', 'win32'],
    ['d:/Photos/', 'win32'],
    ['//nas/photos/', 'win32'],
    ['/Users/me/Pictures/', 'posix'],
    ['/Volumes/PHOTO/', 'posix'],
    ['/home/me/C:/odd/', 'posix'],
    ['C:relative/', 'posix'],
  ])('%s → %s', (absolutePath, platform) => {
    expect(lightroomRootPlatform(absolutePath)).toBe(platform);
  });
});

describe('lightroomFileName', () => {
  it('joins the base name and the extension with a dot', () => {
    expect(lightroomFileName('IMG_1', 'CR2')).toBe('IMG_1.CR2');
  });

  it('keeps a name without an extension bare', () => {
    expect(lightroomFileName('README', '')).toBe('README');
  });

  it('keeps inner dots and spaces', () => {
    expect(lightroomFileName('2024.05.01 beach ', 'jpg')).toBe('2024.05.01 beach .jpg');
  });

  it('returns NFC', () => {
    expect(lightroomFileName('Cafe\u0301', 'jpg')).toBe('Caf\u00e9.jpg');
  });
});

describe('lightroomPhotoPath on posix', () => {
  it('absolutePath + pathFromRoot + baseName.extension', () => {
    expect(lightroomPhotoPath('/Users/me/Pictures/', '2024/Trip/', 'IMG_1', 'CR2', 'posix')).toBe('/Users/me/Pictures/2024/Trip/IMG_1.CR2');
  });

  it('a photo in the root folder itself (pathFromRoot is empty)', () => {
    expect(lightroomPhotoPath('/Volumes/PHOTO/', '', 'DSC_9', 'NEF', 'posix')).toBe('/Volumes/PHOTO/DSC_9.NEF');
  });

  it('adds a missing final slash to the root and to the folder', () => {
    expect(lightroomPhotoPath('/Volumes/PHOTO', '2024/Trip', 'a', 'jpg', 'posix')).toBe('/Volumes/PHOTO/2024/Trip/a.jpg');
  });

  it('a file without an extension', () => {
    expect(lightroomPhotoPath('/p/', 'f/', 'scan', '', 'posix')).toBe('/p/f/scan');
  });

  it('keeps backslashes, colons and spaces, which are ordinary characters in posix names', () => {
    expect(lightroomPhotoPath('/p/', 'a\\b: c /', 'x', 'jpg', 'posix')).toBe('/p/a\\b: c /x.jpg');
  });

  it('keeps the case of every part', () => {
    expect(lightroomPhotoPath('/P/', 'Mixed/', 'Img', 'JpG', 'posix')).toBe('/P/Mixed/Img.JpG');
  });

  it('normalises decomposed Unicode (macOS NFD) to NFC in every part', () => {
    const path = lightroomPhotoPath('/Users/Jose\u0301/', 'Re\u0301sume\u0301/', 'Cafe\u0301', 'jpg', 'posix');
    expect(path).toBe('/Users/Jos\u00e9/R\u00e9sum\u00e9/Caf\u00e9.jpg');
    expect(path).toBe(path.normalize('NFC'));
  });

  it('a character composed across the folder and the name boundary is not merged', () => {
    // A combining mark at the start of a name stays after the separator.
    expect(lightroomPhotoPath('/p/', 'e/', '\u0301x', 'jpg', 'posix')).toBe('/p/e/\u0301x.jpg');
  });
});

describe('lightroomPhotoPath on win32', () => {
  it('converts every forward slash to a backslash', () => {
    expect(lightroomPhotoPath('C:/Users/me/Pictures/', '2024/Trip/', 'IMG_1', 'CR2', 'win32')).toBe('C:\\Users\\me\\Pictures\\2024\\Trip\\IMG_1.CR2');
  });

  it('a photo at the top of a drive', () => {
    expect(lightroomPhotoPath('D:/', '', 'x', 'dng', 'win32')).toBe('D:\\x.dng');
  });

  it('a UNC root', () => {
    expect(lightroomPhotoPath('//nas/photos/', '2024/', 'x', 'jpg', 'win32')).toBe('\\\\nas\\photos\\2024\\x.jpg');
  });

  it('adds missing final slashes before converting', () => {
    expect(lightroomPhotoPath('C:/Pictures', 'Trip', 'x', 'jpg', 'win32')).toBe('C:\\Pictures\\Trip\\x.jpg');
  });

  it('keeps the drive letter as written', () => {
    expect(lightroomPhotoPath('c:/p/', '', 'x', 'jpg', 'win32')).toBe('c:\\p\\x.jpg');
  });

  it('returns NFC', () => {
    expect(lightroomPhotoPath('C:/Fotos/', 'Mu\u0308nchen/', 'x', 'jpg', 'win32')).toBe('C:\\Fotos\\M\u00fcnchen\\x.jpg');
  });
});

describe('lightroomSidecarPaths', () => {
  it('one path per extension, beside the photo, named after the base name (IMG_1.xmp, not IMG_1.CR2.xmp)', () => {
    expect(lightroomSidecarPaths('/p/', 'Trip/', 'IMG_1', 'JPG,xmp', 'posix')).toEqual(['/p/Trip/IMG_1.JPG', '/p/Trip/IMG_1.xmp']);
  });

  it.each([null, '', ',', ' , ,', '   '])('no sidecars for %p', (list) => {
    expect(lightroomSidecarPaths('/p/', '', 'IMG_1', list, 'posix')).toEqual([]);
  });

  it('trims spaces around extensions', () => {
    expect(lightroomSidecarPaths('/p/', '', 'a', ' xmp , JPG ', 'posix')).toEqual(['/p/a.xmp', '/p/a.JPG']);
  });

  it('ignores empty entries between commas', () => {
    expect(lightroomSidecarPaths('/p/', '', 'a', 'xmp,,JPG,', 'posix')).toEqual(['/p/a.xmp', '/p/a.JPG']);
  });

  it('dedupes case-insensitively and keeps the first spelling', () => {
    expect(lightroomSidecarPaths('/p/', '', 'a', 'XMP,xmp,Jpg,JPG,xMp', 'posix')).toEqual(['/p/a.XMP', '/p/a.Jpg']);
  });

  it('a single extension', () => {
    expect(lightroomSidecarPaths('/p/', 'f/', 'a', 'xmp', 'posix')).toEqual(['/p/f/a.xmp']);
  });

  it('win32 separators', () => {
    expect(lightroomSidecarPaths('C:/Users/me/Pictures/', '2024/', 'IMG_1', 'xmp', 'win32')).toEqual(['C:\\Users\\me\\Pictures\\2024\\IMG_1.xmp']);
  });

  it('NFC', () => {
    expect(lightroomSidecarPaths('/Fotos/', 'Mu\u0308nchen/', 'Cafe\u0301', 'xmp', 'posix')).toEqual(['/Fotos/M\u00fcnchen/Caf\u00e9.xmp']);
  });

  it('adds missing final slashes like the photo path', () => {
    expect(lightroomSidecarPaths('/p', 'f', 'a', 'xmp', 'posix')).toEqual(['/p/f/a.xmp']);
  });
});
