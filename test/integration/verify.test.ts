import fs from 'node:fs';
import path from 'node:path';
import { mapSourcePath } from '../../src/paths/mapSourcePath';
import { protect } from '../../native-helper/engine/protect';
import { statusOfTargets } from '../../native-helper/engine/status';
import { verify } from '../../native-helper/engine/verify';
import { checkHistory, readGeneration } from '../helpers/mhlCheck';
import { makeTempDir, pseudoRandomBytes, writeFile } from '../helpers/tempDir';
import { copyPathOf, makeWorkspace, type TestWorkspace } from '../helpers/workspace';

let temp: ReturnType<typeof makeTempDir>;
let ws: TestWorkspace;
let files: string[];

beforeEach(async () => {
  temp = makeTempDir();
  ws = await makeWorkspace(temp.dir);
  files = ['A001.mov', 'A002.mov', 'A003.mov'].map((n, i) => writeFile(path.join(ws.source, n), pseudoRandomBytes(300_000 + i, i + 1)));
  const mtime = new Date('2026-03-04T05:06:07Z');
  for (const f of files) fs.utimesSync(f, mtime, mtime);
  await protect(ws, { targets: [ws.source] });
});
afterEach(() => {
  ws.close();
  temp.cleanup();
});

const copyPath = (destination: string, source: string): string => copyPathOf(ws, destination, source);

describe('verify', () => {
  it('passes on intact copies and writes an in-place generation of verified hashes', async () => {
    const report = await verify(ws, { targets: [] });
    expect(report.copies).toEqual({ checked: 6, passed: 6, failed: 0 });
    expect(report.failures).toEqual([]);
    const names = checkHistory(ws.destinationPath('raid'));
    expect(names).toHaveLength(2);
    const g = readGeneration(path.join(ws.destinationPath('raid'), 'ascmhl', names[1]!));
    expect(g.process).toBe('in-place');
    expect(g.hashes.map((h) => h.action)).toEqual(['verified', 'verified', 'verified']);
  });

  it('finds a truncated copy and a copy with one flipped byte; status turns failed; protect repairs them', async () => {
    fs.truncateSync(copyPath('raid', files[0]!), 1000);
    const flipped = copyPath('shuttle', files[1]!);
    const bytes = fs.readFileSync(flipped);
    bytes[77_777] ^= 0x40;
    fs.writeFileSync(flipped, bytes);

    const report = await verify(ws, { targets: [] });
    expect(report.copies).toEqual({ checked: 6, passed: 4, failed: 2 });
    expect(report.failures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: files[0], destination: 'raid', error: expect.stringContaining('truncated') }),
        expect.objectContaining({ path: files[1], destination: 'shuttle', error: expect.stringContaining('bit rot') }),
      ]),
    );
    const g = readGeneration(path.join(ws.destinationPath('shuttle'), 'ascmhl', checkHistoryNames('shuttle')[1]!));
    expect(g.hashes.filter((h) => h.action === 'failed').map((h) => h.path)).toEqual([mapSourcePath(files[1]!)]);

    const status = await statusOfTargets(ws.config, ws.catalog, [ws.source]);
    expect(status.assets.map((a) => a.state)).toEqual(['failed', 'failed', 'partial']);
    expect(status.assets[0]!.problem).toContain('copy on raid');
    expect(status.assets[0]!.locations.map((l) => l.destination)).toEqual(['shuttle']);

    const repair = await protect(ws, { targets: [ws.source] });
    expect(repair.job.files).toBe(2);
    expect(repair.assets.map((a) => a.state)).toEqual(['partial', 'partial', 'partial']);
    expect((await verify(ws, { targets: [] })).failures).toEqual([]);
    checkHistory(ws.destinationPath('raid'));
    checkHistory(ws.destinationPath('shuttle'));
  });

  it('finds a copy that is gone', async () => {
    fs.rmSync(copyPath('shuttle', files[2]!));
    const report = await verify(ws, { targets: [], only: ['shuttle'] });
    expect(report.copies).toEqual({ checked: 3, passed: 2, failed: 1 });
    expect(report.failures[0]).toMatchObject({ path: files[2], destination: 'shuttle', error: 'the copy is gone' });
  });

  it('--sources catches a source corrupted in place (same size and mtime), which status alone cannot see', async () => {
    const { atime, mtime } = fs.statSync(files[0]!);
    const bytes = fs.readFileSync(files[0]!);
    bytes[5] ^= 0xff;
    fs.writeFileSync(files[0]!, bytes);
    fs.utimesSync(files[0]!, atime, mtime);
    expect((await statusOfTargets(ws.config, ws.catalog, [ws.source])).assets[0]!.state).toBe('partial');

    const report = await verify(ws, { targets: [ws.source], sources: true });
    expect(report.sources).toEqual({ checked: 3, passed: 2, failed: 1, skipped: 0 });
    expect(report.failures).toEqual([expect.objectContaining({ path: files[0], destination: null, error: expect.stringContaining('possible corruption') })]);
    const status = await statusOfTargets(ws.config, ws.catalog, [ws.source]);
    expect(status.assets[0]).toMatchObject({ state: 'failed', copies: 2 });
  });

  it('an unreachable destination is reported without condemning its copies', async () => {
    fs.rmSync(ws.destinationPath('shuttle'), { recursive: true });
    const report = await verify(ws, { targets: [] });
    expect(report.copies).toEqual({ checked: 3, passed: 3, failed: 0 });
    expect(report.failures).toEqual([expect.objectContaining({ destination: 'shuttle', error: expect.stringContaining('not reachable') })]);
    const status = await statusOfTargets(ws.config, ws.catalog, [ws.source]);
    expect(status.assets.every((a) => a.copies === 3)).toBe(true);
  });
});

function checkHistoryNames(destination: string): string[] {
  return fs
    .readdirSync(path.join(ws.destinationPath(destination), 'ascmhl'))
    .filter((n) => n.endsWith('.mhl'))
    .sort();
}
