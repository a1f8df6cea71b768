import { attachProxy, refreshClip, relinkClip, samePath, type RelinkableItem } from '../../../../panel/host/clipRelinking';
import { SimulatedHost } from '../../../../panel/host/simulatedHost';
import { parseSimulatedProject } from '../../../../panel/host/simulatedProject';

/** An item that answers as told, the way Premiere's ClipProjectItem might. */
function item(
  answers: Partial<{ can: boolean; changed: boolean; readBack: string; refreshed: boolean; offline: boolean; attached: boolean; proxy: string }>,
): RelinkableItem {
  const a = { can: true, changed: true, readBack: '/new/a.mov', refreshed: true, offline: false, attached: true, proxy: '/new/a.mp4', ...answers };
  return {
    canChangeMediaPath: async () => a.can,
    changeMediaFilePath: async () => a.changed,
    getMediaFilePath: async () => a.readBack,
    refreshMedia: async () => a.refreshed,
    isOffline: async () => a.offline,
    attachProxy: async () => a.attached,
    getProxyPath: async () => a.proxy,
  };
}

describe('bringing a restored clip back', () => {
  it('relinks only when the host allows it, and trusts what it reads back, not the call’s answer', async () => {
    expect(await relinkClip(item({}), '/new/a.mov')).toEqual({ done: true });
    expect(await relinkClip(item({ can: false }), '/new/a.mov')).toMatchObject({ done: false, why: expect.stringContaining('cannot change') });
    expect(await relinkClip(item({ changed: false }), '/new/a.mov')).toMatchObject({ done: false, why: expect.stringContaining('refused') });
    expect(await relinkClip(item({ readBack: '/old/a.mov' }), '/new/a.mov')).toEqual({ done: false, why: 'Premiere still points it at /old/a.mov' });
  });

  it('a refreshed clip must no longer be offline', async () => {
    expect(await refreshClip(item({}))).toEqual({ done: true });
    expect(await refreshClip(item({ offline: true }))).toEqual({ done: false, why: 'Premiere still shows it offline' });
    expect(await refreshClip(item({ refreshed: false }))).toMatchObject({ done: false });
  });

  it('an attached proxy is read back', async () => {
    expect(await attachProxy(item({}), '/new/a.mp4')).toEqual({ done: true });
    expect(await attachProxy(item({ attached: false }), '/new/a.mp4')).toMatchObject({ done: false });
    expect(await attachProxy(item({ proxy: '' }), '/new/a.mp4')).toMatchObject({ done: false });
  });

  it('takes a Windows path with other slashes or case as the same file, a POSIX one only as is', () => {
    expect(samePath('D:\\Media\\A.mov', 'd:/media/a.mov')).toBe(true);
    expect(samePath('/Media/A.mov', '/media/a.mov')).toBe(false);
  });
});

describe('SimulatedHost: the same calls on its clips, recorded', () => {
  const project = () =>
    parseSimulatedProject(
      JSON.stringify({
        name: 'P',
        clips: [
          { id: 'a', name: 'A', mediaPath: '/m/a.mov', offline: true },
          { id: 'b', name: 'B', mediaPath: '/m/b.mov', offline: true, relinkable: false },
        ],
      }),
    );

  it('relinks and refreshes its clips, tells its listeners, and refuses what Premiere would', async () => {
    const host = new SimulatedHost(project());
    const changes: string[] = [];
    host.onProjectChanged((c) => changes.push(c));
    expect(await host.relinkClip('a', '/new/a.mov')).toEqual({ done: true });
    expect(await host.relinkClip('b', '/new/b.mov')).toMatchObject({ done: false });
    expect(await host.refreshClip('b')).toEqual({ done: true });
    expect(await host.attachProxy('a', '/new/a.mp4')).toEqual({ done: true });
    expect(await host.refreshClip('gone')).toEqual({ done: false, why: 'the clip is no longer in the project' });
    expect((await host.listClips()).map((c) => [c.id, c.mediaPath, c.proxyPath, c.offline])).toEqual([
      ['a', '/new/a.mov', '/new/a.mp4', false],
      ['b', '/m/b.mov', null, false],
    ]);
    expect(host.hostCalls().map((c) => `${c.clipId}.${c.method}`)).toEqual([
      'a.canChangeMediaPath',
      'a.changeMediaFilePath',
      'b.canChangeMediaPath',
      'b.refreshMedia',
      'a.attachProxy',
    ]);
    expect(changes).toEqual(['dirty', 'dirty', 'dirty', 'dirty']);
  });

  it('answers the folder picker as the test says: cancelled until told', async () => {
    const host = new SimulatedHost(project());
    expect(await host.chooseFolder()).toBeNull();
    host.answerFolderPicker('/Volumes/New');
    expect(await host.chooseFolder()).toBe('/Volumes/New');
  });
});
