import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { UserError } from '../../../native-helper/errors';
import { readPremiereProject } from '../../../native-helper/readers/premiere/readPremiereProject';
import type { ProjectReading, ReferencedFile } from '../../../src/projects/projectReading';
import { type MediaSpec, syntheticMedia, writePremiereProject } from '../../../native-helper/demo/premiereProjectWriter';
import { makeTempDir, writeFile } from '../../helpers/tempDir';

const FIXTURES = path.resolve(__dirname, '../../fixtures/prproj');
const LESSON_05 = path.join(FIXTURES, 'fgiraffe_PP_Tutorial_Lesson_05.prproj');
const LESSON_15 = path.join(FIXTURES, 'fgiraffe_PP_Lesson_15.prproj');
const SERGEI = path.join(FIXTURES, 'sergeiventurinov_test.prproj');

const NFD = 'Le\u0327e\u0301';
const NFC = 'L\u0229\u00e9';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => (temp = makeTempDir('threefold-prproj-')));
afterEach(() => temp.cleanup());

const mediaOf = (reading: ProjectReading): ReferencedFile[] => reading.files.filter((f) => f.role !== 'project');
const pathsOf = (reading: ProjectReading): string[] => mediaOf(reading).map((f) => f.path);

/** Writes a generated project in the temp folder's `Edit/` and reads it. */
async function readGenerated(media: MediaSpec[], options: { gzip?: boolean; version?: number } = {}): Promise<ProjectReading> {
  const file = await writePremiereProject(path.join(temp.dir, 'Edit', 'Ferry.prproj'), media, options);
  return readPremiereProject(file);
}

