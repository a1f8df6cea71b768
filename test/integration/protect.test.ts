import fs from 'node:fs';
import path from 'node:path';
import { mapSourcePath } from '../../src/paths/mapSourcePath';
import { protect } from '../../native-helper/engine/protect';
import { statusOfTargets } from '../../native-helper/engine/status';
import { verify } from '../../native-helper/engine/verify';
import { checkHistory, readGeneration } from '../helpers/mhlCheck';
import { xxhsum } from '../helpers/oracles';
import { pseudoRandomBytes, writeFile } from '../helpers/tempDir';
import { listFiles, useTempWorkspace } from '../helpers/workspace';

const t = useTempWorkspace();
const copyPath = t.copyPath;

function makeSample(): string[] {
  return [
    writeFile(path.join(t.ws.source, 'A001 Scène 1.mov'), pseudoRandomBytes(9 * 1024 * 1024 + 17, 1)),
    writeFile(path.join(t.ws.source, 'Audio', 'Zoë – take "2".wav'), pseudoRandomBytes(300_000, 2)),
    writeFile(path.join(t.ws.source, 'Audio', 'empty.txt'), Buffer.alloc(0)),
    ...Array.from({ length: 40 }, (_, i) => writeFile(path.join(t.ws.source, 'Stills', `IMG_${1000 + i}.jpg`), pseudoRandomBytes(20_000 + i, 10 + i))),
  ];
}

