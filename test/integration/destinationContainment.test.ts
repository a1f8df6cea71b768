import fs from 'node:fs';
import path from 'node:path';
import { writePremiereProject } from '../../native-helper/demo/premiereProjectWriter';
import type { ProtectReport } from '../../native-helper/engine/protect';
import { runCli, runCliJson } from '../helpers/cli';
import { makeTempDir, writeFile } from '../helpers/tempDir';
import { listFiles } from '../helpers/workspace';

let temp: ReturnType<typeof makeTempDir>;
let home: string;

beforeEach(() => {
  temp = makeTempDir();
  home = path.join(temp.dir, 'home');
});
afterEach(() => temp.cleanup());

const destinations = (): unknown[] => runCliJson<unknown[]>(home, ['dest', 'list']).json;

describe('dest add refuses a folder that would hold the sources', () => {
  it.each([
    ['/', /\/ cannot be a destination: it is the root of the file system/],
    ['HOME_PARENT', /cannot be a destination: it holds Threefold's own folder .*home/],
    ['HOME_CHILD', /cannot be a destination: it is inside Threefold's own folder .*home/],
  ])('%s: exit 2, nothing saved', (where, message) => {
    const folder = where === 'HOME_PARENT' ? temp.dir : where === 'HOME_CHILD' ? path.join(home, 'backup') : where;
    fs.mkdirSync(home, { recursive: true });
    fs.mkdirSync(folder, { recursive: true });
    const r = runCli(home, ['dest', 'add', 'everything', folder, '--media', 'hdd']);
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(message)]);
    expect(destinations()).toEqual([]);
  });
});