/** Expects a UserError whose message names the file and says why. */
async function expectRefusal(file: string, reason: string | RegExp, options?: { maxXmlBytes?: number }): Promise<void> {
  const error = await readPremiereProject(file, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  expect((error as Error).message).toContain(file);
  expect((error as Error).message).toMatch(reason);
}

describe('real projects (vendored fixtures)', () => {
  it.each([
    [LESSON_05, 33, '31 (Premiere Pro CC 2015.4)', 'fgiraffe_PP_Tutorial_Lesson_05'],
    [LESSON_15, 18, '32 (Premiere Pro CC 2017)', 'fgiraffe_PP_Lesson_15'],
    [SERGEI, 2, '38 (Premiere Pro 2020)', 'sergeiventurinov_test'],
  ])('%s: the README counts, the version, the project first', async (file, mediaCount, version, name) => {
    const reading = await readPremiereProject(file);
    expect(reading.kind).toBe('premiere');
    expect(reading.project).toEqual({ name, version });
    expect(reading.files[0]).toEqual({ path: file, role: 'project', clips: [], offline: false, versioned: true });
    expect(reading.files.filter((f) => f.role === 'project')).toHaveLength(1);
    const media = mediaOf(reading);
    expect(media).toHaveLength(mediaCount);
    expect(media.every((f) => f.role === 'media' && !f.versioned)).toBe(true);
    expect(new Set(media.map((f) => f.path)).size).toBe(mediaCount);
  });

  it('sergeiventurinov: the two named media, and its synthetic item counted', async () => {
    const reading = await readPremiereProject(SERGEI);
    expect(pathsOf(reading)).toEqual(['/Users/sergioventurini/Downloads/1. TEASER.mp4', '/Users/sergioventurini/Downloads/Obertura 1.wav']);
    expect(mediaOf(reading).map((f) => f.clips)).toEqual([['1. TEASER.mp4'], ['Obertura 1.wav']]);
    expect(reading.warnings).toEqual(['1 synthetic item (titles, bars, black video) skipped: it is not a file']);
  });

  it('Lesson 15: the NFD name comes out NFC, no /./ segments, 3 synthetic items counted', async () => {
    const reading = await readPremiereProject(LESSON_15);
    const paths = pathsOf(reading);
    expect(paths).toContain(`/Users/fgiraffe/Premiere Pro Tuts/Lessons/Frank GoPro file with ${NFC} fun characters in name.MP4`);
    expect(paths.every((p) => p === p.normalize('NFC'))).toBe(true);
    expect(
      mediaOf(reading)
        .flatMap((f) => f.clips)
        .every((c) => c === c.normalize('NFC')),
    ).toBe(true);
    expect(paths.filter((p) => p.includes('/./'))).toEqual([]);
    expect(paths).toContain('/Users/fgiraffe/Premiere Pro Tuts/Lessons/Assets/Video and Audio Files/DVCPro NEW/CONTENTS/VIDEO/00015T.MXF');
    expect(reading.warnings).toEqual(['3 synthetic items (titles, bars, black video) skipped: they are not files']);
  });

  it('Lesson 05: the layered PSD is one file with several clip names; nothing skipped', async () => {
    const reading = await readPremiereProject(LESSON_05);
    const psd = mediaOf(reading).find((f) => f.path === '/Volumes/MEDIA/Lessons/Assets/Graphics/Theft_Unexpected_Layered.psd');
    expect(psd?.clips).toEqual(['Background/Theft_Unexpected_Layered.psd', 'Stroke/Theft_Unexpected_Layered.psd', 'unexpected/Theft_Unexpected_Layered.psd']);
    // Only one of the three elements using this file was offline when saved: the file is not.
    expect(psd?.offline).toBe(false);
    expect(reading.warnings).toEqual([]);
  });

  it.each([LESSON_05, LESSON_15, SERGEI])('%s: no media cache path (.cfa, .pek) is listed', async (file) => {
    const paths = pathsOf(await readPremiereProject(file));
    expect(paths.filter((p) => /\.(cfa|pek)$/i.test(p) || /Media Cache/i.test(p))).toEqual([]);
  });
});

describe('generated projects: path forms', () => {
  it('Windows drive, UNC and \\\\?\\ long-path forms; a long form merges with its short form', async () => {
    const reading = await readGenerated([
      { actualMediaFilePath: 'D:\\Footage\\Day 1\\A001.mov', title: 'A001' },
      { actualMediaFilePath: '\\\\nas\\share\\Ferry\\B001.mov', title: 'B001' },
      { actualMediaFilePath: '\\\\?\\D:\\Footage\\Day 1\\.\\A001.mov', title: 'A001 long' },
      { actualMediaFilePath: '\\\\?\\UNC\\nas\\share\\Ferry\\B001.mov', title: 'B001 long' },
      { actualMediaFilePath: 'e:\\Music\\\\score.wav', title: 'score' },
    ]);
    expect(mediaOf(reading).map((f) => [f.path, f.clips])).toEqual([
      ['D:\\Footage\\Day 1\\A001.mov', ['A001', 'A001 long']],
      ['\\\\nas\\share\\Ferry\\B001.mov', ['B001', 'B001 long']],
      ['E:\\Music\\score.wav', ['score']],
    ]);
  });

  it('NFD paths come out NFC and merge with their NFC spelling', async () => {
    const reading = await readGenerated([
      { actualMediaFilePath: `/Volumes/MEDIA/${NFD}.mov`, title: `${NFD} clip` },
      { actualMediaFilePath: `/Volumes/MEDIA/${NFC}.mov`, title: 'second' },
    ]);
    expect(mediaOf(reading).map((f) => [f.path, f.clips])).toEqual([[`/Volumes/MEDIA/${NFC}.mov`, [`${NFC} clip`, 'second']]]);
  });

  it('keeps ":" in a macOS name, folders ending in a space, and "&" (written &amp;) exactly', async () => {
    const names = ['/Volumes/MEDIA/Shot 1:2.mov', '/Volumes/MEDIA/Day 1 /A001.mov', '/Volumes/MEDIA/Tom & Jerry <final>.mov'];
    const reading = await readGenerated(names.map((p) => ({ actualMediaFilePath: p, title: path.posix.basename(p) })));
    expect(pathsOf(reading)).toEqual(names);
    expect(mediaOf(reading)[2].clips).toEqual(['Tom & Jerry <final>.mov']);
  });

  it('reads a plain (uncompressed) XML project, as CS6 wrote them', async () => {
    const reading = await readGenerated([{ actualMediaFilePath: '/Volumes/MEDIA/x.mov', title: 'x' }], { gzip: false, version: 99 });
    expect(pathsOf(reading)).toEqual(['/Volumes/MEDIA/x.mov']);
    expect(reading.project.version).toBe('99');
  });

  it('reads a gzip project followed by stray bytes (gunzip stops at the end of the member)', async () => {
    const file = path.join(temp.dir, 'Trailing.prproj');
    await writePremiereProject(file, [{ actualMediaFilePath: '/Volumes/MEDIA/x.mov', title: 'x' }]);
    fs.appendFileSync(file, Buffer.from([0, 0, 0]));
    expect(pathsOf(await readPremiereProject(file))).toEqual(['/Volumes/MEDIA/x.mov']);
  });
});

describe('generated projects: what each element stands for', () => {
  it('offline items are reported, marked offline', async () => {
    const reading = await readGenerated([
      { actualMediaFilePath: '/Volumes/GONE/x.mov', offlineReason: 6 },
      { actualMediaFilePath: '/Volumes/MEDIA/y.mov', offlineReason: 0 },
    ]);
    expect(mediaOf(reading).map((f) => [f.path, f.offline])).toEqual([
      ['/Volumes/GONE/x.mov', true],
      ['/Volumes/MEDIA/y.mov', false],
    ]);
  });

  it('proxies (IsProxy true) have the proxy role', async () => {
    const reading = await readGenerated([
      { actualMediaFilePath: '/Volumes/MEDIA/A001.mov', isProxy: false },
      { actualMediaFilePath: '/Volumes/MEDIA/Proxies/A001_Proxy.mov', isProxy: true },
    ]);
    expect(mediaOf(reading).map((f) => [f.path, f.role])).toEqual([
      ['/Volumes/MEDIA/A001.mov', 'media'],
      ['/Volumes/MEDIA/Proxies/A001_Proxy.mov', 'proxy'],
    ]);
  });

  it('prefers the candidate that exists: RelativePath when the recorded paths are gone, then FilePath', async () => {
    const moved = writeFile(path.join(temp.dir, 'Media', 'moved.mov'), 'x');
    const recorded = writeFile(path.join(temp.dir, 'Other', 'recorded.mov'), 'x');
    const reading = await readGenerated([
      { actualMediaFilePath: '/Volumes/GONE/moved.mov', filePath: '/Volumes/GONE/old/moved.mov', relativePath: '../Media/moved.mov' },
      { actualMediaFilePath: '/Volumes/GONE/recorded.mov', filePath: recorded, relativePath: '../Media/nothing.mov' },
      { actualMediaFilePath: '/Volumes/GONE/lost.mov', filePath: '/Volumes/GONE/old/lost.mov', relativePath: '../Media/lost.mov' },
      // A Windows path is never looked up here; its Windows-style RelativePath finds the moved file.
      { actualMediaFilePath: 'D:\\Gone\\win.mov', relativePath: '..\\Media\\moved.mov', title: 'from Windows' },
    ]);
    expect(pathsOf(reading)).toEqual([moved, recorded, '/Volumes/GONE/lost.mov']);
    expect(mediaOf(reading)[0].clips).toEqual(['from Windows']);
  });

  it('a layered PSD: several <Media> with one file give one entry with each layer name', async () => {
    const psd = '/Volumes/MEDIA/Graphics/Title.psd';
    const reading = await readGenerated(
      ['Background/Title.psd', 'Stroke/Title.psd', 'Text/Title.psd', 'Stroke/Title.psd'].map((title) => ({ actualMediaFilePath: psd, title })),
    );
    expect(mediaOf(reading)).toEqual([
      { path: psd, role: 'media', clips: ['Background/Title.psd', 'Stroke/Title.psd', 'Text/Title.psd'], offline: false, versioned: false },
    ]);
  });

  it('counts only <Media> directly under <PremiereData>, not the nested ones', async () => {
    const reading = await readGenerated([
      { actualMediaFilePath: '/Volumes/MEDIA/top.mov' },
      { actualMediaFilePath: '/Volumes/MEDIA/nested.mov', nestedIn: 'ClipProjectItem' },
    ]);
    expect(pathsOf(reading)).toEqual(['/Volumes/MEDIA/top.mov']);
  });

  it('skips synthetic items and media cache files, and counts them in the warnings', async () => {
    const reading = await readGenerated([
      syntheticMedia('Black Video'),
      syntheticMedia('Bars and Tone'),
      { actualMediaFilePath: '/Users/ana/Library/Application Support/Adobe/Common/Media Cache Files/x.mov 48000.cfa' },
      { actualMediaFilePath: '/Volumes/FAST/Media Cache/x.mov.pek' },
      { actualMediaFilePath: '/Volumes/MEDIA/x.mov' },
      { title: 'no path at all' },
    ]);
    expect(pathsOf(reading)).toEqual(['/Volumes/MEDIA/x.mov']);
    expect(reading.warnings).toEqual([
      '2 synthetic items (titles, bars, black video) skipped: they are not files',
      '2 media cache files skipped: Premiere regenerates them',
      '1 media item skipped: no usable file path recorded',
    ]);
  });

  it('reads 100,000 media', async () => {
    const media = Array.from({ length: 100_000 }, (_, i): MediaSpec => {
      const name = `clip-${String(i).padStart(6, '0')}.mov`;
      return { actualMediaFilePath: `/Volumes/MEDIA/${name}`, relativePath: `../Media/${name}`, title: name };
    });
    const reading = await readGenerated(media);
    expect(mediaOf(reading)).toHaveLength(100_000);
    expect(mediaOf(reading)[99_999].path).toBe('/Volumes/MEDIA/clip-099999.mov');
  });
});

describe('bad input is refused with a clear reason', () => {
  it('a missing file', async () => {
    await expectRefusal(path.join(temp.dir, 'nowhere.prproj'), /cannot read the project: no such file or folder/);
  });

  it('a folder', async () => {
    const folder = path.join(temp.dir, 'Folder.prproj');
    fs.mkdirSync(folder);
    await expectRefusal(folder, /not a project file/);
  });

  it('an empty file', async () => {
    await expectRefusal(writeFile(path.join(temp.dir, 'empty.prproj'), ''), /the file is empty/);
  });

  it('a truncated gzip', async () => {
    const bytes = fs.readFileSync(SERGEI);
    const file = writeFile(path.join(temp.dir, 'truncated.prproj'), bytes.subarray(0, bytes.length / 2));
    await expectRefusal(file, /the compressed project is truncated or damaged/);
  });

  it('a damaged gzip header', async () => {
    const bytes = Buffer.from(fs.readFileSync(SERGEI));
    bytes[2] = 0x07; // compression method: only 8 (deflate) exists
    await expectRefusal(writeFile(path.join(temp.dir, 'damaged.prproj'), bytes), /the compressed project is truncated or damaged/);
  });

  it.each([
    ['an unclosed element', '<?xml version="1.0"?>\n<PremiereData Version="3">\n\t<Media>\n</PremiereData>\n', /not well-formed XML at line 4/],
    ['a truncated document', '<?xml version="1.0"?>\n<PremiereData Version="3">\n\t<Media><FilePath>/x', /not well-formed XML at line \d+.*unclosed tag/],
    [
      'text that is not XML',
      'this is not a project\n',
      /damaged or not a Premiere Pro project: not well-formed XML at line 2, column 0 \(text data outside of root node\)/,
    ],
    ['an undefined entity', '<PremiereData><Media><FilePath>/x/&lol;.mov</FilePath></Media></PremiereData>', /not well-formed XML at line 1.*undefined entity/],
  ])('malformed XML: %s', async (_label, xml, reason) => {
    await expectRefusal(writeFile(path.join(temp.dir, 'malformed.prproj'), zlib.gzipSync(xml)), reason);
  });

  it.each([
    [
      'a billion-laughs bomb',
      '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n' +
        Array.from({ length: 9 }, (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">\n`).join('') +
        ']>\n<PremiereData><Media><FilePath>/x/&lol9;.mov</FilePath></Media></PremiereData>\n',
    ],
    [
      'an external entity',
      '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<PremiereData><Media><Title>&e;</Title></Media></PremiereData>\n',
    ],
    ['a plain DOCTYPE', '<!DOCTYPE PremiereData>\n<PremiereData/>\n'],
  ])('a DOCTYPE: %s', async (_label, xml) => {
    await expectRefusal(writeFile(path.join(temp.dir, 'doctype.prproj'), zlib.gzipSync(xml)), /refused, it declares a DOCTYPE/);
  });

  it('XML that is not a Premiere project', async () => {
    const file = writeFile(path.join(temp.dir, 'other.prproj'), zlib.gzipSync('<?xml version="1.0"?>\n<fcpxml version="1.9"><resources/></fcpxml>\n'));
    await expectRefusal(file, /not a Premiere Pro project \(its XML root is <fcpxml>, not <PremiereData>\)/);
  });

  describe('a gzip bomb: well-formed XML that decompresses to 1 GiB', () => {
    let bombDir: ReturnType<typeof makeTempDir>;
    let bomb: string;
    beforeAll(async () => {
      bombDir = makeTempDir('threefold-bomb-');
      bomb = path.join(bombDir.dir, 'bomb.prproj');
      await writeGzipBomb(bomb, 1024);
    });
    afterAll(() => bombDir.cleanup());

    it('is refused as soon as it passes the given limit', async () => {
      await expectRefusal(
        bomb,
        /not a project Threefold can read: its XML is larger than 16\.8 MB \(the limit is 100 times the file's size, at least 16\.8 MB, at most 1\.1 GB\): a damaged file or a gzip bomb/,
        { maxXmlBytes: 16 * 1024 * 1024 },
      );
    });

    it('is refused under the default limit, memory staying flat', async () => {
      const rssBefore = process.memoryUsage().rss;
      await expectRefusal(bomb, /not a project Threefold can read: its XML is larger than 469 MB \(the limit is 100 times the file's size/);
      // Holding the 512 MiB of text read so far would add at least that much.
      expect(process.memoryUsage().rss - rssBefore).toBeLessThan(256 * 1024 * 1024);
    });
  });
});

/** `<PremiereData>` holding `mebibytes` MiB of spaces, gzip-compressed while written (level 1: fast to write). */
async function writeGzipBomb(file: string, mebibytes: number): Promise<void> {
  const spaces = Buffer.alloc(1024 * 1024, 0x20);
  function* xml(): Generator<Buffer> {
    yield Buffer.from('<?xml version="1.0" encoding="UTF-8" ?>\n<PremiereData Version="3">');
    for (let i = 0; i < mebibytes; i++) yield spaces;
    yield Buffer.from('</PremiereData>\n');
  }
  await pipeline(Readable.from(xml()), zlib.createGzip({ level: 1 }), fs.createWriteStream(file));
}
