import fs from 'node:fs';
import path from 'node:path';
import type { ScanDocument } from '../../native-helper/engine/scan';
import type { StatusDocument } from '../../native-helper/engine/status';
import { runCli, runCliJson } from '../helpers/cli';
import { buildLightroomCatalog } from '../helpers/lightroomCatalogBuilder';
import { writePremiereProject } from '../../native-helper/demo/premiereProjectWriter';
import { makeTempDir, pseudoRandomBytes, writeFile } from '../helpers/tempDir';
import { listFiles } from '../helpers/workspace';

let temp: ReturnType<typeof makeTempDir>;
let home: string;
let raid: string;
beforeEach(() => {
  temp = makeTempDir();
  home = path.join(temp.dir, 'home');
  raid = path.join(temp.dir, 'raid');
  fs.mkdirSync(raid, { recursive: true });
  expect(runCli(home, ['dest', 'add', 'raid', raid, '--media', 'raid']).code).toBe(0);
});
afterEach(() => temp.cleanup());

async function ferry(): Promise<{ project: string; clip: string; gone: string }> {
  const clip = writeFile(path.join(temp.dir, 'Media', 'A001.mov'), pseudoRandomBytes(40_000, 1));
  const gone = path.join(temp.dir, 'Media', 'B002.mov');
  const project = await writePremiereProject(path.join(temp.dir, 'Ferry Doc.prproj'), [
    { actualMediaFilePath: clip, title: 'A001' },
    { actualMediaFilePath: gone, title: 'B002' },
  ]);
  return { project, clip, gone };
}

describe('threefold scan', () => {
  it('prints what a project references, by role, and lists what is not found', async () => {
    const { project, gone } = await ferry();
    const r = runCli(home, ['scan', project]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Ferry Doc: Premiere Pro project, version 38/);
    expect(r.stdout).toMatch(/project\s+1 file,/);
    expect(r.stdout).toMatch(/media\s+2 files, 40\.0 kB, 1 not found/);
    expect(r.stdout).toContain(`Not found (1)`);
    expect(r.stdout).toContain(gone);
    expect(listFiles(raid)).toEqual([]);
  });

  it('--json gives the documented shape', async () => {
    const { project, clip } = await ferry();
    const { code, json } = runCliJson<ScanDocument>(home, ['scan', project]);
    expect(code).toBe(0);
    expect(json).toMatchObject({ target: project, kind: 'premiere', project: { name: 'Ferry Doc' }, warnings: [] });
    expect(json.media.find((m) => m.path === clip)).toEqual({ path: clip, role: 'media', exists: true, size: 40_000, clips: ['A001'], offline: false });
  });

  it('scans a Lightroom catalog and a plain folder too', () => {
    const photo = writeFile(path.join(temp.dir, 'Photos', 'IMG_1.CR2'), pseudoRandomBytes(1000, 2));
    const built = buildLightroomCatalog(path.join(temp.dir, 'LR'), {
      photos: [{ root: `${temp.dir}/`, folder: 'Photos/', baseName: 'IMG_1', extension: 'CR2' }],
    });
    built.close();
    const lr = runCliJson<ScanDocument>(home, ['scan', built.path]).json;
    expect(lr.kind).toBe('lightroom');
    expect(lr.media.map((m) => [m.role, m.path])).toEqual([
      ['catalog', built.path],
      ['media', photo],
    ]);
    const folder = runCliJson<ScanDocument>(home, ['scan', path.join(temp.dir, 'Photos')]).json;
    expect(folder).toMatchObject({ kind: 'folder', project: { name: 'Photos', version: null } });
    expect(folder.media.map((m) => m.path)).toEqual([photo]);
  });
});

describe('bad project files end in a clear message, exit 2, nothing written', () => {
  const cases: Array<[string, (file: string) => void]> = [
    ['a truncated gzip', (f) => fs.writeFileSync(f, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00]))],
    ['malformed XML', (f) => fs.writeFileSync(f, '<PremiereData Version="3"><Media></PremiereData>')],
    [
      'an XML bomb',
      (f) =>
        fs.writeFileSync(
          f,
          '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><PremiereData>&lol2;</PremiereData>',
        ),
    ],
    ['an empty file', (f) => fs.writeFileSync(f, '')],
  ];
  for (const [name, write] of cases) {
    it(`${name}: protect and scan`, () => {
      const project = path.join(temp.dir, 'Bad.prproj');
      write(project);
      for (const command of [
        ['protect', project],
        ['scan', project],
      ]) {
        const r = runCli(home, command);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(project);
        expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
      }
      expect(listFiles(raid)).toEqual([]);
    });
  }

  it('a target that is not there', () => {
    const missing = path.join(temp.dir, 'Nowhere', 'Media');
    const r = runCli(home, ['scan', missing]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${missing}: no such file or folder`);
  });

  it('a catalog that is not SQLite', () => {
    const catalog = writeFile(path.join(temp.dir, 'Photos.lrcat'), Buffer.from('not a database at all, just text\n'.repeat(10)));
    const r = runCli(home, ['protect', catalog]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a Lightroom catalog|not an SQLite/);
    expect(listFiles(raid)).toEqual([]);
  });

  it('a project whose every path is missing', async () => {
    const project = await writePremiereProject(path.join(temp.dir, 'Gone.prproj'), [{ actualMediaFilePath: '/nowhere/x.mov', title: 'x' }]);
    const r = runCli(home, ['protect', project]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/none of the 1 media files/);
    expect(listFiles(raid)).toEqual([]);
  });
});

describe('threefold status of a project', () => {
  it('shows every file the project uses, the missing one as lost', async () => {
    const { project, clip, gone } = await ferry();
    expect(runCli(home, ['protect', project]).code).toBe(1); // one clip is not found
    const { json } = runCliJson<StatusDocument>(home, ['status', project]);
    const states = Object.fromEntries(json.assets.map((a) => [a.path, a.state]));
    expect(states).toEqual({ [project]: 'partial', [clip]: 'partial', [gone]: 'lost' });
  });
});
