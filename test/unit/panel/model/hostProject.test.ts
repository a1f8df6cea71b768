import { buildHostProject, clipsWithMedia, isAbsolutePath, projectWithOnly, sameHostProject, UNTITLED_PROJECT } from '../../../../panel/model/hostProject';
import { requestSchema, type HostProject } from '../../../../src/protocol/messages';
import { clip } from './fixtures';

const info = { id: 'g1', name: 'Feature', path: '/projects/Feature.prproj' };

describe('isAbsolutePath', () => {
  it('accepts POSIX, drive-letter and UNC paths; refuses relative, empty and NUL', () => {
    expect(['/a/b.mov', 'C:\\a\\b.mov', 'd:/a.mov', '\\\\nas\\share\\a.mov'].map(isAbsolutePath)).toEqual([true, true, true, true]);
    expect(['a/b.mov', '', 'C:a.mov', '/a\0b', `/${'x'.repeat(4096)}`].map(isAbsolutePath)).toEqual([false, false, false, false, false]);
  });
});

describe('clipsWithMedia', () => {
  it('leaves out sequences and synthetic items (no media path) and unusable paths', () => {
    const clips = [clip('1', '/m/a.mov'), clip('seq', null), clip('2', 'relative.mov'), clip('3', 'E:\\b.mxf')];
    expect(clipsWithMedia(clips).map((c) => c.id)).toEqual(['1', '3']);
  });
});

describe('buildHostProject', () => {
  it('lists media, proxies and the project file, each path once, with the clip names that use it', () => {
    const clips = [
      clip('1', '/m/a.mov', { name: 'A take 1', proxyPath: '/p/a.mp4' }),
      clip('2', '/m/a.mov', { name: 'A take 2', proxyPath: '/p/a.mp4' }),
      clip('3', '/m/b.mov', { name: 'B' }),
      clip('seq', null, { name: 'Sequence 01' }),
    ];
    expect(buildHostProject(info, clips)).toEqual({
      name: 'Feature',
      media: [
        { path: '/m/a.mov', role: 'media', clips: ['A take 1', 'A take 2'], offline: false },
        { path: '/m/b.mov', role: 'media', clips: ['B'], offline: false },
        { path: '/p/a.mp4', role: 'proxy', clips: ['A take 1', 'A take 2'], offline: false },
        { path: '/projects/Feature.prproj', role: 'project', clips: [], offline: false },
      ],
    });
  });

  it('is a valid protocol request as it is (status and protect)', () => {
    const host = buildHostProject(info, [clip('1', '/m/a.mov', { proxyPath: '/p/a.mp4', offline: true })])!;
    expect(requestSchema.safeParse({ id: '1', type: 'status', host }).success).toBe(true);
    expect(requestSchema.safeParse({ id: '2', type: 'protect', host }).success).toBe(true);
  });

  it('marks media offline when any clip using it is offline; a proxy never', () => {
    const project = buildHostProject({ ...info, path: null }, [
      clip('1', '/m/a.mov', { offline: false }),
      clip('2', '/m/a.mov', { offline: true, proxyPath: '/p/a.mp4' }),
    ])!;
    expect(project.media.map((m) => [m.path, m.offline])).toEqual([
      ['/m/a.mov', true],
      ['/p/a.mp4', false],
    ]);
  });

  it('gives a file used both ways the stronger role: project over media over proxy', () => {
    const project = buildHostProject(info, [
      clip('1', '/m/shared.mov', { name: 'one' }),
      clip('2', '/m/other.mov', { name: 'two', proxyPath: '/m/shared.mov' }),
      clip('3', '/projects/Feature.prproj', { name: 'imported project' }),
    ])!;
    expect(project.media.map((m) => [m.path, m.role, m.clips])).toEqual([
      ['/m/shared.mov', 'media', ['one', 'two']],
      ['/m/other.mov', 'media', ['two']],
      ['/projects/Feature.prproj', 'project', ['imported project']],
    ]);
  });

  it('keeps each clip name once per path, within the protocol limits', () => {
    const many = Array.from({ length: 10_050 }, (_, i) => clip(String(i), '/m/a.mov', { name: `c${i}` }));
    const same = [clip('1', '/m/b.mov', { name: 'x' }), clip('2', '/m/b.mov', { name: 'x' })];
    const long = clip('L', '/m/c.mov', { name: 'n'.repeat(2000) });
    const project = buildHostProject(info, [...many, ...same, long])!;
    expect(project.media[0]!.clips).toHaveLength(10_000);
    expect(project.media[1]!.clips).toEqual(['x']);
    expect(project.media[2]!.clips[0]).toHaveLength(1024);
    expect(requestSchema.safeParse({ id: '1', type: 'status', host: project }).success).toBe(true);
  });

  it('names an unnamed project, and returns null when the project uses no file', () => {
    expect(buildHostProject({ id: 'g', name: '  ', path: '/x/p.prproj' }, [])!.name).toBe(UNTITLED_PROJECT);
    expect(buildHostProject({ id: 'g', name: 'New', path: null }, [clip('s', null)])).toBeNull();
    expect(buildHostProject({ id: 'g', name: 'New', path: 'relative.prproj' }, [])).toBeNull();
  });
});

describe('projectWithOnly', () => {
  const project = buildHostProject(info, [clip('1', '/m/a.mov', { name: 'A' }), clip('2', '/m/b.mov', { name: 'B' })])!;

  it('keeps the named files with their roles and clip names, each once', () => {
    expect(projectWithOnly(project, ['/m/b.mov', '/projects/Feature.prproj', '/m/b.mov'])).toEqual({
      name: 'Feature',
      media: [
        { path: '/m/b.mov', role: 'media', clips: ['B'], offline: false },
        { path: '/projects/Feature.prproj', role: 'project', clips: [], offline: false },
      ],
    });
  });

  it('takes a path the project did not list as media, and returns null for nothing', () => {
    expect(projectWithOnly(project, ['/m/sidecar.xml'])!.media).toEqual([{ path: '/m/sidecar.xml', role: 'media', clips: [], offline: false }]);
    expect(projectWithOnly(project, [])).toBeNull();
    expect(projectWithOnly(project, ['not/absolute'])).toBeNull();
  });
});

describe('sameHostProject', () => {
  const project: HostProject = { name: 'Film', media: [{ path: '/m/a.mov', role: 'media', clips: ['A', 'B'], offline: false }] };
  const variant = (change: Partial<HostProject['media'][0]>): HostProject => ({ name: 'Film', media: [{ ...project.media[0]!, ...change }] });

  it('is true for the same files with the same uses, and false for any difference', () => {
    expect(sameHostProject(project, structuredClone(project))).toBe(true);
    expect(sameHostProject(project, { ...project, name: 'Film 2' })).toBe(false);
    expect(sameHostProject(project, variant({ path: '/m/b.mov' }))).toBe(false);
    expect(sameHostProject(project, variant({ role: 'proxy' }))).toBe(false);
    expect(sameHostProject(project, variant({ offline: true }))).toBe(false);
    expect(sameHostProject(project, variant({ clips: ['A'] }))).toBe(false);
    expect(sameHostProject(project, variant({ clips: ['A', 'C'] }))).toBe(false);
    expect(sameHostProject(project, { name: 'Film', media: [...project.media, { path: '/m/c.mov', role: 'media', clips: [], offline: false }] })).toBe(false);
  });
});
