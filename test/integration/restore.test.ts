import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { mapSourcePath } from '../../src/paths/mapSourcePath';
import { MARKER_KEY } from '../../native-helper/destinations/identityMarker';
import type { ProgressSnapshot } from '../../native-helper/engine/progress';
import { protect } from '../../native-helper/engine/protect';
import { buildStatus } from '../../native-helper/engine/status';
import { restore, type RestoredFile } from '../../native-helper/engine/restore/restore';
import { selectRecorded } from '../../native-helper/engine/restore/restoreSelection';
import { runCli, runCliJson } from '../helpers/cli';
import { xxhsum } from '../helpers/oracles';
import { pseudoRandomBytes, writeFile } from '../helpers/tempDir';
import { listFiles, useTempWorkspace } from '../helpers/workspace';

const t = useTempWorkspace();

/** Three files protected on both local destinations, then removed from the source. */
async function protectedThenLost(): Promise<Array<{ file: string; xxh64: string; mtimeMs: number; size: number }>> {
  const files = [
    writeFile(path.join(t.ws.source, 'A001.mov'), pseudoRandomBytes(9 * 1024 * 1024 + 5, 1)),
    writeFile(path.join(t.ws.source, 'Audio', 'Zoë.wav'), pseudoRandomBytes(300_000, 2)),
    writeFile(path.join(t.ws.source, 'empty.txt'), Buffer.alloc(0)),
  ];
  fs.chmodSync(files[1]!, 0o640);
  // Folders others may enter: the copies keep the group's read bit (never more than the source's folders let through).
  fs.chmodSync(t.dir, 0o755);
  const recorded = files.map((file) => ({ file, xxh64: xxhsum(file), mtimeMs: fs.statSync(file).mtimeMs, size: fs.statSync(file).size }));
  const report = await protect(t.ws, { targets: [t.ws.source] });
  expect(report.job.failed).toEqual([]);
  fs.rmSync(t.ws.source, { recursive: true });
  return recorded;
}

/** Node sets a file's times as seconds in a double: equal to the microsecond, not the nanosecond. */
function expectSameTime(actualMs: number, expectedMs: number): void {
  expect(Math.abs(actualMs - expectedMs)).toBeLessThan(0.001);
}

const byPath = (files: readonly RestoredFile[], file: string): RestoredFile => files.find((f) => f.path === file)!;

