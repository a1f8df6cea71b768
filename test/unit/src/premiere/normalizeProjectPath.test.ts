import { normalizeProjectPath, resolveRelativePath } from '../../../../src/projects/premiere/normalizeProjectPath';

const NFD_NAME = 'Le\u0327e\u0301.mov';
const NFC_NAME = 'L\u0229\u00e9.mov';

describe('normalizeProjectPath: macOS and POSIX', () => {
  it.each([
    ['/Users/ana/Proj/x.mov', '/Users/ana/Proj/x.mov'],
    ['/Volumes/MEDIA/Day 1/x.mov', '/Volumes/MEDIA/Day 1/x.mov'],
    ['/Users/ana/Proj/./x.mov', '/Users/ana/Proj/x.mov'],
    ['/Users/ana/./Proj/././x.mov', '/Users/ana/Proj/x.mov'],
    ['/Users//ana///x.mov', '/Users/ana/x.mov'],
    ['//Users/ana/x.mov', '/Users/ana/x.mov'],
    ['/Users/ana/Proj/../x.mov', '/Users/ana/x.mov'],
    ['/Users/ana/Proj/', '/Users/ana/Proj'],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeProjectPath(raw)).toBe(expected);
  });

  it('composes NFD names (as macOS stores them) into NFC', () => {
    expect(normalizeProjectPath(`/Users/ana/${NFD_NAME}`)).toBe(`/Users/ana/${NFC_NAME}`);
  });

  it('keeps a ":" inside a macOS name', () => {
    expect(normalizeProjectPath('/Users/ana/Shot 1:2.mov')).toBe('/Users/ana/Shot 1:2.mov');
  });

  it('keeps folder names that end in a space, and other inner spaces', () => {
    expect(normalizeProjectPath('/Volumes/MEDIA/Day 1 /x .mov')).toBe('/Volumes/MEDIA/Day 1 /x .mov');
  });

  it('keeps a backslash inside a POSIX name as a character', () => {
    expect(normalizeProjectPath('/Users/ana/a\\b.mov')).toBe('/Users/ana/a\\b.mov');
  });

  it('keeps "&" and other characters as they are (entities are decoded before)', () => {
    expect(normalizeProjectPath('/Users/ana/Tom & Jerry.mov')).toBe('/Users/ana/Tom & Jerry.mov');
  });
});

describe('normalizeProjectPath: Windows', () => {
  it.each([
    ['D:\\Footage\\x.mov', 'D:\\Footage\\x.mov'],
    ['d:\\Footage\\x.mov', 'D:\\Footage\\x.mov'],
    ['D:\\Footage\\.\\x.mov', 'D:\\Footage\\x.mov'],
    ['D:\\Footage\\\\x.mov', 'D:\\Footage\\x.mov'],
    ['D:\\Footage\\Day\\..\\x.mov', 'D:\\Footage\\x.mov'],
    ['D:/Footage/x.mov', 'D:/Footage/x.mov'],
    ['D:\\Footage/Day 1\\x.mov', 'D:\\Footage\\Day 1\\x.mov'],
    ['G:\\Day 1 \\x.mov', 'G:\\Day 1 \\x.mov'],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeProjectPath(raw)).toBe(expected);
  });

  it.each([
    ['\\\\nas\\share\\x.mov', '\\\\nas\\share\\x.mov'],
    ['\\\\nas\\share\\\\Proj\\.\\x.mov', '\\\\nas\\share\\Proj\\x.mov'],
    ['\\\\nas\\share/Proj/x.mov', '\\\\nas\\share\\Proj\\x.mov'],
  ])('UNC %s → %s, keeping the leading \\\\', (raw, expected) => {
    expect(normalizeProjectPath(raw)).toBe(expected);
  });

  it.each([
    ['\\\\?\\D:\\Footage\\x.mov', 'D:\\Footage\\x.mov'],
    ['\\\\?\\d:\\Footage\\x.mov', 'D:\\Footage\\x.mov'],
    ['\\\\.\\D:\\Footage\\x.mov', 'D:\\Footage\\x.mov'],
    ['\\\\?\\UNC\\nas\\share\\x.mov', '\\\\nas\\share\\x.mov'],
    ['\\\\?\\unc\\nas\\share\\Proj\\.\\x.mov', '\\\\nas\\share\\Proj\\x.mov'],
  ])('long-path prefix %s → %s', (raw, expected) => {
    expect(normalizeProjectPath(raw)).toBe(expected);
  });

  it('a long path and its short form are the same string', () => {
    expect(normalizeProjectPath('\\\\?\\D:\\Footage\\x.mov')).toBe(normalizeProjectPath('D:\\Footage\\x.mov'));
    expect(normalizeProjectPath('\\\\?\\UNC\\nas\\share\\x.mov')).toBe(normalizeProjectPath('\\\\nas\\share\\x.mov'));
  });

  it('composes NFD names in Windows paths too', () => {
    expect(normalizeProjectPath(`D:\\Footage\\${NFD_NAME}`)).toBe(`D:\\Footage\\${NFC_NAME}`);
  });
});

