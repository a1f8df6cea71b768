import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../../../native-helper/errors';
import { readLightroomCatalog } from '../../../native-helper/readers/lightroom/readLightroomCatalog';
import { SqliteDatabase } from '../../../native-helper/sqlite/sqliteDatabase';
import { buildLightroomCatalog, type BuiltCatalog, type CatalogPhotoSpec } from '../../helpers/lightroomCatalogBuilder';
import { makeTempDir, pseudoRandomBytes, writeFile } from '../../helpers/tempDir';
import { listFiles } from '../../helpers/workspace';

const BUSY = 'Lightroom Classic has this catalog open: its originals are protected now, the catalog itself once Lightroom quits';

let temp: ReturnType<typeof makeTempDir>;
let catalogFolder: string;
const openCatalogs: BuiltCatalog[] = [];
beforeEach(() => {
  temp = makeTempDir();
  catalogFolder = path.join(temp.dir, 'Lightroom');
});
afterEach(() => {
  for (const c of openCatalogs.splice(0)) c.close();
  temp.cleanup();
});

const photo = (baseName: string, extra: Partial<CatalogPhotoSpec> = {}): CatalogPhotoSpec => ({
  root: '/Users/me/Pictures/',
  folder: '2024/Trip/',
  baseName,
  extension: 'CR2',
  ...extra,
});

const build = (spec: Parameters<typeof buildLightroomCatalog>[1]): string => {
  const built = buildLightroomCatalog(catalogFolder, spec);
  openCatalogs.push(built);
  return built.path;
};

/** The names of the folder's files, and the bytes of the catalog and its -wal, to prove a read changed nothing. */
function liveState(catalog: string): { names: string[]; catalog: Buffer; wal: Buffer | null } {
  const wal = `${catalog}-wal`;
  return { names: listFiles(path.dirname(catalog)), catalog: fs.readFileSync(catalog), wal: fs.existsSync(wal) ? fs.readFileSync(wal) : null };
}

const tempCopies = (): string[] => fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('threefold-lrcat-'));