describe('protect refuses a destination that overlaps a target, for that job', () => {
  it('a target that holds a destination root: that destination is refused, naming both; the others get every file', () => {
    const project = path.join(temp.dir, 'Ferry');
    const clip = writeFile(path.join(project, 'Media', 'a.mov'), 'clip');
    const inside = path.join(project, 'Backup');
    const usb = path.join(temp.dir, 'usb');
    for (const d of [inside, usb]) fs.mkdirSync(d, { recursive: true });
    expect(runCli(home, ['dest', 'add', 'raid', inside, '--media', 'raid']).code).toBe(0);
    expect(runCli(home, ['dest', 'add', 'shuttle', usb, '--media', 'hdd']).code).toBe(0);

    const { code, json } = runCliJson<ProtectReport>(home, ['protect', project]);

    expect(code).toBe(1);
    expect(json.job.failed).toEqual([
      {
        path: project,
        destination: 'raid',
        error: expect.stringMatching(new RegExp(`^destination "raid" \\(${inside}\\) is inside ${project}: .*nothing was copied there`)),
      },
    ]);
    expect(listFiles(inside)).toEqual([]);
    expect(listFiles(usb)).toContain(`${clip.slice(1)}`);
  });

  it('a destination root reached through a link inside a target is never walked: the copies are not copied again', () => {
    const project = path.join(temp.dir, 'Ferry');
    const clip = writeFile(path.join(project, 'Media', 'a.mov'), 'clip');
    const disk = path.join(temp.dir, 'disk');
    const raid = path.join(disk, 'threefold');
    writeFile(path.join(raid, 'earlier', 'copy.mov'), 'a copy made earlier');
    const notes = writeFile(path.join(disk, 'notes.txt'), 'beside the destination');
    fs.symlinkSync(disk, path.join(project, 'disk'));
    expect(runCli(home, ['dest', 'add', 'raid', raid, '--media', 'raid']).code).toBe(0);

    const { code, json } = runCliJson<ProtectReport>(home, ['protect', project]);

    expect(code).toBe(0);
    expect(json.warnings).toContain(`${path.join(project, 'disk', 'threefold')}: skipped, it is a Threefold destination`);
    expect(json.assets.map((a) => a.path).sort()).toEqual([clip, path.join(project, 'disk', path.basename(notes))].sort());
  });

  it('a root dest add refuses, put in config.json by hand, is refused at protect: no source is "copied" onto itself', () => {
    const clip = writeFile(path.join(temp.dir, 'Media', 'a.mov'), 'clip');
    const inode = fs.statSync(clip).ino;
    const usb = path.join(temp.dir, 'usb');
    fs.mkdirSync(usb);
    expect(runCli(home, ['dest', 'add', 'shuttle', usb, '--media', 'hdd']).code).toBe(0);
    const configFile = path.join(home, 'config.json');
    const config = JSON.parse(fs.readFileSync(configFile, 'utf8'));
    config.destinations.push({ name: 'everything', kind: 'local', path: '/', media: 'hdd', offsite: false });
    fs.writeFileSync(configFile, JSON.stringify(config));

    // A dry run first: code that let `/` through would copy onto the system's root.
    const planned = runCliJson<ProtectReport>(home, ['protect', clip, '--dry-run']);
    const refusal = { path: '/', destination: 'everything', error: expect.stringMatching(/^\/ cannot be a destination: it is the root of the file system/) };
    expect(planned.json.job).toMatchObject({ failed: [refusal], planned: [{ path: clip, destinations: ['shuttle'] }] });

    const { code, json } = runCliJson<ProtectReport>(home, ['protect', clip]);

    expect(code).toBe(1);
    expect(json.job.failed).toEqual([refusal]);
    expect(fs.statSync(clip).ino).toBe(inode);
    expect(listFiles(usb)).toContain(clip.slice(1));
  });

  it("a root inside another destination's, put in config.json by hand, is refused at protect: one disk is not two copies", () => {
    const clip = writeFile(path.join(temp.dir, 'Media', 'a.mov'), 'clip');
    const disk = path.join(temp.dir, 'disk');
    fs.mkdirSync(disk);
    expect(runCli(home, ['dest', 'add', 'raid', disk, '--media', 'raid']).code).toBe(0);
    const inner = path.join(disk, 'inner');
    fs.mkdirSync(inner);
    const configFile = path.join(home, 'config.json');
    const config = JSON.parse(fs.readFileSync(configFile, 'utf8'));
    config.destinations.push({ name: 'shuttle', kind: 'local', path: inner, media: 'hdd', offsite: false });
    fs.writeFileSync(configFile, JSON.stringify(config));

    const { code, json } = runCliJson<ProtectReport>(home, ['protect', clip]);

    expect(code).toBe(1);
    expect(json.job.failed).toEqual([{ path: inner, destination: 'shuttle', error: expect.stringContaining('overlaps destination "raid"') }]);
    expect(json.assets[0]).toMatchObject({ copies: 2 });
    expect(listFiles(inner)).toEqual([]);
  });

  it('a project’s media inside a destination root: not copied there (naming both), copied to the others', async () => {
    const raid = path.join(temp.dir, 'raid');
    const usb = path.join(temp.dir, 'usb');
    const relinked = writeFile(path.join(raid, 'Volumes-copy', 'A001.mov'), 'a clip relinked to its backup copy');
    const clip = writeFile(path.join(temp.dir, 'Media', 'B002.mov'), 'a clip where it belongs');
    fs.mkdirSync(usb);
    const project = await writePremiereProject(path.join(temp.dir, 'Projects', 'Ferry.prproj'), [
      { actualMediaFilePath: relinked, title: 'A001' },
      { actualMediaFilePath: clip, title: 'B002' },
    ]);
    expect(runCli(home, ['dest', 'add', 'raid', raid, '--media', 'raid']).code).toBe(0);
    expect(runCli(home, ['dest', 'add', 'shuttle', usb, '--media', 'hdd']).code).toBe(0);
    const before = listFiles(raid);

    const { code, json } = runCliJson<ProtectReport>(home, ['protect', project]);

    expect(code).toBe(1);
    expect(json.job.failed).toEqual([
      { path: relinked, destination: 'raid', error: `it is inside destination "raid" (${raid}): a destination may not hold its sources; not copied there` },
    ]);
    expect(listFiles(raid).filter((f) => f.endsWith('A001.mov'))).toEqual(before);
    expect(listFiles(raid)).toContain(clip.slice(1));
    expect(listFiles(usb)).toEqual(expect.arrayContaining([relinked.slice(1), clip.slice(1)]));
  });

  it('a project’s media reached through a link into a destination root: not copied there either', async () => {
    const raid = path.join(temp.dir, 'raid');
    const usb = path.join(temp.dir, 'usb');
    writeFile(path.join(raid, 'Volumes-copy', 'A001.mov'), 'a clip relinked to its backup copy, through a link');
    fs.mkdirSync(usb);
    const link = path.join(temp.dir, 'Projects', 'backup');
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(raid, link);
    const relinked = path.join(link, 'Volumes-copy', 'A001.mov');
    const project = await writePremiereProject(path.join(temp.dir, 'Projects', 'Ferry.prproj'), [{ actualMediaFilePath: relinked, title: 'A001' }]);
    expect(runCli(home, ['dest', 'add', 'raid', raid, '--media', 'raid']).code).toBe(0);
    expect(runCli(home, ['dest', 'add', 'shuttle', usb, '--media', 'hdd']).code).toBe(0);
    const before = listFiles(raid);

    const { code, json } = runCliJson<ProtectReport>(home, ['protect', project]);

    expect(code).toBe(1);
    expect(json.job.failed).toEqual([{ path: relinked, destination: 'raid', error: expect.stringContaining(`it is inside destination "raid" (${raid})`) }]);
    expect(listFiles(raid).filter((f) => f.endsWith('A001.mov'))).toEqual(before);
    expect(listFiles(usb)).toContain(relinked.slice(1));
  });

  it('a target inside a destination root: refused there; with no other destination the job is refused (exit 2)', () => {
    const raid = path.join(temp.dir, 'raid');
    const stray = writeFile(path.join(raid, 'stray', 'b.mov'), 'stray');
    const usb = path.join(temp.dir, 'usb');
    fs.mkdirSync(usb);
    expect(runCli(home, ['dest', 'add', 'raid', raid, '--media', 'raid']).code).toBe(0);
    expect(runCli(home, ['dest', 'add', 'shuttle', usb, '--media', 'hdd']).code).toBe(0);
    const before = listFiles(raid);

    const alone = runCli(home, ['protect', path.dirname(stray), '--to', 'raid']);
    expect([alone.code, alone.stderr]).toEqual([2, expect.stringMatching(/is inside destination "raid" .*no other destination is left for this job/)]);

    const { code, json } = runCliJson<ProtectReport>(home, ['protect', path.dirname(stray)]);
    expect(code).toBe(1);
    expect(json.job.failed).toEqual([
      { path: path.dirname(stray), destination: 'raid', error: expect.stringContaining(`is inside destination "raid" (${raid})`) },
    ]);
    expect(listFiles(raid)).toEqual(before);
    expect(listFiles(usb)).toContain(stray.slice(1));
  });
});
