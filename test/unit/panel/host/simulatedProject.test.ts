import { binTree, demoProject, parseSimulatedProject, referencedFiles } from '../../../../panel/host/simulatedProject';

describe('parseSimulatedProject', () => {
  it('takes the shape the end-to-end tests write: flat clips with their bins, a sequence without media', () => {
    const json = JSON.stringify({
      name: 'Documentary',
      path: '/tmp/x/Projects/Documentary.prproj',
      clips: [
        { id: 'clip-a001', name: 'A001', bin: ['Footage', 'Day 1'], mediaPath: '/tmp/x/A001.mov', proxyPath: null, offline: false },
        { id: 'seq-assembly', name: 'Assembly', bin: [], mediaPath: null, proxyPath: null, offline: false },
      ],
    });
    const project = parseSimulatedProject(json);
    expect(project.id).toBe('/tmp/x/Projects/Documentary.prproj');
    expect(project.clips[1]).toEqual({ id: 'seq-assembly', name: 'Assembly', bin: [], mediaPath: null, proxyPath: null, offline: false, sequence: false });
  });

  it('fills the defaults a test may leave out', () => {
    const project = parseSimulatedProject(JSON.stringify({ id: 'g', name: 'N', clips: [{ id: 'a', name: 'a', mediaPath: 'C:\\m\\a.mov' }] }));
    expect(project).toEqual({
      id: 'g',
      name: 'N',
      path: null,
      clips: [{ id: 'a', name: 'a', bin: [], mediaPath: 'C:\\m\\a.mov', proxyPath: null, offline: false, sequence: false }],
    });
  });

  it('says what is wrong: not JSON, relative paths, unknown fields, missing names', () => {
    expect(() => parseSimulatedProject('{')).toThrow(/not JSON/);
    expect(() => parseSimulatedProject(JSON.stringify({ name: 'N', clips: [{ id: 'a', name: 'a', mediaPath: 'a.mov' }] }))).toThrow(/absolute path/);
    expect(() => parseSimulatedProject(JSON.stringify({ name: 'N', clips: [], colour: 'red' }))).toThrow(/colour/);
    expect(() => parseSimulatedProject(JSON.stringify({ clips: [] }))).toThrow(/name/);
  });
});

describe('binTree', () => {
  it('builds bins in the order the list first names them, each with its clips in list order', () => {
    const clip = (id: string, bin: string[]) => ({ id, name: id, bin, mediaPath: `/m/${id}`, proxyPath: null, offline: false, sequence: false });
    const tree = binTree([clip('1', ['B', 'x']), clip('2', []), clip('3', ['A']), clip('4', ['B']), clip('5', ['B', 'x'])]);
    const shape = (bin: ReturnType<typeof binTree>): unknown => ({ [bin.name]: [...bin.clips.map((c) => c.id), ...bin.bins.map(shape)] });
    expect(shape(tree)).toEqual({ '': ['2', { B: ['4', { x: ['1', '5'] }] }, { A: ['3'] }] });
  });
});

describe('demoProject', () => {
  it('puts every file under the media root, with its separator', () => {
    const posix = referencedFiles(demoProject('/media/'));
    expect(posix.every((f) => f.path.startsWith('/media/') && !f.path.includes('//'))).toBe(true);
    const windows = referencedFiles(demoProject('D:\\Media'));
    expect(windows.every((f) => f.path.startsWith('D:\\Media\\') && !f.path.includes('/'))).toBe(true);
  });

  it('has one of each kind of item the hosts must handle', () => {
    const { clips } = demoProject('/m');
    expect(clips.filter((c) => c.sequence)).toHaveLength(1);
    expect(clips.filter((c) => !c.sequence && c.mediaPath === null).length).toBeGreaterThanOrEqual(1);
    expect(clips.filter((c) => c.offline)).toHaveLength(1);
    expect(clips.filter((c) => c.proxyPath).length).toBeGreaterThanOrEqual(1);
    expect(new Set(clips.map((c) => c.bin.length))).toEqual(new Set([0, 1, 2]));
  });
});

describe('referencedFiles', () => {
  it("lists the project file, media and proxies, marking the offline clip's media", () => {
    const files = referencedFiles(demoProject('/m'));
    expect(files[0]).toEqual({ path: '/m/Harbour Documentary.prproj', role: 'project', offline: false });
    expect(files.filter((f) => f.role === 'proxy').map((f) => f.path)).toEqual(['/m/Proxies/A001_C001_Proxy.mov', '/m/Proxies/A001_C002_Proxy.mov']);
    expect(files.filter((f) => f.offline).map((f) => f.path)).toEqual(['/m/Footage/Day 2/B001_C001.mov']);
    expect(files.filter((f) => f.role === 'media')).toHaveLength(6);
  });
});