describe('readLightroomCatalog: photos', () => {
  it('a Lightroom Classic 11 catalog: the catalog first, then each original with its sidecars', async () => {
    const catalog = build({
      name: 'My Catalog',
      dbVersion: '1100000',
      photos: [
        photo('IMG_1', { sidecarExtensions: 'JPG,xmp' }),
        photo('IMG_2', { folder: '', extension: 'jpg' }),
        photo('DSC_3', { root: '/Volumes/PHOTO/', folder: 'a/b/', extension: 'NEF', sidecarExtensions: 'xmp' }),
      ],
    });
    const reading = await readLightroomCatalog(catalog);
    expect(reading.kind).toBe('lightroom');
    expect(reading.project).toEqual({ name: 'My Catalog', version: '1100000 (Lightroom Classic 11)' });
    expect(reading.files).toEqual([
      { path: catalog, role: 'catalog', clips: [], offline: false, versioned: true },
      { path: '/Users/me/Pictures/2024/Trip/IMG_1.CR2', role: 'media', clips: ['IMG_1.CR2'], offline: false, versioned: false },
      { path: '/Users/me/Pictures/IMG_2.jpg', role: 'media', clips: ['IMG_2.jpg'], offline: false, versioned: false },
      { path: '/Volumes/PHOTO/a/b/DSC_3.NEF', role: 'media', clips: ['DSC_3.NEF'], offline: false, versioned: false },
      { path: '/Users/me/Pictures/2024/Trip/IMG_1.JPG', role: 'sidecar', clips: ['IMG_1.CR2'], offline: false, versioned: false },
      { path: '/Users/me/Pictures/2024/Trip/IMG_1.xmp', role: 'sidecar', clips: ['IMG_1.CR2'], offline: false, versioned: false },
      { path: '/Volumes/PHOTO/a/b/DSC_3.xmp', role: 'sidecar', clips: ['DSC_3.NEF'], offline: false, versioned: false },
    ]);
    expect(reading.warnings).toEqual([]);
  });

  it('an old catalog (0700003) without the sidecarExtensions column: originals only', async () => {
    const catalog = build({ dbVersion: '0700003', photos: [photo('IMG_1', { sidecarExtensions: 'xmp' })] });
    const reading = await readLightroomCatalog(catalog);
    expect(reading.project.version).toBe('0700003 (Lightroom Classic 7)');
    expect(reading.files.map((f) => [f.path, f.role])).toEqual([
      [catalog, 'catalog'],
      ['/Users/me/Pictures/2024/Trip/IMG_1.CR2', 'media'],
    ]);
  });

  it('an unknown version form is kept as it is; a catalog without a version has none', async () => {
    expect((await readLightroomCatalog(build({ name: 'a', dbVersion: 'future' }))).project.version).toBe('future');
    expect((await readLightroomCatalog(build({ name: 'b', dbVersion: null }))).project.version).toBeNull();
  });

  it('a catalog made on Windows: backslashes, from roots like C:/Users/me/Pictures/', async () => {
    const catalog = build({
      photos: [
        photo('IMG_1', { root: 'C:/Users/me/Pictures/', sidecarExtensions: 'xmp' }),
        photo('IMG_2', { root: 'D:/', folder: '' }),
        photo('IMG_3', { root: '//nas/photos/', folder: '2024/' }),
      ],
    });
    const reading = await readLightroomCatalog(catalog);
    expect(reading.files.slice(1).map((f) => f.path)).toEqual([
      'C:\\Users\\me\\Pictures\\2024\\Trip\\IMG_1.CR2',
      'D:\\IMG_2.CR2',
      '\\\\nas\\photos\\2024\\IMG_3.CR2',
      'C:\\Users\\me\\Pictures\\2024\\Trip\\IMG_1.xmp',
    ]);
  });

  it('virtual copies share their master file: one entry, their names as clips, no repeats', async () => {
    const catalog = build({ photos: [photo('IMG_1', { virtualCopies: ['Copy 1', 'B&W', 'Copy 1', null, ' '] }), photo('IMG_2')] });
    const reading = await readLightroomCatalog(catalog);
    expect(reading.files.slice(1).map((f) => [f.path, f.clips])).toEqual([
      ['/Users/me/Pictures/2024/Trip/IMG_1.CR2', ['IMG_1.CR2', 'IMG_1.CR2 (Copy 1)', 'IMG_1.CR2 (B&W)']],
      ['/Users/me/Pictures/2024/Trip/IMG_2.CR2', ['IMG_2.CR2']],
    ]);
  });

  it('sidecar extensions: trimmed, blanks ignored, case-insensitive duplicates once', async () => {
    const catalog = build({ photos: [photo('IMG_1', { sidecarExtensions: ' xmp ,, XMP,JPG,' })] });
    const reading = await readLightroomCatalog(catalog);
    expect(reading.files.filter((f) => f.role === 'sidecar').map((f) => f.path)).toEqual([
      '/Users/me/Pictures/2024/Trip/IMG_1.xmp',
      '/Users/me/Pictures/2024/Trip/IMG_1.JPG',
    ]);
  });

  it("a file that is both an original and another photo's sidecar is reported once, as an original", async () => {
    const catalog = build({ photos: [photo('IMG_1', { sidecarExtensions: 'JPG' }), photo('IMG_1', { extension: 'JPG' })] });
    const reading = await readLightroomCatalog(catalog);
    expect(reading.files.slice(1).map((f) => [f.path, f.role, f.clips])).toEqual([
      ['/Users/me/Pictures/2024/Trip/IMG_1.CR2', 'media', ['IMG_1.CR2']],
      ['/Users/me/Pictures/2024/Trip/IMG_1.JPG', 'media', ['IMG_1.JPG', 'IMG_1.CR2']],
    ]);
  });

  it('decomposed Unicode (as macOS writes it) comes back NFC', async () => {
    const catalog = build({
      photos: [photo('Cafe\u0301', { root: '/Users/Jose\u0301/', folder: 'Mu\u0308nchen/', sidecarExtensions: 'xmp', virtualCopies: ['Re\u0301sume\u0301'] })],
    });
    const reading = await readLightroomCatalog(catalog);
    expect(reading.files.slice(1).map((f) => [f.path, f.clips])).toEqual([
      ['/Users/Jos\u00e9/M\u00fcnchen/Caf\u00e9.CR2', ['Caf\u00e9.CR2', 'Caf\u00e9.CR2 (R\u00e9sum\u00e9)']],
      ['/Users/Jos\u00e9/M\u00fcnchen/Caf\u00e9.xmp', ['Caf\u00e9.CR2', 'Caf\u00e9.CR2 (R\u00e9sum\u00e9)']],
    ]);
  });

  it('a catalog with no photos gives just the catalog', async () => {
    const catalog = build({});
    const reading = await readLightroomCatalog(catalog);
    expect(reading.files).toEqual([{ path: catalog, role: 'catalog', clips: [], offline: false, versioned: true }]);
    expect(reading.warnings).toEqual([]);
  });

  it('photos whose file, folder or root row is missing are counted in a warning', async () => {
    const catalog = build({ photos: [photo('IMG_1'), photo('IMG_2', { folder: 'Gone/' }), photo('IMG_3', { root: '/Gone/' })] });
    const db = new SqliteDatabase(catalog);
    db.exec(`DELETE FROM AgLibraryFolder WHERE pathFromRoot = 'Gone/'; DELETE FROM AgLibraryRootFolder WHERE absolutePath = '/Gone/';
      INSERT INTO Adobe_images (id_global, rootFile) VALUES ('orphan', 999)`);
    db.close();
    const reading = await readLightroomCatalog(catalog);
    expect(reading.files.slice(1).map((f) => f.path)).toEqual(['/Users/me/Pictures/2024/Trip/IMG_1.CR2']);
    expect(reading.warnings).toEqual(['3 photos skipped: the catalog does not record where the file is']);
  });

  it('a relative catalog path is made absolute; the name drops .lrcat in any case', async () => {
    const catalog = build({ name: 'Upper' });
    const upper = path.join(catalogFolder, 'Upper.LRCAT');
    fs.renameSync(catalog, upper);
    const reading = await readLightroomCatalog(path.relative(process.cwd(), upper));
    expect(reading.project.name).toBe('Upper');
    expect(reading.files[0]!.path).toBe(upper);
  });
});

