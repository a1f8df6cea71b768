import { mapSourcePath, PathMappingError } from '../../../src/paths/mapSourcePath';

describe('mapSourcePath: DESIGN.md examples', () => {
  it.each([
    ['/Volumes/MEDIA/Proj/A001.mov', 'MEDIA/Proj/A001.mov'],
    ['D:\\Footage\\x.mov', 'D/Footage/x.mov'],
    ['\\\\nas\\share\\x.mov', 'nas/share/x.mov'],
    ['/home/ana/x.mov', 'home/ana/x.mov'],
  ])('%s → %s', (source, mapped) => {
    expect(mapSourcePath(source)).toBe(mapped);
  });
});

describe('mapSourcePath: Windows', () => {
  it('upper-cases a lowercase drive letter', () => {
    expect(mapSourcePath('d:\\Footage\\x.mov')).toBe('D/Footage/x.mov');
    expect(mapSourcePath('d:\\Footage\\x.mov')).toBe(mapSourcePath('D:\\Footage\\x.mov'));
  });

  it('accepts forward slashes after the drive', () => {
    expect(mapSourcePath('D:/Footage/x.mov')).toBe('D/Footage/x.mov');
  });

  it('accepts mixed separators', () => {
    expect(mapSourcePath('C:\\Users/ana\\Videos/x.mov')).toBe('C/Users/ana/Videos/x.mov');
  });

  it('keeps the case of the other segments', () => {
    expect(mapSourcePath('E:\\Proj\\CLIP.MOV')).toBe('E/Proj/CLIP.MOV');
  });

  it('long-path prefix \\\\?\\C:\\', () => {
    expect(mapSourcePath('\\\\?\\C:\\x')).toBe('C/x');
    expect(mapSourcePath('\\\\?\\C:\\Footage\\Day 1\\x.mov')).toBe('C/Footage/Day 1/x.mov');
  });

  it('long-path prefix with a lowercase drive letter', () => {
    expect(mapSourcePath('\\\\?\\c:\\x')).toBe('C/x');
  });

  it('device prefix \\\\.\\C:\\', () => {
    expect(mapSourcePath('\\\\.\\C:\\x')).toBe('C/x');
  });

  it('long UNC prefix \\\\?\\UNC\\server\\share', () => {
    expect(mapSourcePath('\\\\?\\UNC\\nas\\share\\x')).toBe('nas/share/x');
    expect(mapSourcePath('\\\\?\\unc\\nas\\share\\x')).toBe('nas/share/x');
  });

  it('a long path maps where its short form maps', () => {
    expect(mapSourcePath('\\\\?\\D:\\Footage\\x.mov')).toBe(mapSourcePath('D:\\Footage\\x.mov'));
    expect(mapSourcePath('\\\\?\\UNC\\nas\\share\\x.mov')).toBe(mapSourcePath('\\\\nas\\share\\x.mov'));
  });

  it('UNC paths with deeper folders', () => {
    expect(mapSourcePath('\\\\nas\\share\\Proj\\Day 2\\A001.mov')).toBe('nas/share/Proj/Day 2/A001.mov');
  });
});

describe('mapSourcePath: POSIX', () => {
  it('a path under /Volumes drops /Volumes', () => {
    expect(mapSourcePath('/Volumes/Untitled/x.mov')).toBe('Untitled/x.mov');
  });

  it('a path not under /Volumes keeps its first folder', () => {
    expect(mapSourcePath('/Users/ana/Movies/x.mov')).toBe('Users/ana/Movies/x.mov');
    expect(mapSourcePath('/mnt/raid/x.mov')).toBe('mnt/raid/x.mov');
  });

  it('a file directly under the root', () => {
    expect(mapSourcePath('/x.mov')).toBe('x.mov');
  });

  it('keeps a backslash inside a POSIX segment', () => {
    expect(mapSourcePath('/home/ana/a\\b.mov')).toBe('home/ana/a\\b.mov');
    expect(mapSourcePath('/home/ana/a\\b.mov').split('/')).toEqual(['home', 'ana', 'a\\b.mov']);
  });

  it('keeps spaces, dots inside names, and other punctuation', () => {
    expect(mapSourcePath('/Volumes/My Disk/.hidden/a..b/x.y.mov')).toBe('My Disk/.hidden/a..b/x.y.mov');
  });
});

