import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { writePremiereProject } from '../../native-helper/demo/premiereProjectWriter';
import type { VersionsReport } from '../../native-helper/engine/restore/keptVersionList';
import type { VersionRestoreReport } from '../../native-helper/engine/restore/restoreVersion';
import { protect } from '../../native-helper/engine/protect';
import { runCli, runCliAsync, runCliJson } from '../helpers/cli';
import { addCloudDestination, s3Environment } from '../helpers/cloudWorkspace';
import { xxhsum } from '../helpers/oracles';
import { pseudoRandomBytes, writeFile } from '../helpers/tempDir';
import { useTempWorkspace } from '../helpers/workspace';

const t = useTempWorkspace();

const FIRST_SAVE = Date.parse('2026-11-23T10:15:30Z');
const SECOND_SAVE = Date.parse('2026-11-23T11:00:00Z');

/** A project protected after two saves: the bytes, hash and mtime of each save. */
async function twoSaves(): Promise<{ project: string; clip: string; saves: Array<{ bytes: Buffer; xxh64: string; mtimeMs: number }> }> {
  const clip = writeFile(path.join(t.ws.source, 'A001.mov'), pseudoRandomBytes(200_000, 1));
  const project = await writePremiereProject(path.join(t.dir, 'Projects', 'Ferry Doc.prproj'), [{ actualMediaFilePath: clip, title: 'A001' }]);
  const saves = [];
  for (const [i, at] of [FIRST_SAVE, SECOND_SAVE].entries()) {
    if (i > 0) {
      const xml = zlib.gunzipSync(fs.readFileSync(project)).toString('utf8');
      fs.writeFileSync(project, zlib.gzipSync(xml.replace('</PremiereData>', '<!-- second save -->\n</PremiereData>')));
    }
    fs.utimesSync(project, new Date(at), new Date(at));
    saves.push({ bytes: fs.readFileSync(project), xxh64: xxhsum(project), mtimeMs: at });
    const report = await protect(t.ws, { targets: [project] });
    expect(report.job.failed).toEqual([]);
  }
  return { project, clip, saves };
}

describe('threefold versions', () => {
  it('lists both saves of a project, newest first, with their copies on each destination', async () => {
    const { project, saves } = await twoSaves();
    const { code, json } = runCliJson<VersionsReport>(t.ws.home, ['versions', project]);
    expect(code).toBe(0);
    expect(json.versions.map((v) => [v.id, v.mtime, v.xxh64, v.size, v.current])).toEqual([
      ['2026-11-23T110000Z', '2026-11-23T11:00:00.000Z', saves[1]!.xxh64, saves[1]!.bytes.length, true],
      ['2026-11-23T101530Z', '2026-11-23T10:15:30.000Z', saves[0]!.xxh64, saves[0]!.bytes.length, false],
    ]);
    for (const v of json.versions) {
      expect(v.copies.map((c) => c.destination).sort()).toEqual(['raid', 'shuttle']);
      // Each listed place holds that version's bytes, as xxhsum reads them.
      for (const c of v.copies) expect(xxhsum(c.location)).toBe(v.xxh64);
    }
    expect(json.file).toMatchObject({ exists: true, size: saves[1]!.bytes.length, recorded: { xxh64: saves[1]!.xxh64 } });

    const text = runCli(t.ws.home, ['versions', project]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/2 kept versions/);
    expect(text.stdout).toMatch(/id 2026-11-23T101530Z/);
  });

  it('says so for a file without kept versions and for a file never protected', async () => {
    const { clip } = await twoSaves();
    const plain = runCliJson<VersionsReport>(t.ws.home, ['versions', clip]);
    expect(plain.code).toBe(0);
    expect(plain.json.versions).toEqual([]);
    expect(plain.json.note).toMatch(/no version of it is kept/);
    const stranger = writeFile(path.join(t.ws.source, 'never.mov'), 'x');
    const never = runCli(t.ws.home, ['versions', stranger]);
    expect(never.code).toBe(2);
    expect(never.stderr).toMatch(/never protected/);
  });
});

