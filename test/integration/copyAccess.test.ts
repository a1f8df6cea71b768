import fs from 'node:fs';
import path from 'node:path';
import { LocalFolderDestination } from '../../native-helper/destinations/localFolder';
import { protect } from '../../native-helper/engine/protect';
import { BufferPool } from '../../native-helper/fsutil/bufferPool';
import { hashChunks } from '../../native-helper/hash/hashChunks';
import { runCli } from '../helpers/cli';
import { makeTempDir, writeFile } from '../helpers/tempDir';
import { useTempWorkspace } from '../helpers/workspace';

const t = useTempWorkspace();
const modeOf = (p: string): number => fs.lstatSync(p).mode & 0o777;
const octal = (mode: number): string => mode.toString(8).padStart(4, '0');

/** The folders made for a copy (from the destination root, excluded, down to its own) with bits beyond `allowed`, and their modes. */
function foldersWiderThan(allowed: number, destination: string, copy: string): string[] {
  const root = t.ws.destinationPath(destination);
  const wider: string[] = [];
  for (let folder = path.dirname(copy); folder !== root; folder = path.dirname(folder)) {
    if ((modeOf(folder) & ~allowed) !== 0) wider.push(`${folder} ${octal(modeOf(folder))}`);
  }
  return wider;
}

/** A file with `mode` in a folder (under the source) with `folderMode`. */
function sourceFile(folderName: string, folderMode: number, mode: number): string {
  const file = writeFile(path.join(t.ws.source, folderName, 'clip.mov'), `bytes of ${folderName}`);
  fs.chmodSync(file, mode);
  fs.chmodSync(path.dirname(file), folderMode);
  return file;
}

describe('a copy is never open to more users than its source', () => {
  // The temp folder is made 0700: opened here, so that only each test's own folders decide who reaches its source.
  beforeEach(() => fs.chmodSync(t.dir, 0o755));

  it('a 0600 file in a 0700 folder is copied as 0600, under folders no one else can enter', async () => {
    const file = sourceFile('private', 0o700, 0o600);
    const report = await protect(t.ws, { targets: [file] });
    expect(report.job.failed).toEqual([]);
    const copy = t.copyPath('raid', file);
    expect(octal(modeOf(copy))).toBe('0600');
    expect(foldersWiderThan(0o700, 'raid', copy)).toEqual([]);
  });

  it('a 0640 file in a 0750 folder keeps its bits; its folders give the group no more than the source folder does', async () => {
    const file = sourceFile('team', 0o750, 0o640);
    await protect(t.ws, { targets: [file] });
    const copy = t.copyPath('shuttle', file);
    expect(octal(modeOf(copy))).toBe('0640');
    expect(foldersWiderThan(0o750, 'shuttle', copy)).toEqual([]);
  });

  it('a file its parent folder closes to others (a 0750 home) is closed to them on the copy too, under every folder made for it', async () => {
    const home = path.join(t.ws.source, 'home', 'alice');
    const file = writeFile(path.join(home, 'Videos', 'clip.mov'), 'reached only through a closed home');
    fs.chmodSync(file, 0o644);
    fs.chmodSync(path.dirname(file), 0o755);
    fs.chmodSync(home, 0o750);
    const report = await protect(t.ws, { targets: [file] });
    expect(report.job.failed).toEqual([]);
    const copy = t.copyPath('raid', file);
    expect(octal(modeOf(copy))).toBe('0640');
    expect(foldersWiderThan(0o750, 'raid', copy)).toEqual([]);
  });

  it('keeps the owner and group when running as root (the process’s own otherwise)', async () => {
    const file = sourceFile('owned', 0o755, 0o644);
    const asRoot = process.getuid?.() === 0;
    if (asRoot) fs.chownSync(file, 4321, 8765);
    await protect(t.ws, { targets: [file] });
    const st = fs.statSync(t.copyPath('raid', file));
    expect([st.uid, st.gid]).toEqual(asRoot ? [4321, 8765] : [process.getuid!(), fs.statSync(file).gid]);
    expect(octal(st.mode & 0o777)).toBe('0644');
  });

  it('the partial file is the owner’s alone while written, whatever the source’s bits; the copy gets them at seal', async () => {
    const { dir, cleanup } = makeTempDir();
    fs.chmodSync(dir, 0o755);
    try {
      const d = new LocalFolderDestination({ name: 'raid', media: 'raid', offsite: false }, dir, new BufferPool(64 * 1024, 1));
      const data = Buffer.from('world-readable at the source');
      const { xxh64 } = await hashChunks(
        (async function* () {
          yield data;
        })(),
      );
      const w = await d.createWriter('Vol/open.mov', { mtimeMs: 0, size: data.length, xxh64, access: { mode: 0o644, uid: 0, gid: 0, folder: dir } });
      await w.write(data);
      expect(octal(modeOf(path.join(dir, 'Vol', 'open.mov.threefold-partial')))).toBe('0600');
      await w.seal();
      await w.verify(xxh64);
      await w.commit();
      expect(octal(modeOf(path.join(dir, 'Vol', 'open.mov')))).toBe('0644');
    } finally {
      cleanup();
    }
  });
});

