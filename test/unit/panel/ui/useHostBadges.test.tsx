/** @jest-environment jsdom */
import { renderHook, waitFor } from '@testing-library/react';
import type { ShowStatusOptions } from '../../../../panel/host/host';
import { SimulatedHost } from '../../../../panel/host/simulatedHost';
import type { SimulatedProject } from '../../../../panel/host/simulatedProject';
import { mergeStatuses, NO_STATUSES } from '../../../../panel/model/assetStatuses';
import { useHostBadges } from '../../../../panel/ui/state/useHostBadges';
import type { CheckedProject } from '../../../../panel/ui/state/useProjectStatus';
import { clip, status } from '../model/fixtures';

const project: SimulatedProject = {
  id: 'doc',
  name: 'Documentary',
  path: null,
  clips: ['a', 'b'].map((id) => ({ id, name: id, bin: [], mediaPath: `/m/${id}.mov`, proxyPath: null, offline: false, sequence: false })),
};
const checked: CheckedProject = {
  projectId: 'doc',
  clips: [clip('a', '/m/a.mov'), clip('b', '/m/b.mov')],
  statuses: mergeStatuses(NO_STATUSES, [status('/m/a.mov', 'protected'), status('/m/b.mov', 'lost')]),
};

/** Short for the tests; the editor's quiet time is what is tested below. */
const QUIET_MS = 10;

function renderBadges(host: SimulatedHost, options: ShowStatusOptions, quietMs = QUIET_MS) {
  return renderHook(({ options: o, checked: c }) => useHostBadges(host, c, o, quietMs), {
    initialProps: { options, checked: checked as CheckedProject | null },
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('useHostBadges', () => {
  it('writes the badges after a full status, without labels while they are off', async () => {
    const host = new SimulatedHost(project);
    renderBadges(host, {});
    await waitFor(() =>
      expect(host.badges()).toEqual([
        { clipId: 'a', state: 'protected', text: '3-2-1 ✓' },
        { clipId: 'b', state: 'lost', text: 'lost' },
      ]),
    );
  });

  it('labels turned on, then another label chosen: the clips are written again with it', async () => {
    const host = new SimulatedHost(project);
    const showStatus = jest.spyOn(host, 'showStatus');
    const { rerender } = renderBadges(host, {});
    await waitFor(() => expect(showStatus).toHaveBeenCalledTimes(1));

    rerender({ options: { colorLabels: { protected: 4 } }, checked });
    await waitFor(() => expect(host.badges().find((b) => b.clipId === 'a')?.colorLabel).toBe(4));
    rerender({ options: { colorLabels: { protected: 9 } }, checked });
    await waitFor(() => expect(host.badges().find((b) => b.clipId === 'a')?.colorLabel).toBe(9));
    expect(host.badges().find((b) => b.clipId === 'b')?.colorLabel).toBeUndefined();
    expect(showStatus.mock.calls.slice(1).map(([badges, options]) => [badges.map((b) => b.clipId), options])).toEqual([
      [['a'], { colorLabels: { protected: 4 } }],
      [['a'], { colorLabels: { protected: 9 } }],
    ]);
  });

  it('the same status again writes nothing', async () => {
    const host = new SimulatedHost(project);
    const showStatus = jest.spyOn(host, 'showStatus');
    const options = { colorLabels: { lost: 2 } };
    const { rerender } = renderBadges(host, options);
    await waitFor(() => expect(showStatus).toHaveBeenCalledTimes(1));
    rerender({ options: { colorLabels: { lost: 2 } }, checked: { ...checked } });
    rerender({ options, checked: null });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(showStatus).toHaveBeenCalledTimes(1);
  });

  it('says why a write failed, and tries again with the next status', async () => {
    const host = new SimulatedHost(project);
    jest.spyOn(host, 'showStatus').mockRejectedValueOnce(new Error('Premiere is busy'));
    const { result, rerender } = renderBadges(host, {});
    await waitFor(() => expect(result.current).toBe('The status column could not be written: Premiere is busy'));
    rerender({ options: {}, checked: { ...checked } });
    await waitFor(() => expect(result.current).toBeNull());
    expect(host.badges()).toHaveLength(2);
  });

  it('waits while the editor works on the project, then writes what changed meanwhile in one transaction', async () => {
    const host = new SimulatedHost(project);
    const { rerender } = renderBadges(host, {}, 150);
    // The editor imports and trims: the project changes every 50 ms, and new statuses come in.
    for (let i = 0; i < 6; i++) {
      host.simulateChange('dirty', project);
      if (i === 2) rerender({ options: {}, checked: { ...checked, statuses: mergeStatuses(checked.statuses, [status('/m/b.mov', 'protected')]) } });
      await sleep(50);
      expect(host.transactions).toBe(0);
    }
    await waitFor(() => expect(host.transactions).toBe(1));
    expect(host.badges().map((b) => [b.clipId, b.state])).toEqual([
      ['a', 'protected'],
      ['b', 'protected'],
    ]);
    // A status that changes nothing adds no undo step.
    rerender({ options: {}, checked: { ...checked, statuses: mergeStatuses(checked.statuses, [status('/m/b.mov', 'protected')]) } });
    await sleep(300);
    expect(host.transactions).toBe(1);
  });

  it("labels turned off: each clip gets its own label back, in one transaction; one it had none keeps Threefold's", async () => {
    const own = { ...project, clips: project.clips.map((c) => (c.id === 'a' ? { ...c, colorLabel: 7 } : c)) };
    const host = new SimulatedHost(own);
    const { rerender } = renderBadges(host, { colorLabels: { protected: 4, lost: 5 } });
    await waitFor(() => expect(host.badges().map((b) => b.colorLabel)).toEqual([4, 5]));
    expect(host.transactions).toBe(1);
    rerender({ options: {}, checked });
    await waitFor(() => expect(host.badges().find((b) => b.clipId === 'a')?.colorLabel).toBe(7));
    expect(host.transactions).toBe(2);
    expect(host.badges().find((b) => b.clipId === 'b')?.colorLabel).toBe(5);
  });
});
