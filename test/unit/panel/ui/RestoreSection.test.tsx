/** @jest-environment jsdom */
import { fireEvent, render, screen } from '@testing-library/react';
import { mergeStatuses, NO_STATUSES } from '../../../../panel/model/assetStatuses';
import { clipRows } from '../../../../panel/model/clipRows';
import type { RestoreControls, RestoreStep } from '../../../../panel/ui/state/useRestore';
import { RestoreSection } from '../../../../panel/ui/views/RestoreSection';
import { clip, job, status } from '../model/fixtures';

const rows = clipRows(
  [
    clip('a', '/m/A.mov', { name: 'A', offline: true }),
    clip('b', '/m/B.mov', { name: 'B', offline: true }),
    clip('c', '/m/C.mov', { name: 'C', offline: true }),
  ],
  mergeStatuses(NO_STATUSES, [status('/m/A.mov', 'missing'), status('/m/B.mov', 'missing'), status('/m/C.mov', 'lost')]),
);

function controls(step: RestoreStep): RestoreControls & { planned: string[][] } {
  const planned: string[][] = [];
  return {
    step,
    planned,
    plan: (r) => planned.push(r.map((x) => x.id)),
    chooseFolder: jest.fn(),
    start: jest.fn(),
    cancel: jest.fn(),
    dismiss: jest.fn(),
  };
}

const click = (testId: string) => fireEvent.click(screen.getByTestId(testId));

describe('RestoreSection', () => {
  it('offers every missing clip, the selected one alone, and says plainly that a lost clip has no copy', () => {
    const restore = controls({ kind: 'idle' });
    const { rerender } = render(<RestoreSection rows={rows} selected={rows[0]!} restore={restore} />);
    expect(screen.getByTestId('restore-missing').textContent).toBe('Restore 2 missing clips…');
    click('restore-missing');
    click('restore-clip');
    expect(restore.planned).toEqual([['a', 'b'], ['a']]);
    rerender(<RestoreSection rows={rows} selected={rows[2]!} restore={restore} />);
    expect(screen.getByTestId('lost-note').textContent).toBe('No copy of C.mov exists: Threefold cannot restore it.');
    expect(screen.queryByTestId('restore-clip')).toBeNull();
  });

  it('says before a relink that Premiere cannot undo it', () => {
    const offer = { headline: 'Restore 2 missing clips · 2.0 kB from raid to /New', blocked: [{ path: '/m/B.mov', why: 'raid: hash differs' }], empty: false };
    const restore = controls({ kind: 'offer', offer, to: '/New', left: 0 });
    render(<RestoreSection rows={rows} selected={null} restore={restore} />);
    expect(screen.getByTestId('restore-offer').textContent).toBe(offer.headline);
    expect(screen.getByTestId('restore-blocked').textContent).toBe('B.mov: raid: hash differs');
    expect(screen.getByTestId('restore-undo-note').textContent).toContain(
      'Premiere relinks each clip to its restored file under /New. Premiere cannot undo this',
    );
    expect(screen.getByTestId('restore-confirm').textContent).toBe('Restore and relink');
    expect(screen.queryByTestId('restore-choose-folder')).toBeNull();
    click('restore-confirm');
    expect(restore.start).toHaveBeenCalledTimes(1);
  });

  it('reports per clip what was done', () => {
    const reports = [
      { clipId: 'a', clipName: 'A', outcome: 'relinked' as const, detail: 'Relinked to /New/m/A.mov' },
      { clipId: 'b', clipName: 'B', outcome: 'not-restored' as const, detail: 'Not restored: raid: hash differs' },
    ];
    render(
      <RestoreSection
        rows={rows}
        selected={null}
        restore={controls({ kind: 'done', job: job({ kind: 'restore', state: 'failed' }), reports, outcome: null })}
      />,
    );
    expect(screen.getByTestId('restore-result').textContent).toBe('1 clip relinked · 1 not restored');
    expect(screen.getAllByTestId('restore-report').map((r) => [r.getAttribute('data-outcome'), r.textContent])).toEqual([
      ['not-restored', 'BNot restored: raid: hash differs'],
      ['relinked', 'ARelinked to /New/m/A.mov'],
    ]);
  });
});