describe('run by a user who is not root', () => {
  // The tests run as root (bind mounts need it): root starts the CLI as another user.
  it('a copy never gives its bits to a group other than its source’s (a setgid destination folder’s group)', () => {
    const [user, sourceGroup, diskGroup] = [65534, 4321, 5555];
    fs.chmodSync(t.dir, 0o755);
    const home = path.join(t.dir, 'user-home');
    const disk = path.join(t.dir, 'disk');
    fs.mkdirSync(home);
    fs.chownSync(home, user, sourceGroup);
    fs.mkdirSync(disk);
    fs.chownSync(disk, 0, diskGroup);
    fs.chmodSync(disk, 0o2777);
    const file = writeFile(path.join(t.dir, 'Team', 'clip.mov'), 'the team’s, not the disk group’s');
    fs.chownSync(file, 0, sourceGroup);
    fs.chmodSync(file, 0o640);
    const as = { uid: user, gid: sourceGroup };
    expect(runCli(home, ['dest', 'add', 'raid', disk, '--media', 'raid'], as)).toMatchObject({ code: 0 });

    expect(runCli(home, ['protect', file], as)).toMatchObject({ code: 0 });

    const st = fs.statSync(path.join(disk, ...file.slice(1).split('/')));
    const groupBits = st.mode & 0o070;
    expect({ gid: st.gid, readableByItsGroup: groupBits !== 0 && st.gid !== sourceGroup }).toEqual({ gid: sourceGroup, readableByItsGroup: false });
  });

  it('a source its owner may not read, read by this user through others’ bits, gives a copy this user can verify', () => {
    const user = 65534;
    fs.chmodSync(t.dir, 0o755);
    const home = path.join(t.dir, 'user-home');
    const disk = path.join(t.dir, 'disk');
    fs.mkdirSync(home);
    fs.chownSync(home, user, user);
    fs.mkdirSync(disk);
    fs.chownSync(disk, user, user);
    const file = writeFile(path.join(t.dir, 'Odd', 'clip.mov'), 'readable by others, not by its owner');
    fs.chmodSync(file, 0o044);
    const as = { uid: user, gid: user };
    expect(runCli(home, ['dest', 'add', 'raid', disk, '--media', 'raid'], as)).toMatchObject({ code: 0 });
    expect(runCli(home, ['protect', file], as)).toMatchObject({ code: 0 });

    expect(runCli(home, ['verify'], as)).toMatchObject({ code: 0 });
    // This user's read bit gives no one else anything: it read the source already. The source's group
    // (root's) is not this user's to give: its bits go.
    expect(octal(modeOf(path.join(disk, ...file.slice(1).split('/'))))).toBe('0404');
  });
});