describe('protect', () => {
  it('copies every file once to every destination, verifies, records hashes that xxhsum agrees with', async () => {
    const files = makeSample();
    const report = await protect(t.ws, { targets: [t.ws.source] });

    expect(report.job.failed).toEqual([]);
    expect(report.job.files).toBe(files.length);
    expect(report.job.bytes).toBe(files.reduce((n, f) => n + fs.statSync(f).size, 0));
    for (const file of files) {
      const expected = xxhsum(file);
      const status = report.assets.find((a) => a.path === file)!;
      expect(status.xxh64).toBe(expected);
      expect(status.locations.map((l) => l.destination).sort()).toEqual(['raid', 'shuttle']);
      for (const d of ['raid', 'shuttle']) {
        const copy = copyPath(d, file);
        expect(xxhsum(copy)).toBe(expected);
        expect(fs.statSync(copy).mtimeMs).toBeCloseTo(fs.statSync(file).mtimeMs, -1);
        expect(status.locations.find((l) => l.destination === d)!.location).toBe(copy);
      }
    }
    // No temporary file survives a successful job.
    for (const d of ['raid', 'shuttle']) expect(listFiles(t.ws.destinationPath(d)).filter((f) => f.includes('threefold-partial'))).toEqual([]);
  });

  it('reports the 3-2-1 state honestly: local mirrors only means "no offsite"', async () => {
    makeSample();
    const report = await protect(t.ws, { targets: [t.ws.source] });
    expect(report.summary.partial).toBe(report.summary.assets);
    const clip = report.assets[0]!;
    expect(clip).toMatchObject({ state: 'partial', copies: 3, media: ['hdd', 'raid', 'ssd'], offsite: 0, missing: ['offsite'], label: 'no offsite' });
  });

  it('reaches protected once an offsite destination holds a verified copy', async () => {
    await t.reopen(path.join(t.dir, 'b'), [
      { name: 'raid', media: 'raid' },
      { name: 'vault', media: 'hdd', offsite: true },
    ]);
    writeFile(path.join(t.ws.source, 'clip.mov'), pseudoRandomBytes(1000, 5));
    const report = await protect(t.ws, { targets: [t.ws.source] });
    expect(report.assets[0]).toMatchObject({ state: 'protected', label: '3-2-1 ✓', offsite: 1 });
  });

  it('writes one transfer generation per destination, valid against the XSD, listing every file written', async () => {
    const files = makeSample();
    await protect(t.ws, { targets: [t.ws.source] });
    for (const d of ['raid', 'shuttle']) {
      const names = checkHistory(t.ws.destinationPath(d));
      expect(names).toHaveLength(1);
      const generation = readGeneration(path.join(t.ws.destinationPath(d), 'ascmhl', names[0]!));
      expect(generation.process).toBe('transfer');
      expect(generation.hashes.map((h) => h.path).sort()).toEqual(files.map((f) => mapSourcePath(f)).sort());
      expect(new Set(generation.hashes.map((h) => h.action))).toEqual(new Set(['original']));
    }
  });

  it('without a status, reports the job alone, and keeps the manifest entries in temporary files it removes', async () => {
    const files = makeSample();
    const temporary = path.join(t.dir, 'tmp');
    fs.mkdirSync(temporary);
    const tmpdir = process.env.TMPDIR;
    process.env.TMPDIR = temporary;
    try {
      const report = await protect(t.ws, { targets: [t.ws.source], withStatus: false });
      expect(Object.keys(report)).toEqual(['job']);
      expect(report.job).toMatchObject({ state: 'succeeded', dryRun: false, files: files.length, upToDate: 0, failed: [] });
    } finally {
      process.env.TMPDIR = tmpdir;
    }
    expect(fs.readdirSync(temporary)).toEqual([]);
    for (const d of ['raid', 'shuttle']) {
      const [name] = checkHistory(t.ws.destinationPath(d));
      const generation = readGeneration(path.join(t.ws.destinationPath(d), 'ascmhl', name!));
      expect(generation.hashes.map((h) => h.path).sort()).toEqual(files.map((f) => mapSourcePath(f)).sort());
    }
  });

  it('a second protect with nothing changed copies nothing, writes no manifest, and says so', async () => {
    makeSample();
    await protect(t.ws, { targets: [t.ws.source] });
    const copy = copyPath('raid', path.join(t.ws.source, 'A001 Scène 1.mov'));
    const before = fs.statSync(copy);
    const again = await protect(t.ws, { targets: [t.ws.source] });
    expect(again.job).toMatchObject({ files: 0, bytes: 0, upToDate: 43, failed: [] });
    const after = fs.statSync(copy);
    expect([after.ino, after.ctimeMs]).toEqual([before.ino, before.ctimeMs]);
    expect(checkHistory(t.ws.destinationPath('raid'))).toHaveLength(1);
  });

  it('copies only what a destination lacks: a destination added later gets everything, the others nothing', async () => {
    makeSample();
    await protect(t.ws, { targets: [t.ws.source], only: ['raid'] });
    const second = await protect(t.ws, { targets: [t.ws.source] });
    expect(second.job.files).toBe(43);
    expect(checkHistory(t.ws.destinationPath('raid'))).toHaveLength(1);
    expect(checkHistory(t.ws.destinationPath('shuttle'))).toHaveLength(1);
  });

  it('a changed source is stale, then copied again; the new copy replaces the old one after verification', async () => {
    const file = writeFile(path.join(t.ws.source, 'edit.prproj'), 'version 1');
    await protect(t.ws, { targets: [t.ws.source] });
    fs.writeFileSync(file, 'version 2, longer');
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));

    const status = await statusOfTargets(t.ws.config, t.ws.catalog, [t.ws.source]);
    expect(status.assets[0]).toMatchObject({ state: 'stale', copies: 1, locations: [] });

    const report = await protect(t.ws, { targets: [t.ws.source] });
    expect(report.job.files).toBe(1);
    expect(report.assets[0]!.state).toBe('partial');
    expect(fs.readFileSync(copyPath('raid', file), 'utf8')).toBe('version 2, longer');
    expect(report.assets[0]!.xxh64).toBe(xxhsum(file));
    expect(checkHistory(t.ws.destinationPath('raid'))).toHaveLength(2);
  });

  it('never propagates corruption: same size and mtime but other bytes fails, and the copies stay untouched', async () => {
    const file = writeFile(path.join(t.ws.source, 'A002.mov'), pseudoRandomBytes(200_000, 9));
    // A whole-second mtime, so that restoring it below is exact (bit rot does not touch the mtime).
    const mtime = new Date('2026-01-02T03:04:05Z');
    fs.utimesSync(file, mtime, mtime);
    await protect(t.ws, { targets: [t.ws.source], only: ['raid'] });
    const bytes = fs.readFileSync(file);
    bytes[1234] ^= 0x01;
    fs.writeFileSync(file, bytes);
    fs.utimesSync(file, mtime, mtime);
    const goodCopy = fs.readFileSync(copyPath('raid', file));

    const report = await protect(t.ws, { targets: [t.ws.source] });
    expect(report.job.failed).toEqual([
      expect.objectContaining({
        path: file,
        destination: null,
        error: expect.stringContaining('content changed without a new modification time: possible corruption'),
      }),
    ]);
    expect(fs.readFileSync(copyPath('raid', file)).equals(goodCopy)).toBe(true);
    expect(fs.existsSync(copyPath('shuttle', file))).toBe(false);
    // Only Threefold's own records there: the manifests, and the key the copy was to have.
    expect(listFiles(t.ws.destinationPath('shuttle')).filter((f) => !f.startsWith('ascmhl/') && !f.startsWith('.threefold/'))).toEqual([]);
    expect(report.assets[0]).toMatchObject({ state: 'failed', problem: expect.stringContaining('possible corruption') });
  });

  it('reports missing and lost sources, and goes on with the rest', async () => {
    const kept = writeFile(path.join(t.ws.source, 'kept.mov'), 'kept');
    const copied = writeFile(path.join(t.ws.source, 'copied.mov'), 'copied');
    await protect(t.ws, { targets: [t.ws.source] });
    fs.rmSync(copied);
    const neverCopied = writeFile(path.join(t.ws.source, 'new.mov'), 'new');
    const status = await statusOfTargets(t.ws.config, t.ws.catalog, [t.ws.source]);
    expect(Object.fromEntries(status.assets.map((a) => [path.basename(a.path), a.state]))).toEqual({
      'copied.mov': 'missing',
      'kept.mov': 'partial',
      'new.mov': 'unprotected',
    });
    expect(status.assets.find((a) => a.path === copied)!.locations).toHaveLength(2);

    // A destination copy that verify finds gone leaves a missing source with nothing: lost.
    fs.rmSync(copyPath('raid', copied));
    fs.rmSync(copyPath('shuttle', copied));
    const checked = await verify(t.ws, { targets: [] });
    expect(checked.copies.failed).toBe(2);
    const after = await protect(t.ws, { targets: [t.ws.source] });
    expect(after.job.files).toBe(1);
    expect(Object.fromEntries(after.assets.map((a) => [path.basename(a.path), a.state]))).toEqual({
      'copied.mov': 'lost',
      'kept.mov': 'partial',
      'new.mov': 'partial',
    });
    expect(fs.existsSync(copyPath('raid', neverCopied))).toBe(true);
    expect(fs.existsSync(kept)).toBe(true);
  });

  it('a dry run copies nothing and lists what would be copied', async () => {
    makeSample();
    const report = await protect(t.ws, { targets: [t.ws.source], dryRun: true });
    expect(report.job).toMatchObject({ dryRun: true, files: 43, id: null });
    expect(report.job.planned![0]!.destinations).toEqual(['raid', 'shuttle']);
    expect(listFiles(t.ws.destinationPath('raid'))).toEqual([]);
    expect(report.summary.unprotected).toBe(43);
  });

  it('protects a single file target, and refuses a job whose only destination is inside the target', async () => {
    const root = path.join(t.dir, 'nested');
    await t.reopen(root, [{ name: 'inside', media: 'hdd' }]);
    // Destination folder lives under the folder being protected.
    await expect(protect(t.ws, { targets: [root] })).rejects.toThrow(
      /destination "inside" \(.*\) is inside .*nested.*no other destination is left for this job/,
    );
    const single = writeFile(path.join(t.ws.source, 'one.mov'), 'one');
    const r2 = await protect(t.ws, { targets: [single] });
    expect(r2.job.files).toBe(1);
    expect(r2.target).toBe(single);
    expect(r2.assets.map((a) => a.path)).toEqual([single]);
  });
});