describe('restore', () => {
  it('brings every file of a folder back in place: bytes, mtime and mode', async () => {
    const recorded = await protectedThenLost();
    const snapshots: ProgressSnapshot[] = [];
    const report = await restore(t.ws, { targets: [t.ws.source], onProgress: (s) => snapshots.push(s) });
    expect(report.totals).toMatchObject({ restored: 3, failed: 0, alreadyThere: 0 });
    const total = recorded.reduce((sum, r) => sum + r.size, 0);
    expect(snapshots.at(-1)).toMatchObject({ filesDone: 3, filesTotal: 3, bytesDone: total, bytesTotal: total });
    expect(snapshots.at(-1)!.destinations.find((d) => d.name === 'raid')).toMatchObject({ filesDone: 3, bytesDone: total });
    for (const r of recorded) {
      expect(xxhsum(r.file)).toBe(r.xxh64);
      expectSameTime(fs.statSync(r.file).mtimeMs, r.mtimeMs);
      expect(byPath(report.files, r.file)).toMatchObject({ state: 'restored', from: 'raid', target: r.file });
    }
    expect(fs.statSync(recorded[1]!.file).mode & 0o777).toBe(0o640);
    // Nothing partial is left anywhere.
    expect(listFiles(t.ws.source).filter((f) => f.includes('threefold-partial'))).toEqual([]);
    const job = t.ws.catalog.jobs.recent(1)[0]!;
    expect(job).toMatchObject({ kind: 'restore', state: 'succeeded', files: 3 });
    // Restored to the microsecond, each file is its recorded content again: not changed, not stale.
    const status = await buildStatus(t.ws.config, t.ws.catalog, null);
    expect(status.assets.map((a) => [a.path, a.state]).sort()).toEqual(recorded.map((r) => [r.file, 'partial']).sort());

    // Overlapping targets: each file once.
    expect((await selectRecorded(t.ws.catalog, [t.ws.source, recorded[0]!.file])).assets).toHaveLength(3);
    const again = await restore(t.ws, { targets: [t.ws.source, recorded[0]!.file] });
    expect(again.totals).toMatchObject({ restored: 0, alreadyThere: 3 });
  });

  it('stops between files when cancelled, and records the job as cancelled', async () => {
    const recorded = await protectedThenLost();
    const cancel = new AbortController();
    const report = await restore(t.ws, {
      targets: [t.ws.source],
      concurrency: 1,
      signal: cancel.signal,
      onProgress: (s) => {
        if (s.filesDone === 1) cancel.abort();
      },
    });
    expect(report.job.state).toBe('cancelled');
    expect(report.totals.restored).toBe(1);
    expect(recorded.filter((r) => fs.existsSync(r.file))).toHaveLength(1);
    expect(t.ws.catalog.jobs.recent(1)[0]).toMatchObject({ kind: 'restore', state: 'cancelled', files: 1 });
  });

  it('stops within a large file when cancelled: nothing at its name, no partial file, nothing restored', async () => {
    const size = 48 * 1024 * 1024;
    const big = writeFile(path.join(t.ws.source, 'B001.mov'), pseudoRandomBytes(size, 40));
    expect((await protect(t.ws, { targets: [big] })).job.failed).toEqual([]);
    fs.rmSync(big);
    const cancel = new AbortController();
    const report = await restore(t.ws, {
      targets: [big],
      signal: cancel.signal,
      onProgress: (s) => {
        if (s.bytesDone > 0) cancel.abort();
      },
    });
    expect(report.job.state).toBe('cancelled');
    expect(report.totals.restored).toBe(0);
    // Not done, so not listed: as the files a cancel leaves before they begin.
    expect(report.files).toEqual([]);
    expect(report.totals.failed).toBe(0);
    expect(fs.readdirSync(t.ws.source)).toEqual([]);
    expect(t.ws.catalog.jobs.recent(1)[0]).toMatchObject({ kind: 'restore', state: 'cancelled', files: 0 });
    expect(t.ws.catalog.copies.list({ kind: 'file', path: big }).every((c) => c.status === 'verified')).toBe(true);
  });

  it('restores under --to with the layout of the sources', async () => {
    const recorded = await protectedThenLost();
    const to = path.join(t.dir, 'New');
    fs.mkdirSync(to);
    const report = await restore(t.ws, { targets: [t.ws.source], to });
    expect(report.totals.failed).toBe(0);
    for (const r of recorded) {
      const target = path.join(to, ...mapSourcePath(r.file).split('/'));
      expect(byPath(report.files, r.file).target).toBe(target);
      expect(xxhsum(target)).toBe(r.xxh64);
      expectSameTime(fs.statSync(target).mtimeMs, r.mtimeMs);
    }
    expect(fs.existsSync(t.ws.source)).toBe(false);
  });

  it('skips a corrupted copy, marks it failed, and restores from the next', async () => {
    const [movie] = await protectedThenLost();
    const raidCopy = t.copyPath('raid', movie!.file);
    const fd = fs.openSync(raidCopy, 'r+');
    fs.writeSync(fd, Buffer.from([0xff, 0x00, 0xff]), 0, 3, 4096);
    fs.closeSync(fd);
    const snapshots: ProgressSnapshot[] = [];
    const report = await restore(t.ws, { targets: [movie!.file], onProgress: (s) => snapshots.push(s) });
    const file = byPath(report.files, movie!.file);
    expect(file).toMatchObject({ state: 'restored', from: 'shuttle' });
    // The bad copy's bytes were taken back: the progress ends at the file's size, not past it.
    expect(snapshots.at(-1)).toMatchObject({ filesDone: 1, bytesDone: movie!.size, bytesTotal: movie!.size });
    expect(file.attempts).toEqual([{ destination: 'raid', location: raidCopy, error: expect.stringMatching(/content changed.*marked failed/) }]);
    expect(xxhsum(movie!.file)).toBe(movie!.xxh64);
    const copies = t.ws.catalog.copies.list({ kind: 'file', path: movie!.file });
    expect(copies.find((c) => c.destinationUrl.endsWith('/raid'))).toMatchObject({ status: 'failed', error: expect.stringMatching(/content changed/) });
  });

  it('marks a local copy gone from its mounted disk failed, and uses the next', async () => {
    const [, wav] = await protectedThenLost();
    fs.rmSync(t.copyPath('raid', wav!.file));
    const report = await restore(t.ws, { targets: [wav!.file] });
    expect(byPath(report.files, wav!.file)).toMatchObject({ state: 'restored', from: 'shuttle' });
    expect(byPath(report.files, wav!.file).attempts).toEqual([
      { destination: 'raid', location: t.copyPath('raid', wav!.file), error: expect.stringMatching(/no such file.*marked failed/) },
    ]);
    const raid = t.ws.catalog.copies.list({ kind: 'file', path: wav!.file }).find((c) => c.location === t.copyPath('raid', wav!.file));
    expect(raid!.status).toBe('failed');
  });

  it('uses the next copy when a destination is unplugged', async () => {
    const [movie] = await protectedThenLost();
    fs.renameSync(t.ws.destinationPath('raid'), path.join(t.dir, 'raid-unplugged'));
    const report = await restore(t.ws, { targets: [movie!.file] });
    expect(byPath(report.files, movie!.file)).toMatchObject({ state: 'restored', from: 'shuttle' });
    expect(byPath(report.files, movie!.file).attempts[0]).toMatchObject({ destination: 'raid', error: expect.stringMatching(/not reachable/) });
    expect(xxhsum(movie!.file)).toBe(movie!.xxh64);
    // Unplugged proves nothing: its copy still counts.
    expect(t.ws.catalog.copies.list({ kind: 'file', path: movie!.file }).every((c) => c.status === 'verified')).toBe(true);
  });

  it('uses the next copy when a destination is unplugged during the restore', async () => {
    const [movie, wav] = await protectedThenLost();
    const raid = t.ws.destinationPath('raid');
    const unplug = (s: ProgressSnapshot): void => {
      if (s.filesDone === 1 && fs.existsSync(raid)) fs.renameSync(raid, path.join(t.dir, 'raid-unplugged'));
    };
    const report = await restore(t.ws, { targets: [t.ws.source], concurrency: 1, onProgress: unplug });
    expect(report.totals).toMatchObject({ restored: 3, failed: 0 });
    expect(byPath(report.files, movie!.file)).toMatchObject({ from: 'raid', attempts: [] });
    expect(byPath(report.files, wav!.file)).toMatchObject({
      from: 'shuttle',
      attempts: [{ destination: 'raid', error: expect.stringMatching(/unplugged\?/) }],
    });
    expect(xxhsum(wav!.file)).toBe(wav!.xxh64);
    // An unplugged disk proves nothing of its copies.
    expect(t.ws.catalog.copies.list({ kind: 'all' }).every((c) => c.status === 'verified')).toBe(true);
  });

  it('uses the next copy when another disk is mounted in place of a destination', async () => {
    const [movie] = await protectedThenLost();
    fs.renameSync(t.ws.destinationPath('raid'), path.join(t.dir, 'raid-elsewhere'));
    fs.mkdirSync(t.ws.destinationPath('raid'));
    writeFile(path.join(t.ws.destinationPath('raid'), ...MARKER_KEY.split('/')), JSON.stringify({ id: 'another-disk', kind: 'local' }));
    const report = await restore(t.ws, { targets: [movie!.file] });
    expect(byPath(report.files, movie!.file)).toMatchObject({ state: 'restored', from: 'shuttle' });
    expect(byPath(report.files, movie!.file).attempts.map((a) => a.destination)).toEqual(['raid']);
    expect(report.unreachable.map((u) => u.destination)).toEqual(['raid']);
  });

  it('fails a file only when every copy failed, with each reason, and leaves nothing at its name', async () => {
    const [movie] = await protectedThenLost();
    for (const name of ['raid', 'shuttle']) fs.truncateSync(t.copyPath(name, movie!.file), 1000);
    const report = await restore(t.ws, { targets: [movie!.file] });
    const file = byPath(report.files, movie!.file);
    expect(file.state).toBe('failed');
    expect(file.attempts.map((a) => a.destination)).toEqual(['raid', 'shuttle']);
    for (const a of file.attempts) expect(a.error).toMatch(/1000 bytes/);
    expect(report.job.state).toBe('failed');
    expect(fs.existsSync(movie!.file)).toBe(false);
    expect(fs.readdirSync(path.dirname(movie!.file))).toEqual([]);
    expect(t.ws.catalog.jobs.failures(report.job.id!)[0]!.error).toMatch(/raid: .*; shuttle: /);
    expect(t.ws.catalog.copies.list({ kind: 'file', path: movie!.file }).map((c) => c.status)).toEqual(['failed', 'failed']);
  });

  it('keeps a file with other bytes at the target and restores beside it; finds one with the same bytes already there', async () => {
    const [movie, wav] = await protectedThenLost();
    writeFile(movie!.file, 'someone else’s file');
    fs.mkdirSync(path.dirname(wav!.file), { recursive: true });
    fs.copyFileSync(t.copyPath('raid', wav!.file), wav!.file);
    const report = await restore(t.ws, { targets: [movie!.file, wav!.file] });
    expect(fs.readFileSync(movie!.file, 'utf8')).toBe('someone else’s file');
    const beside = byPath(report.files, movie!.file).target!;
    expect(path.basename(beside)).toMatch(/^A001\.restored-\d{4}-\d{2}-\d{2}\.mov$/);
    expect(xxhsum(beside)).toBe(movie!.xxh64);
    expect(byPath(report.files, wav!.file).state).toBe('already-there');

    // Same size, other bytes: told apart by the hash, kept.
    const sameSize = pseudoRandomBytes(wav!.size, 99);
    fs.writeFileSync(wav!.file, sameSize);
    const other = await restore(t.ws, { targets: [wav!.file] });
    expect(byPath(other.files, wav!.file)).toMatchObject({ state: 'restored', note: expect.stringMatching(/another file is at/) });
    expect(fs.readFileSync(wav!.file).equals(sameSize)).toBe(true);
    expect(xxhsum(byPath(other.files, wav!.file).target!)).toBe(wav!.xxh64);

    const refused = await restore(t.ws, { targets: [movie!.file], clobber: 'no-clobber' });
    expect(byPath(refused.files, movie!.file)).toMatchObject({ state: 'failed', note: expect.stringMatching(/no-clobber/) });
    expect(fs.readFileSync(movie!.file, 'utf8')).toBe('someone else’s file');

    const replaced = await restore(t.ws, { targets: [movie!.file], clobber: 'overwrite' });
    expect(byPath(replaced.files, movie!.file).state).toBe('restored');
    expect(xxhsum(movie!.file)).toBe(movie!.xxh64);
  });

  it('never writes through a link in the target path', async () => {
    const [, wav] = await protectedThenLost();
    const to = path.join(t.dir, 'New');
    const elsewhere = path.join(t.dir, 'elsewhere');
    fs.mkdirSync(elsewhere);
    fs.mkdirSync(to);
    // The first folder of the layout is a link leading out of --to.
    const first = mapSourcePath(wav!.file).split('/')[0]!;
    fs.symlinkSync(elsewhere, path.join(to, first));
    const report = await restore(t.ws, { targets: [wav!.file], to });
    expect(byPath(report.files, wav!.file)).toMatchObject({ state: 'failed', note: expect.stringMatching(/symbolic link/) });
    expect(listFiles(elsewhere)).toEqual([]);

    // A link at the file's own name is kept, and the file restored beside it.
    fs.mkdirSync(path.dirname(wav!.file), { recursive: true });
    const victim = writeFile(path.join(elsewhere, 'victim'), 'untouched');
    fs.symlinkSync(victim, wav!.file);
    const inPlace = await restore(t.ws, { targets: [wav!.file] });
    expect(byPath(inPlace.files, wav!.file)).toMatchObject({ state: 'restored', note: expect.stringMatching(/a symbolic link is at/) });
    expect(fs.readFileSync(victim, 'utf8')).toBe('untouched');
    expect(fs.lstatSync(wav!.file).isSymbolicLink()).toBe(true);
  });

  it('says a file was never protected, with its state', async () => {
    const stranger = writeFile(path.join(t.dir, 'stranger.mov'), 'x');
    const report = await restore(t.ws, { targets: [stranger, path.join(t.dir, 'nothing.mov')] });
    expect(byPath(report.files, stranger)).toMatchObject({ state: 'not-protected', note: expect.stringMatching(/never protected \(present on disk\)/) });
    expect(byPath(report.files, path.join(t.dir, 'nothing.mov'))).toMatchObject({ state: 'not-protected', note: expect.stringMatching(/not on disk/) });
    expect(report.totals.failed).toBe(0);
  });

  it('fails a file the target disk has no room for, removes its partial file, and restores the others', async () => {
    const [movie, wav] = await protectedThenLost();
    const small = path.join(t.dir, 'small-disk');
    fs.mkdirSync(small);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', small]);
    try {
      const report = await restore(t.ws, { targets: [t.ws.source], to: small, concurrency: 1 });
      const file = byPath(report.files, movie!.file);
      expect(file).toMatchObject({ state: 'failed', note: expect.stringContaining('no space left on the device (ENOSPC)') });
      // The target refused: no copy is blamed, and no other copy is tried.
      expect(file.attempts).toEqual([]);
      expect(t.ws.catalog.copies.list({ kind: 'file', path: movie!.file }).every((c) => c.status === 'verified')).toBe(true);
      expect(listFiles(small).filter((f) => f.includes('threefold-partial'))).toEqual([]);
      expect(byPath(report.files, wav!.file).state).toBe('restored');
      expect(xxhsum(byPath(report.files, wav!.file).target!)).toBe(wav!.xxh64);
    } finally {
      execFileSync('umount', [small]);
    }
  });

  it('says what it cannot write when the target folder is not writable', async () => {
    const [movie] = await protectedThenLost();
    fs.mkdirSync(t.ws.source, { mode: 0o555 });
    const report = await asUnprivileged(() => restore(t.ws, { targets: [movie!.file] }));
    const file = byPath(report.files, movie!.file);
    expect(file.state).toBe('failed');
    expect(file.note).toMatch(/permission denied/);
    // The target refused: no copy is blamed.
    expect(t.ws.catalog.copies.list({ kind: 'file', path: movie!.file }).every((c) => c.status === 'verified')).toBe(true);
  });
});

