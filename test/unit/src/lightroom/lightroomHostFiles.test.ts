import { newestBackupFolder, xmpSidecarPath } from '../../../../src/projects/lightroom/lightroomHostFiles';

describe('xmpSidecarPath', () => {
  it('names the XMP beside an original as the catalog reader does: the base name with .xmp', () => {
    expect(xmpSidecarPath('/Volumes/Photos/2026/DSC_0001.NEF')).toBe('/Volumes/Photos/2026/DSC_0001.xmp');
    expect(xmpSidecarPath('/p/archive.tar.dng')).toBe('/p/archive.tar.xmp');
    // NFC, as every reader's paths.
    expect(xmpSidecarPath('/p/Plage a\u0300 mare\u0301e.CR3')).toBe('/p/Plage \u00e0 mar\u00e9e.xmp');
  });

  it('keeps the separators of Windows paths, drive letters and UNC shares alike', () => {
    expect(xmpSidecarPath('C:\\Users\\ana\\Pictures\\IMG_1.CR2')).toBe('C:\\Users\\ana\\Pictures\\IMG_1.xmp');
    expect(xmpSidecarPath('\\\\nas\\photos\\IMG_2.ARW')).toBe('\\\\nas\\photos\\IMG_2.xmp');
  });

  it('has none for a file without an extension, a dot file, or an XMP itself', () => {
    expect(xmpSidecarPath('/p/README')).toBeNull();
    expect(xmpSidecarPath('/p/.hidden')).toBeNull();
    expect(xmpSidecarPath('/p/IMG_1.XMP')).toBeNull();
  });
});

describe('newestBackupFolder', () => {
  it('is the latest of the folders Lightroom names by date and time, ignoring anything else', () => {
    expect(newestBackupFolder(['2025-12-31 2359', '2026-04-12 1830', '2026-04-12 0915', '.DS_Store', 'zzz', '2026-13'])).toBe('2026-04-12 1830');
    expect(newestBackupFolder(['notes.txt'])).toBeNull();
    expect(newestBackupFolder([])).toBeNull();
  });
});