describe('readLightroomCatalog: never touches the live catalog', () => {
  it('reads committed rows that are only in the -wal file, and the live folder and bytes stay as they were', async () => {
    const catalog = build({ photos: [photo('IMG_1')], walOnlyPhotos: [photo('IMG_2', { sidecarExtensions: 'xmp' }), photo('IMG_3')] });
    // The setup is right: the .lrcat alone lacks the rows the -wal holds.
    const mainOnly = path.join(temp.dir, 'main-only.lrcat');
    fs.copyFileSync(catalog, mainOnly);
    const db = new SqliteDatabase(mainOnly, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM Adobe_images').pluck().get()).toBe(1);
    db.close();
    expect(fs.statSync(`${catalog}-wal`).size).toBeGreaterThan(0);

    const before = liveState(catalog);
    expect(before.names).toEqual(['Photos.lrcat', 'Photos.lrcat-shm', 'Photos.lrcat-wal']);
    const reading = await readLightroomCatalog(catalog);
    expect(reading.files.slice(1).map((f) => f.path)).toEqual([
      '/Users/me/Pictures/2024/Trip/IMG_1.CR2',
      '/Users/me/Pictures/2024/Trip/IMG_2.CR2',
      '/Users/me/Pictures/2024/Trip/IMG_3.CR2',
      '/Users/me/Pictures/2024/Trip/IMG_2.xmp',
    ]);
    expect(liveState(catalog)).toEqual(before);
  });

  it.each(['delete', 'wal'] as const)('a catalog closed in %s journal mode gains no -wal or -shm beside it', async (journal) => {
    const catalog = build({ journal, photos: [photo('IMG_1')] });
    const before = liveState(catalog);
    expect(before.names).toEqual(['Photos.lrcat']);
    await readLightroomCatalog(catalog);
    expect(liveState(catalog)).toEqual(before);
  });

  it('removes its temp copy, after a read and after a failure', async () => {
    const before = tempCopies();
    await readLightroomCatalog(build({ photos: [photo('IMG_1')] }));
    const bad = writeFile(path.join(temp.dir, 'bad.lrcat'), 'SQLite format 3\0 but not really');
    await expect(readLightroomCatalog(bad)).rejects.toThrow(UserError);
    // Other test files read catalogs at the same time: their copies come and go; one of ours would stay.
    const deadline = Date.now() + 10_000;
    while (tempCopies().some((n) => !before.includes(n)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(tempCopies().filter((n) => !before.includes(n))).toEqual([]);
  });
});

describe('readLightroomCatalog: folders beside the catalog', () => {
  it('.lrcat-data and Mobile Downloads.lrdata are included; previews, helper, sync and backups are not', async () => {
    const catalog = build({ photos: [photo('IMG_1')] });
    writeFile(path.join(catalogFolder, 'Photos.lrcat-data', 'masks', 'm1.bin'), 'mask');
    writeFile(path.join(catalogFolder, 'Mobile Downloads.lrdata', 'phone', 'IMG_9.HEIC'), 'phone photo');
    for (const skipped of ['Photos Previews.lrdata', 'Photos Smart Previews.lrdata', 'Photos Helper.lrdata', 'Photos Sync.lrdata', 'Backups']) {
      writeFile(path.join(catalogFolder, skipped, 'x.db'), 'x');
    }
    const reading = await readLightroomCatalog(catalog);
    expect(reading.files.map((f) => [f.path, f.role, f.versioned])).toEqual([
      [catalog, 'catalog', true],
      [path.join(catalogFolder, 'Photos.lrcat-data', 'masks', 'm1.bin'), 'catalog', false],
      [path.join(catalogFolder, 'Mobile Downloads.lrdata', 'phone', 'IMG_9.HEIC'), 'media', false],
      ['/Users/me/Pictures/2024/Trip/IMG_1.CR2', 'media', false],
    ]);
  });

  it('previews and smart previews only with includePreviews, after everything else', async () => {
    const catalog = build({ photos: [photo('IMG_1')] });
    const preview = writeFile(path.join(catalogFolder, 'Photos Previews.lrdata', '0', 'p.lrprev'), 'p');
    const smart = writeFile(path.join(catalogFolder, 'Photos Smart Previews.lrdata', '0', 's.dng'), 's');
    writeFile(path.join(catalogFolder, 'Other Previews.lrdata', 'o.lrprev'), 'another catalog');
    const reading = await readLightroomCatalog(catalog, { includePreviews: true });
    expect(reading.files.map((f) => [f.path, f.role])).toEqual([
      [catalog, 'catalog'],
      ['/Users/me/Pictures/2024/Trip/IMG_1.CR2', 'media'],
      [preview, 'catalog'],
      [smart, 'catalog'],
    ]);
    expect((await readLightroomCatalog(catalog, { includePreviews: false })).files).toHaveLength(2);
  });

  it('a photo kept in Mobile Downloads.lrdata is one entry with its photo name', async () => {
    const mobile = path.join(catalogFolder, 'Mobile Downloads.lrdata');
    const catalog = build({ photos: [photo('IMG_9', { root: `${mobile}/`, folder: '', extension: 'HEIC' })] });
    writeFile(path.join(mobile, 'IMG_9.HEIC'), 'phone photo');
    const reading = await readLightroomCatalog(catalog);
    expect(reading.files.slice(1)).toEqual([{ path: path.join(mobile, 'IMG_9.HEIC'), role: 'media', clips: ['IMG_9.HEIC'], offline: false, versioned: false }]);
  });

  it('a link loop inside a companion folder becomes a warning', async () => {
    const catalog = build({});
    const data = path.join(catalogFolder, 'Photos.lrcat-data');
    writeFile(path.join(data, 'a.bin'), 'a');
    fs.symlinkSync(data, path.join(data, 'loop'));
    const reading = await readLightroomCatalog(catalog);
    expect(reading.files.map((f) => path.basename(f.path))).toEqual(['Photos.lrcat', 'a.bin']);
    expect(reading.warnings).toEqual([expect.stringMatching(/loop: skipped/)]);
  });
});

describe('readLightroomCatalog: the lock file', () => {
  it('a lock naming a live process (this one) makes the catalog busy, not the originals', async () => {
    const catalog = build({ photos: [photo('IMG_1')], lockPid: process.pid });
    const reading = await readLightroomCatalog(catalog);
    expect(reading.files[0]).toEqual({ path: catalog, role: 'catalog', clips: [], offline: false, versioned: true, busy: BUSY });
    expect(reading.files[1]!.busy).toBeUndefined();
    expect(reading.warnings).toEqual([
      `${catalog}: Lightroom Classic has this catalog open (process ${process.pid}): it was read from a copy and will be protected once Lightroom quits`,
    ]);
  });

  it('a lock naming a process that has ended is stale: a warning, the catalog not busy', async () => {
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid!;
    const catalog = build({ lockPid: deadPid });
    const reading = await readLightroomCatalog(catalog);
    expect(reading.files[0]!.busy).toBeUndefined();
    expect(reading.warnings).toEqual([`${catalog}.lock: stale lock found (process ${deadPid} is not running): the catalog is not in use`]);
  });

  it('a lock with no PID is stale, though its app path holds digits', async () => {
    const catalog = build({ lockPid: null });
    const reading = await readLightroomCatalog(catalog, { isProcessAlive: () => true });
    expect(reading.files[0]!.busy).toBeUndefined();
    expect(reading.warnings).toEqual([expect.stringContaining('stale lock found (it names no process)')]);
  });

  it.each([
    'C:\\Program Files\\Adobe\\Adobe Lightroom Classic 2024\\Lightroom.exe\r\n4242\r\n',
    '/Applications/Adobe Lightroom Classic 2024.app 4242',
    'app=Lightroom 6\npid=4242\n',
  ])('the PID is the last number outside the app path (%p), checked with the given isProcessAlive', async (lockText) => {
    const catalog = build({});
    fs.writeFileSync(`${catalog}.lock`, lockText);
    const asked: number[] = [];
    const reading = await readLightroomCatalog(catalog, {
      isProcessAlive: (pid) => {
        asked.push(pid);
        return pid === 4242;
      },
    });
    expect(asked).toEqual([4242]);
    expect(reading.files[0]!.busy).toBe(BUSY);
  });

  it('a lock written as UTF-16 still gives its PID', async () => {
    const catalog = build({});
    fs.writeFileSync(`${catalog}.lock`, Buffer.from('Lightroom.exe\n4242\n', 'utf16le'));
    const reading = await readLightroomCatalog(catalog, { isProcessAlive: (pid) => pid === 4242 });
    expect(reading.files[0]!.busy).toBe(BUSY);
  });

  it('PID 0 (which would signal our own process group) is not a PID', async () => {
    const catalog = build({ lockPid: 0 });
    const asked: number[] = [];
    await readLightroomCatalog(catalog, {
      isProcessAlive: (pid) => {
        asked.push(pid);
        return true;
      },
    });
    expect(asked).toEqual([]);
  });

  it('a lock that cannot be read is treated as open', async () => {
    const catalog = build({});
    fs.mkdirSync(`${catalog}.lock`);
    const reading = await readLightroomCatalog(catalog);
    expect(reading.files[0]!.busy).toBe(BUSY);
    expect(reading.warnings).toEqual([expect.stringContaining('cannot read this lock file')]);
  });
});

describe('readLightroomCatalog: bad input is a UserError naming the catalog', () => {
  const expectUserError = async (catalog: string, message: RegExp): Promise<void> => {
    const failure = readLightroomCatalog(catalog);
    await expect(failure).rejects.toThrow(UserError);
    await expect(failure).rejects.toThrow(message);
    await expect(failure).rejects.toThrow(catalog);
  };

  it('a missing file', async () => {
    await expectUserError(path.join(temp.dir, 'Nope.lrcat'), /cannot read this Lightroom catalog: no such file or folder/);
  });

  it('a folder', async () => {
    fs.mkdirSync(path.join(temp.dir, 'Folder.lrcat'));
    await expectUserError(path.join(temp.dir, 'Folder.lrcat'), /is not a Lightroom catalog \(not a file\)/);
  });

  it.each([
    ['a text file', 'just some text\n'],
    ['random bytes', pseudoRandomBytes(64 * 1024, 7)],
    ['an empty file', ''],
  ])('%s', async (_, content) => {
    const file = writeFile(path.join(temp.dir, 'Bad.lrcat'), content);
    await expectUserError(file, /is not a Lightroom catalog \(not an SQLite database\)/);
  });

  it('an SQLite database of something else', async () => {
    const file = path.join(temp.dir, 'Other.lrcat');
    const db = new SqliteDatabase(file);
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text)');
    db.close();
    await expectUserError(file, /is not a Lightroom catalog \(an SQLite database without Lightroom's tables\)/);
  });

  it('a truncated catalog is damaged', async () => {
    const catalog = build({ photos: Array.from({ length: 300 }, (_, i) => photo(`IMG_${i}`, { sidecarExtensions: 'xmp' })) });
    const bytes = fs.readFileSync(catalog);
    expect(bytes.length).toBeGreaterThan(8 * 4096);
    fs.writeFileSync(catalog, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expectUserError(catalog, /this Lightroom catalog is damaged \(SQLite: database disk image is malformed\)/);
  });

  it('a required column missing: unknown schema, with the catalog version', async () => {
    const catalog = build({ dbVersion: '1500000', omit: ['AgLibraryFile.baseName'] });
    await expectUserError(catalog, /: unknown Lightroom catalog schema \(Adobe_DBVersion 1500000\): table AgLibraryFile has no column baseName$/);
  });

  it('a required table missing, and several problems at once', async () => {
    const catalog = build({ omit: ['AgLibraryRootFolder', 'Adobe_images.rootFile', 'AgLibraryFolder.pathFromRoot', 'AgLibraryFolder.rootFolder'] });
    await expectUserError(
      catalog,
      /Adobe_DBVersion 1100000\): table Adobe_images has no column rootFile; table AgLibraryFolder has no column pathFromRoot, rootFolder; table AgLibraryRootFolder is missing$/,
    );
  });

  it('optional columns missing (sidecarExtensions, copyName, masterImage, errorMessage) are fine', async () => {
    const catalog = build({
      omit: ['AgLibraryFile.sidecarExtensions', 'Adobe_images.copyName', 'Adobe_images.masterImage', 'AgLibraryFile.errorMessage', 'Adobe_variablesTable'],
      photos: [photo('IMG_1', { virtualCopies: ['Copy 1'] })],
    });
    const reading = await readLightroomCatalog(catalog);
    expect(reading.project.version).toBeNull();
    expect(reading.files.slice(1)).toEqual([
      { path: '/Users/me/Pictures/2024/Trip/IMG_1.CR2', role: 'media', clips: ['IMG_1.CR2'], offline: false, versioned: false },
    ]);
  });
});
