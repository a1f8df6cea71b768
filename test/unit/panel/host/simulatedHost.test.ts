import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { ProjectChange } from '../../../../panel/host/host';
import { DEMO_MEDIA_ROOT, SIMULATED_PROJECT_FILE, SimulatedHost } from '../../../../panel/host/simulatedHost';
import { demoProject, type SimulatedProject } from '../../../../panel/host/simulatedProject';
import { makeTempDir } from '../../../helpers/tempDir';

const small = (name: string, clipIds: string[]): SimulatedProject => ({
  id: `id-${name}`,
  name,
  path: `/p/${name}.prproj`,
  clips: clipIds.map((id) => ({ id, name: id, bin: [], mediaPath: `/m/${id}.mov`, proxyPath: null, offline: false, sequence: false })),
});

describe('SimulatedHost over the demo project', () => {
  const host = new SimulatedHost(demoProject('/media'));

  it('lists the clips breadth-first, skipping the sequence and the synthetic items', async () => {
    const clips = await host.listClips();
    expect(clips.map((c) => [c.id, c.bin.join('/')])).toEqual([
      ['clip-score', ''],
      ['clip-drone', 'Footage'],
      ['clip-logo', 'Graphics'],
      ['clip-a001', 'Footage/Day 1'],
      ['clip-a002', 'Footage/Day 1'],
      ['clip-b001', 'Footage/Day 2'],
    ]);
  });

  it('gives media, proxies and the offline state', async () => {
    const byId = new Map((await host.listClips()).map((c) => [c.id, c]));
    expect(byId.get('clip-a001')).toEqual({
      id: 'clip-a001',
      name: 'A001_C001.mov',
      bin: ['Footage', 'Day 1'],
      mediaPath: '/media/Footage/Day 1/A001_C001.mov',
      proxyPath: '/media/Proxies/A001_C001_Proxy.mov',
      offline: false,
    });
    expect(byId.get('clip-b001')).toMatchObject({ offline: true, proxyPath: null });
  });

  it('describes the project', async () => {
    expect(await host.project()).toEqual({ id: 'demo-project', name: 'Harbour Documentary', path: '/media/Harbour Documentary.prproj' });
  });
});

describe('SimulatedHost changes', () => {
  it('tells every listener of a simulated change, with the new content, until it unsubscribes', async () => {
    const host = new SimulatedHost(small('One', ['a']));
    const seen: ProjectChange[] = [];
    const other: ProjectChange[] = [];
    const stop = host.onProjectChanged((c) => seen.push(c));
    host.onProjectChanged((c) => other.push(c));

    host.simulateChange('dirty', small('One', ['a', 'b']));
    expect((await host.listClips()).map((c) => c.id)).toEqual(['a', 'b']);
    stop();
    host.simulateChange('dirty');
    expect(seen).toEqual(['dirty']);
    expect(other).toEqual(['dirty', 'dirty']);
  });

  it('switches to another project and closes', async () => {
    const host = new SimulatedHost(small('One', ['a']));
    const seen: ProjectChange[] = [];
    host.onProjectChanged((c) => seen.push(c));

    host.simulateChange('switched', small('Two', ['x']));
    expect((await host.project())?.name).toBe('Two');
    expect((await host.listClips()).map((c) => c.id)).toEqual(['x']);

    host.simulateChange('closed');
    expect(await host.project()).toBeNull();
    expect(await host.listClips()).toEqual([]);
    expect(seen).toEqual(['switched', 'closed']);
  });
});

describe('SimulatedHost badges', () => {
  it('records the last badge per clip, with the color label chosen for its state', async () => {
    const host = new SimulatedHost(small('One', ['a', 'b']));
    await host.showStatus([
      { clipId: 'a', state: 'partial', text: '2 copies' },
      { clipId: 'b', state: 'lost', text: 'lost' },
    ]);
    await host.showStatus([{ clipId: 'a', state: 'protected', text: '3-2-1 ✓' }], { colorLabels: { protected: 4 } });
    expect(host.badges()).toEqual([
      { clipId: 'a', state: 'protected', text: '3-2-1 ✓', colorLabel: 4 },
      { clipId: 'b', state: 'lost', text: 'lost' },
    ]);
  });

  it('keeps a label once given when later states have none chosen (labels are not cleared)', async () => {
    const host = new SimulatedHost(small('One', ['a']));
    await host.showStatus([{ clipId: 'a', state: 'protected', text: '3-2-1 ✓' }], { colorLabels: { protected: 4 } });
    await host.showStatus([{ clipId: 'a', state: 'missing', text: 'missing' }]);
    expect(host.badges()).toEqual([{ clipId: 'a', state: 'missing', text: 'missing', colorLabel: 4 }]);
  });

  it('keeps badges with their project, and shows none without a project', async () => {
    const one = small('One', ['a']);
    const host = new SimulatedHost(one);
    await host.showStatus([{ clipId: 'a', state: 'protected', text: '3-2-1 ✓' }]);
    host.simulateChange('switched', small('Two', ['x']));
    expect(host.badges()).toEqual([]);
    host.simulateChange('switched', one);
    expect(host.badges()).toHaveLength(1);
    host.simulateChange('closed');
    await host.showStatus([{ clipId: 'a', state: 'lost', text: 'lost' }]);
    expect(host.badges()).toEqual([]);
  });

  it("offers Premiere's fifteen color labels", () => {
    const choices = new SimulatedHost(null).colorLabelChoices();
    expect(choices).toHaveLength(15);
    expect(choices[0]).toEqual({ index: 0, name: 'Violet' });
    expect(choices[14]).toEqual({ index: 14, name: 'Yellow' });
  });
});