describe('mapSourcePath: Unicode', () => {
  const nfc = '\u00e9'; // é
  const nfd = 'e\u0301'; // e + combining acute

  it('NFD input becomes NFC', () => {
    const mapped = mapSourcePath(`/Volumes/MEDIA/Caf${nfd}/sc${nfd}ne.mov`);
    expect(mapped).toBe(`MEDIA/Caf${nfc}/sc${nfc}ne.mov`);
    expect(mapped).not.toContain(nfd);
  });

  it('NFC and NFD spellings map to the same path', () => {
    expect(mapSourcePath(`/home/ana/${nfd}.mov`)).toBe(mapSourcePath(`/home/ana/${nfc}.mov`));
    expect(mapSourcePath(`D:\\${nfd}\\x.mov`)).toBe(`D/${nfc}/x.mov`);
    expect(mapSourcePath(`\\\\nas\\${nfd}\\x.mov`)).toBe(`nas/${nfc}/x.mov`);
  });

  it('NFC input is unchanged', () => {
    expect(mapSourcePath(`/home/ana/${nfc}.mov`)).toBe(`home/ana/${nfc}.mov`);
  });
});

describe('mapSourcePath: rejections', () => {
  it.each([
    ['a relative POSIX path', 'home/ana/x.mov'],
    ['a relative path starting with ./', './x.mov'],
    ['a relative Windows path', 'Footage\\x.mov'],
    ['a drive-relative Windows path', 'D:x.mov'],
    ['an empty string', ''],
    ['a ".." segment', '/home/ana/../bob/x.mov'],
    ['a ".." segment at the start', '/../etc/passwd'],
    ['a ".." segment under /Volumes', '/Volumes/../x.mov'],
    ['a ".." segment in a Windows path', 'D:\\Footage\\..\\x.mov'],
    ['a ".." segment in a UNC path', '\\\\nas\\share\\..\\x.mov'],
    ['a ".." segment in a long path', '\\\\?\\C:\\a\\..\\x'],
    ['a ".." segment in a long UNC path', '\\\\?\\UNC\\nas\\share\\..\\x'],
    ['a "." segment', '/home/ana/./x.mov'],
    ['a "." segment in a Windows path', 'D:\\.\\x.mov'],
    ['an empty segment', '/a//b'],
    ['an empty segment in a Windows path', 'D:\\a\\\\b'],
    ['an empty segment in a UNC path', '\\\\nas\\\\x.mov'],
    ['a trailing slash', '/a/b/'],
    ['a trailing backslash', 'D:\\Footage\\'],
    ['a drive root', 'D:\\'],
    ['a NUL character', '/home/ana/x\0.mov'],
    ['a NUL character in a Windows path', 'D:\\x\0.mov'],
    ['/ alone', '/'],
    ['/Volumes/ (no volume name)', '/Volumes/'],
    // '/Volumes' names the mount folder, not a file on a volume; mapped to 'Volumes' it would collide
    // with '/Volumes/Volumes' (a volume named "Volumes").
    ['/Volumes alone', '/Volumes'],
    ['a long path that is not a drive path', '\\\\?\\Volume{1234}\\x.mov'],
  ])('%s: %j', (_why, source) => {
    expect(() => mapSourcePath(source)).toThrow(PathMappingError);
  });

  it('the error names the path and is a PathMappingError', () => {
    let caught: unknown;
    try {
      mapSourcePath('/a//b');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PathMappingError);
    expect(caught).toBeInstanceOf(Error);
    const e = caught as PathMappingError;
    expect(e.name).toBe('PathMappingError');
    expect(e.sourcePath).toBe('/a//b');
    expect(e.message).toBe('cannot map "/a//b" to a destination path: it has an empty segment');
  });

  it.each([
    ['relative', 'x.mov', 'it is not an absolute path'],
    ['..', '/a/../b', 'it has a ".." segment'],
    ['.', '/a/./b', 'it has a "." segment'],
    ['trailing slash', '/a/b/', 'it has an empty segment'],
    ['NUL', '/a/b\0', 'it contains a NUL character'],
  ])('gives a reason (%s)', (_why, source, reason) => {
    expect(() => mapSourcePath(source)).toThrow(reason);
  });

  it('never returns a path that leaves the root or is absolute', () => {
    const samples = [
      '/Volumes/MEDIA/Proj/A001.mov',
      'D:\\Footage\\x.mov',
      '\\\\nas\\share\\x.mov',
      '/home/ana/x.mov',
      '\\\\?\\C:\\x',
      '\\\\?\\UNC\\nas\\share\\x',
    ];
    for (const s of samples) {
      const mapped = mapSourcePath(s);
      expect(mapped.startsWith('/')).toBe(false);
      expect(mapped).not.toMatch(/^[A-Za-z]:/);
      expect(mapped.split('/')).not.toContain('..');
      expect(mapped.split('/')).not.toContain('');
    }
  });
});
