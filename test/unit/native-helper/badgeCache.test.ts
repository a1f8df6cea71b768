// The helper's kept badges, driven directly: a real catalog and real files in a temp dir, no socket.
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { Badges } from '../../../src/protocol/badges';
import type { AssetStatusMessage, HelperEvent, RequestOf } from '../../../src/protocol/messages';
import { Catalog } from '../../../native-helper/catalog/catalog';
import { catalogPath } from '../../../native-helper/config/config';
import { BadgeCache } from '../../../native-helper/service/badgeCache';
import { Refusal } from '../../../native-helper/service/refusal';
import { runCli } from '../../helpers/cli';
import { makeTempDir, writeFile } from '../../helpers/tempDir';

let temp: ReturnType<typeof makeTempDir>;
let home: string;
let catalog: Catalog;
let events: HelperEvent[];
let logged: string[];

beforeEach(() => {
  temp = makeTempDir();
  home = path.join(temp.dir, 'home');
  fs.mkdirSync(path.join(temp.dir, 'raid'));
  expect(runCli(home, ['dest', 'add', 'raid', path.join(temp.dir, 'raid'), '--media', 'raid']).code).toBe(0);
  catalog = Catalog.open(catalogPath(home));
  events = [];
  logged = [];
});

afterEach(() => {
  catalog.close();
  temp.cleanup();
});

function cache(freshMs: number): BadgeCache {
  return new BadgeCache({ home, catalog, emit: (e) => events.push(e), log: (l) => logged.push(l), freshMs });
}

async function badgesOf(c: BadgeCache, target: string): Promise<Badges> {
  return JSON.parse((await c.badges({ id: '1', type: 'badges', target })).bytes.toString()) as Badges;
}

function protectedStatus(file: string, size = fs.statSync(file).size): AssetStatusMessage {
  return {
    path: file,
    size,
    xxh64: '0123456789abcdef',
    state: 'protected',
    label: '3-2-1 ✓',
    copies: 3,
    media: ['raid', 'cloud'],
    offsite: 1,
    missing: [],
    locations: [],
  };
}

describe('BadgeCache', () => {
  it("a job's statuses patch the kept answer: the next one shows them and counts them, without looking again", async () => {
    const files = ['a', 'b', 'c'].map((n) => writeFile(path.join(temp.dir, 'card', `${n}.mov`), n.repeat(10)));
    const c = cache(60_000);
    const first = await badgesOf(c, path.join(temp.dir, 'card'));
    expect(first.summary).toMatchObject({ assets: 3, unprotected: 3 });

    c.patch([{ ...protectedStatus(files[1]!), problem: 'copy on nas: disk full' }, protectedStatus(path.join(temp.dir, 'elsewhere.mov'), 5)]);
    const patched = await badgesOf(c, path.join(temp.dir, 'card'));
    expect(patched.checkedAt).toBe(first.checkedAt);
    expect(patched.summary).toMatchObject({ assets: 3, unprotected: 2, protected: 1 });
    expect(patched.badges[patched.files.badge[1]!]).toMatchObject({ state: 'protected', label: '3-2-1 ✓' });
    expect(patched.notes).toEqual([{ at: 1, problem: 'copy on nas: disk full' }]);
    // A file of no kept project changes nothing, and nothing is announced by a patch.
    expect(patched.files.path).toEqual(files);
    expect(events).toEqual([]);

    c.patch([protectedStatus(files[1]!)]);
    expect((await badgesOf(c, path.join(temp.dir, 'card'))).notes).toEqual([{ at: 1 }]);
  });

  it('a target that cannot be read fails its request with the reader’s message, every time it is asked', async () => {
    const broken = writeFile(path.join(temp.dir, 'Broken.prproj'), 'not gzip, not XML');
    const c = cache(60_000);
    await expect(badgesOf(c, broken)).rejects.toThrow(/Broken\.prproj/);
    await expect(badgesOf(c, broken)).rejects.toThrow(/Broken\.prproj/);
  });

  it('a later look that fails keeps the last answer and logs why', async () => {
    const folder = path.join(temp.dir, 'card');
    writeFile(path.join(folder, 'a.mov'), 'a');
    const c = cache(0);
    const first = await badgesOf(c, folder);
    fs.writeFileSync(path.join(home, 'config.json'), '{ not json');
    // Older than twice the first look took: this request looks again.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = await badgesOf(c, folder);
    expect(second.files).toEqual(first.files);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(logged.join('\n')).toMatch(/could not be refreshed/);
  });

  it('an unknown project name is refused with not-found', async () => {
    const c = cache(60_000);
    await expect(c.badges({ id: '1', type: 'badges', project: 'nope' })).rejects.toThrow(Refusal);
    await expect(c.badges({ id: '1', type: 'badges', project: 'nope' })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('keeps at most four projects: the least recently asked is forgotten', async () => {
    const c = cache(60_000);
    const refs: string[] = [];
    for (let i = 0; i < 5; i++) {
      const file = writeFile(path.join(temp.dir, `p${i}`, 'a.mov'), 'x');
      const answer = JSON.parse(
        (
          await c.badges(
            { id: '1', type: 'badges', host: { name: `P${i}`, media: [{ path: file, role: 'media', clips: [], offline: false }] } },
            { name: `P${i}`, files: [{ path: file, role: 'media', clips: [], offline: false, versioned: false }] },
          )
        ).bytes.toString(),
      ) as Badges;
      refs.push(answer.project!);
    }
    await expect(c.badges({ id: '1', type: 'badges', project: refs[0]! })).rejects.toMatchObject({ code: 'not-found' });
    for (const ref of refs.slice(1)) expect(JSON.parse((await c.badges({ id: '1', type: 'badges', project: ref })).bytes.toString()).project).toBe(ref);
  });

  it("lets a request by host list go while its first look runs (a host's 100,000 files would stay in memory)", async () => {
    v8.setFlagsFromString('--expose-gc');
    const collectGarbage = vm.runInNewContext('gc') as () => void;
    const files = Array.from({ length: 2000 }, (_, i) => writeFile(path.join(temp.dir, 'card', `${i}.mov`), 'x'));
    const host = { name: 'P', files: files.map((file) => ({ path: file, role: 'media' as const, clips: [], offline: false, versioned: false })) };
    let request: RequestOf<'badges'> | undefined = {
      id: '1',
      type: 'badges',
      host: { name: 'P', media: files.map((file) => ({ path: file, role: 'media', clips: [], offline: false })) },
    };
    const held = new WeakRef(request);
    let answered = false;
    const answering = cache(60_000)
      .badges(request, host)
      .finally(() => (answered = true));
    request = undefined;
    // A WeakRef holds its object until the current task ends: collect in the next one, the look still running.
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    const stillRunning = !answered;
    const collected = held.deref() === undefined;
    const answer = JSON.parse((await answering).bytes.toString()) as Badges;
    expect(answer.files.path).toHaveLength(2000);
    expect(stillRunning).toBe(true);
    expect(collected).toBe(true);
  });
});
