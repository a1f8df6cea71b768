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

function renderBadges(host: SimulatedHost, options: ShowStatusOptions) {
  return renderHook(({ options: o, checked: c }) => useHostBadges(host, c, o), { initialProps: { options, checked: checked as CheckedProject | null } });
}

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
});