describe('SimulatedHost.fromLocation', () => {
  let served: { dir: string; cleanup: () => void };
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    served = makeTempDir('threefold-simulated-');
    server = http.createServer((req, res) => {
      const file = path.join(served.dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
      if (!fs.existsSync(file)) return void res.writeHead(404).end('not found');
      res.writeHead(200, { 'content-type': 'application/json' }).end(fs.readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    served.cleanup();
  });

  const at = (href: string) => ({ href, search: new URL(href).search });

  it('takes the project from the URL first', async () => {
    fs.writeFileSync(path.join(served.dir, SIMULATED_PROJECT_FILE), JSON.stringify(small('Served', ['s'])));
    const inUrl = { name: 'From URL', path: null, clips: [{ id: 'u', name: 'u', mediaPath: '/m/u.mov' }] };
    const host = await SimulatedHost.fromLocation(at(`${base}/index.html?project=${encodeURIComponent(JSON.stringify(inUrl))}`));
    expect(await host.project()).toEqual({ id: 'From URL', name: 'From URL', path: null });
    expect((await host.listClips()).map((c) => c.id)).toEqual(['u']);
  });

  it('else reads simulated-project.json beside the page', async () => {
    fs.mkdirSync(path.join(served.dir, 'panel'), { recursive: true });
    fs.writeFileSync(path.join(served.dir, 'panel', SIMULATED_PROJECT_FILE), JSON.stringify(small('Served', ['s1', 's2'])));
    const host = await SimulatedHost.fromLocation(at(`${base}/panel/index.html?other=1`));
    expect((await host.project())?.name).toBe('Served');
    expect((await host.listClips()).map((c) => c.id)).toEqual(['s1', 's2']);
  });

  it('else shows the demo project, over media that does not exist', async () => {
    const host = await SimulatedHost.fromLocation(at(`${base}/nothing-here/index.html`));
    expect((await host.project())?.name).toBe('Harbour Documentary');
    const clips = await host.listClips();
    expect(clips.length).toBeGreaterThan(0);
    for (const clip of clips) {
      expect(clip.mediaPath!.startsWith(`${DEMO_MEDIA_ROOT}/`)).toBe(true);
      expect(fs.existsSync(clip.mediaPath!)).toBe(false);
    }
  });

  it('shows the demo when nothing serves the page (no server listening)', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const host = await SimulatedHost.fromLocation(at(`http://127.0.0.1:${port}/index.html`));
    expect((await host.project())?.id).toBe('demo-project');
  });

  it('refuses a project that is given but invalid, saying why', async () => {
    await expect(SimulatedHost.fromLocation(at(`${base}/index.html?project=${encodeURIComponent('{"name":')}`))).rejects.toThrow(/not JSON/);
    fs.mkdirSync(path.join(served.dir, 'bad'), { recursive: true });
    const relative = { name: 'Bad', clips: [{ id: 'r', name: 'r', mediaPath: 'relative/r.mov' }] };
    fs.writeFileSync(path.join(served.dir, 'bad', SIMULATED_PROJECT_FILE), JSON.stringify(relative));
    await expect(SimulatedHost.fromLocation(at(`${base}/bad/index.html`))).rejects.toThrow(/absolute path/);
  });
});

describe('SimulatedHost: selection and clipboard', () => {
  it('tells its listeners of a selection until they unsubscribe, and keeps what was copied in order', async () => {
    const host = new SimulatedHost(demoProject('/media'));
    const seen: string[][] = [];
    const unsubscribe = host.onSelectionChanged((ids) => seen.push(ids));
    host.simulateSelection(['clip-a001']);
    unsubscribe();
    host.simulateSelection(['clip-b001']);
    expect(seen).toEqual([['clip-a001']]);
    await host.copyText('/RAID/a.mov');
    await host.copyText('/RAID/b.mov');
    expect(host.copied).toEqual(['/RAID/a.mov', '/RAID/b.mov']);
  });

  it('a 5,000-clip project is read in slices, giving way between them', async () => {
    const clips = Array.from({ length: 5000 }, (_, i) => ({
      id: `c${i}`,
      name: `c${i}`,
      bin: [],
      mediaPath: `/m/c${i}.mov`,
      proxyPath: null,
      offline: false,
      sequence: false,
    }));
    const host = new SimulatedHost({ id: 'big', name: 'Big', path: null, clips });
    expect(await host.listClips()).toHaveLength(5000);
    expect(host.walkYields).toBe(24);
  });
});