describe('threefold restore --version', () => {
  it('writes the older save beside the current file, verified, with its mtime; the current file untouched', async () => {
    const { project, saves } = await twoSaves();
    // 10:15 names the newest version at or before 10:15:59.
    const { code, json } = runCliJson<VersionRestoreReport>(t.ws.home, ['restore', project, '--version', '2026-11-23T10:15Z']);
    expect(code).toBe(0);
    const file = json.files[0]!;
    expect(file).toMatchObject({ state: 'restored', from: 'raid' });
    expect(path.dirname(file.target!)).toBe(path.dirname(project));
    expect(path.basename(file.target!)).toMatch(/^Ferry Doc\.version-\d{4}-\d\d-\d\dT\d{4}(\d\d)?\.prproj$/);
    expect(xxhsum(file.target!)).toBe(saves[0]!.xxh64);
    expect(fs.readFileSync(file.target!).equals(saves[0]!.bytes)).toBe(true);
    expect(fs.statSync(file.target!).mtimeMs).toBe(saves[0]!.mtimeMs);
    expect(xxhsum(project)).toBe(saves[1]!.xxh64);
    expect(fs.readdirSync(path.dirname(project)).filter((n) => n.includes('threefold-partial'))).toEqual([]);
    expect(t.ws.catalog.jobs.recent(1)[0]).toMatchObject({ kind: 'restore', state: 'succeeded', files: 1 });

    // Asked again, by its id: already there, nothing new written.
    const again = runCliJson<VersionRestoreReport>(t.ws.home, ['restore', project, '--version', json.version.id]);
    expect(again.json.files[0]).toMatchObject({ state: 'already-there', target: file.target });
    expect(fs.readdirSync(path.dirname(project)).filter((n) => n.includes('.version-'))).toHaveLength(1);
  });

  it('reads the next copy when one is corrupt, and writes under --to', async () => {
    const { project, saves } = await twoSaves();
    const versions = runCliJson<VersionsReport>(t.ws.home, ['versions', project]).json;
    const old = versions.versions[1]!;
    const raidCopy = old.copies.find((c) => c.destination === 'raid')!.location;
    fs.writeFileSync(raidCopy, Buffer.alloc(old.size, 7));
    const to = path.join(t.dir, 'Elsewhere');
    fs.mkdirSync(to);
    const { code, json } = runCliJson<VersionRestoreReport>(t.ws.home, ['restore', project, '--version', old.id, '--to', to]);
    expect(code).toBe(0);
    const file = json.files[0]!;
    expect(file).toMatchObject({ state: 'restored', from: 'shuttle' });
    expect(file.attempts).toEqual([{ destination: 'raid', location: raidCopy, error: expect.stringMatching(/content changed/) }]);
    expect(file.target!.startsWith(`${to}${path.sep}`)).toBe(true);
    expect(xxhsum(file.target!)).toBe(saves[0]!.xxh64);
  });

  it('brings a version back from the cloud when the disk’s copy is gone', async () => {
    await t.reopen(t.dir, [{ name: 'raid', media: 'raid' }]);
    await addCloudDestination(t.ws);
    const { project, saves } = await twoSaves();
    const old = runCliJson<VersionsReport>(t.ws.home, ['versions', project]).json.versions[1]!;
    expect(old.copies.map((c) => c.destination).sort()).toEqual(['cloud', 'raid']);
    fs.rmSync(old.copies.find((c) => c.destination === 'raid')!.location);
    const r = await runCliAsync(t.ws.home, ['restore', project, '--version', old.id, '--json'], { env: s3Environment() });
    expect(r.code).toBe(0);
    const file = (JSON.parse(r.stdout) as VersionRestoreReport).files[0]!;
    expect(file).toMatchObject({ state: 'restored', from: 'cloud' });
    expect(file.attempts).toEqual([expect.objectContaining({ destination: 'raid' })]);
    expect(xxhsum(file.target!)).toBe(saves[0]!.xxh64);
    expect(fs.statSync(file.target!).mtimeMs).toBe(saves[0]!.mtimeMs);
  });

  it('fails with each copy’s reason when every copy of the version is bad; refuses a time before every version', async () => {
    const { project } = await twoSaves();
    const old = runCliJson<VersionsReport>(t.ws.home, ['versions', project]).json.versions[1]!;
    for (const c of old.copies) fs.rmSync(c.location);
    const r = runCliJson<VersionRestoreReport>(t.ws.home, ['restore', project, '--version', '2026-11-23T10:16Z']);
    expect(r.code).toBe(1);
    expect(r.json.files[0]!.state).toBe('failed');
    expect(r.json.files[0]!.attempts.map((a) => a.destination).sort()).toEqual(['raid', 'shuttle']);
    expect(fs.readdirSync(path.dirname(project)).filter((n) => n !== 'Ferry Doc.prproj')).toEqual([]);

    const early = runCli(t.ws.home, ['restore', project, '--version', '2026-11-23T10:14Z']);
    expect(early.code).toBe(2);
    expect(early.stderr).toMatch(/no kept version at or before 2026-11-23T10:14Z; the oldest is 2026-11-23T101530Z/);
  });
});
