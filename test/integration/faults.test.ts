import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { mapSourcePath } from '../../src/paths/mapSourcePath';
import { protect } from '../../native-helper/engine/protect';
import { statusOfTargets } from '../../native-helper/engine/status';
import { pseudoRandomBytes, writeFile } from '../helpers/tempDir';
import { listFiles, useTempWorkspace } from '../helpers/workspace';

const t = useTempWorkspace();
const copyPath = t.copyPath;
const partials = (destination: string): string[] => listFiles(t.ws.destinationPath(destination)).filter((f) => f.endsWith('.threefold-partial'));

describe('faults end in a clear message and lose nothing', () => {
  it('a destination that disappears mid-copy fails its tasks; the other destination completes; nothing is recreated', async () => {
    const big = writeFile(path.join(t.ws.source, 'big.mov'), pseudoRandomBytes(24 * 1024 * 1024, 1));
    const shuttle = t.ws.destinationPath('shuttle');
    let unplugged = false;
    const report = await protect(t.ws, {
      targets: [t.ws.source],
      concurrency: 1,
      onProgress: (p) => {
        if (!unplugged && p.bytesDone > 0) {
          fs.rmSync(shuttle, { recursive: true, force: true });
          unplugged = true;
        }
      },
    });
    expect(unplugged).toBe(true);
    expect(report.job.failed).toEqual([
      expect.objectContaining({ path: big, destination: 'shuttle', error: expect.stringMatching(/not reachable.*unplugged or unmounted/) }),
    ]);
    expect(fs.existsSync(shuttle)).toBe(false);
    expect(fs.readFileSync(copyPath('raid', big)).equals(fs.readFileSync(big))).toBe(true);
    expect(partials('raid')).toEqual([]);
    expect(report.assets[0]!.locations.map((l) => l.destination)).toEqual(['raid']);
  });

  it('a destination that fills up fails that file with "no space left", removes the partial file, and goes on', async () => {
    const small = path.join(t.dir, 'small-disk');
    fs.mkdirSync(small);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', small]);
    try {
      await t.reopen(t.dir, [
        { name: 'raid', media: 'raid' },
        { name: 'tiny', media: 'hdd' },
      ]);
      const tiny = t.ws.config.destinations[1]!;
      if (tiny.kind === 'local') tiny.path = small;
      const big = writeFile(path.join(t.ws.source, 'a-big.mov'), pseudoRandomBytes(5 * 1024 * 1024, 2));
      const fits = writeFile(path.join(t.ws.source, 'b-small.txt'), 'fits');

      const report = await protect(t.ws, { targets: [t.ws.source], concurrency: 1 });
      expect(report.job.failed).toEqual([
        expect.objectContaining({ path: big, destination: 'tiny', error: expect.stringContaining('no space left on the device (ENOSPC)') }),
      ]);
      expect(listFiles(small).filter((f) => f.endsWith('.threefold-partial'))).toEqual([]);
      expect(fs.readFileSync(path.join(small, ...mapSourcePath(fits).split('/')), 'utf8')).toBe('fits');
      expect(fs.existsSync(copyPath('raid', big))).toBe(true);
    } finally {
      execFileSync('umount', [small]);
    }
  });

  it('a source that changes while it is read is not recorded, and no copy is put in place', async () => {
    const growing = writeFile(path.join(t.ws.source, 'recording.mov'), pseudoRandomBytes(24 * 1024 * 1024, 3));
    let appended = false;
    const report = await protect(t.ws, {
      targets: [t.ws.source],
      onProgress: (p) => {
        if (!appended && p.bytesDone > 0) {
          fs.appendFileSync(growing, 'more frames');
          appended = true;
        }
      },
    });
    expect(report.job.failed).toEqual([
      expect.objectContaining({ path: growing, destination: null, error: expect.stringContaining('changed while it was being read') }),
    ]);
    expect(fs.existsSync(copyPath('raid', growing))).toBe(false);
    expect(partials('raid')).toEqual([]);
    expect(report.assets[0]).toMatchObject({ state: 'unprotected', xxh64: null });
    const again = await protect(t.ws, { targets: [t.ws.source] });
    expect(again.job.failed).toEqual([]);
    expect(again.assets[0]!.state).toBe('partial');
  });

  it('skips symbolic link loops, dangling links and special files with a warning; protects the rest', async () => {
    const real = writeFile(path.join(t.ws.source, 'Clips', 'A001.mov'), 'clip');
    fs.symlinkSync('..', path.join(t.ws.source, 'Clips', 'loop'));
    fs.symlinkSync('nowhere', path.join(t.ws.source, 'dangling'));
    fs.symlinkSync('A001.mov', path.join(t.ws.source, 'Clips', 'alias.mov'));
    execFileSync('mkfifo', [path.join(t.ws.source, 'pipe')]);
    const report = await protect(t.ws, { targets: [t.ws.source] });
    expect(report.job.failed).toEqual([]);
    expect(report.job.files).toBe(1);
    expect(report.assets.map((a) => a.path)).toEqual([real]);
    const warnings = report.warnings.join('\n');
    expect(warnings).toContain('symbolic link loop');
    expect(warnings).toContain('symbolic link to nothing');
    expect(warnings).toContain('named pipe');
  });

  it('keeps names with spaces, quotes, newlines, accents and 255 bytes; gives an NFC/NFD twin a key of its own', async () => {
    const names = ['with space.mov', `quote's "double".mov`, 'new\nline.txt', '日本語 クリップ.mxf', `${'L'.repeat(251)}.mov`];
    const files = names.map((n, i) => writeFile(path.join(t.ws.source, n), `content ${i}`));
    const nfd = writeFile(path.join(t.ws.source, 'Sce\u0301ne.mov'), 'decomposed');
    const nfc = writeFile(path.join(t.ws.source, 'Sc\u00e9ne.mov'), 'composed');
    const report = await protect(t.ws, { targets: [t.ws.source] });

    for (const [i, file] of files.entries()) expect(fs.readFileSync(copyPath('raid', file), 'utf8')).toBe(`content ${i}`);
    // Both spellings map to one NFC name: the first in order has it, the other a tagged key beside it.
    expect(report.job.failed).toEqual([]);
    expect(fs.readFileSync(copyPath('raid', nfd), 'utf8')).toBe('decomposed');
    const twin = report.assets.find((a) => a.path === nfc)!;
    expect(twin.locations.map((l) => path.basename(l.location))).toEqual([
      expect.stringMatching(/^Sc\u00e9ne~[0-9a-f]{8}\.mov$/),
      expect.stringMatching(/^Sc\u00e9ne~[0-9a-f]{8}\.mov$/),
    ]);
    for (const l of twin.locations) expect(fs.readFileSync(l.location, 'utf8')).toBe('composed');
  });

  it('a folder it cannot enter, or a file it cannot read, fails with the reason; the rest is protected', async () => {
    const readable = writeFile(path.join(t.ws.source, 'ok.mov'), 'ok');
    const locked = writeFile(path.join(t.ws.source, 'locked.mov'), 'secret');
    const lockedFolder = path.join(t.ws.source, 'Private');
    writeFile(path.join(lockedFolder, 'x.mov'), 'x');
    fs.chmodSync(locked, 0o000);
    fs.chmodSync(lockedFolder, 0o000);
    try {
      const report = await runAsUnprivileged(async () => protect(t.ws, { targets: [t.ws.source] }));
      expect(report.job.failed).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ path: locked, error: 'cannot read the source: permission denied (EACCES)' }),
          expect.objectContaining({ path: lockedFolder, error: 'cannot list this folder: permission denied (EACCES)' }),
        ]),
      );
      expect(fs.readFileSync(copyPath('raid', readable), 'utf8')).toBe('ok');
    } finally {
      fs.chmodSync(lockedFolder, 0o755);
    }
  });

  it('status after a fault tells the truth per file', async () => {
    writeFile(path.join(t.ws.source, 'a.mov'), 'a');
    await protect(t.ws, { targets: [t.ws.source], only: ['raid'] });
    const status = await statusOfTargets(t.ws.config, t.ws.catalog, [t.ws.source]);
    expect(status.assets[0]).toMatchObject({ copies: 2, media: ['raid', 'ssd'], missing: ['copies', 'offsite'], label: '2 copies · no offsite' });
  });
});

/**
 * Root reads any file whatever its mode, so permission faults are provoked as an ordinary user: the
 * test process drops to `nobody` for the callback (only possible as root, via seteuid).
 */
async function runAsUnprivileged<T>(work: () => Promise<T>): Promise<T> {
  if (process.getuid?.() !== 0) return work();
  const nobody = 65534;
  // Everything the job writes must stay writable for nobody: the home and the destinations.
  execFileSync('chown', ['-R', `${nobody}:${nobody}`, t.ws.home, path.join(t.dir, 'dest')]);
  fs.chmodSync(t.dir, 0o755);
  fs.chmodSync(t.ws.source, 0o755);
  process.seteuid!(nobody);
  try {
    return await work();
  } finally {
    process.seteuid!(0);
  }
}