describe('normalizeProjectPath: not a usable absolute path', () => {
  it.each([
    ['empty', ''],
    ['a synthetic item number', '1112293707'],
    ['relative', 'Footage/x.mov'],
    ['relative with ..', '../Footage/x.mov'],
    ['relative Windows', '..\\Footage\\x.mov'],
    ['drive-relative', 'D:x.mov'],
    ['the root alone', '/'],
    ['a drive alone', 'D:\\'],
    ['a UNC share alone', '\\\\nas\\share'],
    ['a UNC server alone', '\\\\nas'],
    ['a long-path prefix on a volume GUID', '\\\\?\\Volume{1b3b1146-4076-11e1-84aa-806e6f6e6963}\\x.mov'],
    ['climbing above the root', '/Users/../../x.mov'],
    ['climbing above a drive', 'D:\\..\\x.mov'],
    ['leading whitespace', ' /Users/ana/x.mov'],
  ])('%s → null', (_label, raw) => {
    expect(normalizeProjectPath(raw)).toBeNull();
  });
});

describe('resolveRelativePath', () => {
  it.each([
    ['../../Downloads/1. TEASER.mp4', '/Users/sergio/Documents/Adobe/Premiere', '/Users/sergio/Documents/Downloads/1. TEASER.mp4'],
    ['../Lessons/x.mp4', '/Users/f/Tuts/Projects', '/Users/f/Tuts/Lessons/x.mp4'],
    ['x.mp4', '/Users/f/Proj', '/Users/f/Proj/x.mp4'],
    ['./Media/./x.mp4', '/Users/f/Proj', '/Users/f/Proj/Media/x.mp4'],
    ['..\\..\\x.mov', 'D:\\Projects\\Ferry\\Edit', 'D:\\Projects\\x.mov'],
    ['../../x.mov', 'D:\\Projects\\Ferry\\Edit', 'D:\\Projects\\x.mov'],
    ['..\\Media\\x.mov', '\\\\nas\\share\\Ferry\\Edit', '\\\\nas\\share\\Ferry\\Media\\x.mov'],
    ['..\\..\\x.mov', '/Users/ana/Ferry/Edit', '/Users/ana/x.mov'],
    ['../Day 1 /Tom & Jerry.mov', '/Users/ana/Edit', '/Users/ana/Day 1 /Tom & Jerry.mov'],
    ['../Shot 1:2.mov', '/Users/ana/Edit', '/Users/ana/Shot 1:2.mov'],
    ['../a\\b.mov', '/Users/ana/Edit', '/Users/ana/a\\b.mov'],
    ['x.mov', '/', '/x.mov'],
  ])('%s from %s → %s', (relative, folder, expected) => {
    expect(resolveRelativePath(relative, folder)).toBe(expected);
  });

  it('composes NFD names', () => {
    expect(resolveRelativePath(`../${NFD_NAME}`, '/Users/ana/Edit')).toBe(`/Users/ana/${NFC_NAME}`);
  });

  it('normalises a "relative" path that is in fact absolute, ignoring the folder', () => {
    expect(resolveRelativePath('/Volumes/MEDIA/./x.mov', '/Users/ana')).toBe('/Volumes/MEDIA/x.mov');
    expect(resolveRelativePath('\\\\?\\D:\\x.mov', '/Users/ana')).toBe('D:\\x.mov');
  });

  it.each([
    ['climbing above the root', '../../../x.mov', '/Users/ana'],
    ['climbing above a drive', '..\\..\\x.mov', 'D:\\Edit'],
    ['climbing above a UNC share', '..\\..\\x.mov', '\\\\nas\\share\\Edit'],
    ['an empty relative path', '', '/Users/ana'],
    ['naming only a folder above', '..', '/Users'],
    ['a relative project folder', 'x.mov', 'Users/ana'],
  ])('%s → null', (_label, relative, folder) => {
    expect(resolveRelativePath(relative, folder)).toBeNull();
  });
});