/** Root writes anywhere: the work runs as `nobody` (seteuid), with the home and the destinations its own. */
async function asUnprivileged<T>(work: () => Promise<T>): Promise<T> {
  if (process.getuid?.() !== 0) return work();
  const nobody = 65534;
  execFileSync('chown', ['-R', `${nobody}:${nobody}`, t.ws.home, path.join(t.dir, 'dest')]);
  fs.chmodSync(t.dir, 0o755);
  process.seteuid!(nobody);
  try {
    return await work();
  } finally {
    process.seteuid!(0);
  }
}

describe('threefold restore (CLI)', () => {
  it('lists what a dry run would restore from where, and restores nothing', async () => {
    const [movie] = await protectedThenLost();
    t.ws.close();
    const dry = runCli(t.ws.home, ['restore', t.ws.source, '--dry-run', '--from', 'shuttle']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/Dry run: 3 files \(9\.7 MB\) would be restored in place/);
    expect(dry.stdout).toContain(`${movie!.file} ← shuttle (${t.copyPath('shuttle', movie!.file)}`);
    expect(fs.existsSync(t.ws.source)).toBe(false);

    const to = path.join(t.dir, 'New');
    fs.mkdirSync(to);
    const moved = runCli(t.ws.home, ['restore', movie!.file, '--to', to, '--dry-run']);
    expect(moved.stdout).toContain(`${movie!.file} → ${path.join(to, ...mapSourcePath(movie!.file).split('/'))} ← raid`);
    expect(listFiles(to)).toEqual([]);
  });

  it('exits 1 when a file fails and 2 on a usage error', async () => {
    const [movie] = await protectedThenLost();
    for (const name of ['raid', 'shuttle']) fs.rmSync(t.copyPath(name, movie!.file));
    t.ws.close();
    const failed = runCliJson<{ totals: { failed: number } }>(t.ws.home, ['restore', movie!.file]);
    expect(failed.code).toBe(1);
    expect(failed.json.totals.failed).toBe(1);
    // Both copies are now known failed: the next run says so without reading anything.
    const text = runCli(t.ws.home, ['restore', movie!.file]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`1 FAILED:\n  ${movie!.file}: no verified copy of it (raid: failed its last check; shuttle: failed its last check)`);
    // The job is listed as the restore it was, with the file's failure.
    const jobs = runCliJson<Array<{ kind: string; state: string; result: { failed: Array<{ path: string }> } }>>(t.ws.home, ['jobs']).json;
    expect(jobs[0]).toMatchObject({ kind: 'restore', state: 'failed', result: { failed: [{ path: movie!.file }] } });
    const unknown = runCli(t.ws.home, ['restore', movie!.file, '--from', 'nowhere']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown destination nowhere/);
    const missingRoot = runCli(t.ws.home, ['restore', movie!.file, '--to', path.join(t.dir, 'absent')]);
    expect(missingRoot.code).toBe(2);
    expect(missingRoot.stderr).toMatch(/create the folder first/);
    const inside = path.join(t.ws.destinationPath('raid'), 'restored');
    fs.mkdirSync(inside);
    const intoDestination = runCli(t.ws.home, ['restore', movie!.file, '--to', inside]);
    expect(intoDestination.code).toBe(2);
    expect(intoDestination.stderr).toMatch(/overlaps the destination folder/);
    const both = runCli(t.ws.home, ['restore', movie!.file, '--overwrite', '--no-clobber']);
    expect(both.code).toBe(2);
  });
});
