/** @jest-environment jsdom */
import { fireEvent, render, screen } from '@testing-library/react';
import { AutoProtect } from '../../../../panel/ui/views/AutoProtect';
import { JobPanel } from '../../../../panel/ui/views/JobPanel';
import { Summary } from '../../../../panel/ui/views/Summary';
import type { AutoProtectControls } from '../../../../panel/ui/state/useAutoProtect';
import { summarizeClips } from '../../../../panel/model/clipSummary';
import { job } from '../model/fixtures';

function controls(extra: Partial<AutoProtectControls> = {}): AutoProtectControls {
  return {
    view: { on: true, paused: false, line: 'last protected 14:02 · next on save', problem: null },
    saved: true,
    busy: false,
    error: null,
    setOn: jest.fn(),
    remove: jest.fn(),
    ...extra,
  };
}

/** The switch flipped as a user flips it: its property changes, then it says so. */
function flip(element: HTMLElement, checked: boolean): void {
  (element as HTMLElement & { checked: boolean }).checked = checked;
  fireEvent(element, new Event('change'));
}

describe('AutoProtect', () => {
  it('shows the plan on with its line, and asks to turn it off', () => {
    const auto = controls();
    render(<AutoProtect auto={auto} />);
    const toggle = screen.getByTestId('auto-protect-switch');
    expect(toggle.getAttribute('data-checked')).toBe('true');
    expect(screen.getByTestId('auto-protect-line').textContent).toBe('last protected 14:02 · next on save');
    expect(screen.queryByTestId('auto-protect-remove')).toBeNull();
    flip(toggle, false);
    expect(auto.setOn).toHaveBeenCalledWith(false);
  });

  it('offers Remove plan when paused, and shows a problem and an error', () => {
    const auto = controls({ view: { on: false, paused: true, line: 'x · paused', problem: '/p.prproj does not exist' }, error: 'The helper said no' });
    render(<AutoProtect auto={auto} />);
    fireEvent.click(screen.getByTestId('auto-protect-remove'));
    expect(auto.remove).toHaveBeenCalled();
    expect(screen.getByTestId('auto-protect-problem').textContent).toBe('/p.prproj does not exist');
    expect(screen.getByTestId('auto-protect-error').textContent).toBe('The helper said no');
  });

  it('cannot be turned on for a project never saved, and says why', () => {
    const auto = controls({ view: null, saved: false });
    render(<AutoProtect auto={auto} />);
    const toggle = screen.getByTestId('auto-protect-switch');
    expect(toggle.hasAttribute('disabled')).toBe(true);
    flip(toggle, true);
    expect(auto.setOn).not.toHaveBeenCalled();
    expect((toggle as HTMLElement & { checked: boolean }).checked).toBe(false);
    expect(screen.getByTestId('auto-protect-line').textContent).toBe('Save the project first: a plan watches its file');
  });
});

describe('View report', () => {
  const finished = job({ state: 'succeeded', result: { files: 2, bytes: 10, seconds: 1, upToDate: 0, failed: [] } });
  const none = () => undefined;

  it('is offered in a finished job’s result, with the note of a job that ended while hidden', () => {
    const onViewReport = jest.fn();
    render(<JobPanel job={finished} canRetry={false} onCancel={none} onRetry={none} onDismiss={none} onViewReport={onViewReport} missed />);
    fireEvent.click(screen.getByTestId('view-report'));
    expect(onViewReport).toHaveBeenCalled();
    expect(screen.getByTestId('job-missed').textContent).toBe('Ended while the panel was hidden');
  });

  it('is not offered without a handler, and no note for a job seen ending', () => {
    render(<JobPanel job={finished} canRetry={false} onCancel={none} onRetry={none} onDismiss={none} />);
    expect(screen.queryByTestId('view-report')).toBeNull();
    expect(screen.queryByTestId('job-missed')).toBeNull();
  });

  it('is offered in the summary when the project has a finished job', () => {
    const onViewReport = jest.fn();
    const { rerender } = render(<Summary summary={summarizeClips([])} onViewReport={onViewReport} />);
    fireEvent.click(screen.getByTestId('summary-report'));
    expect(onViewReport).toHaveBeenCalled();
    rerender(<Summary summary={summarizeClips([])} />);
    expect(screen.queryByTestId('summary-report')).toBeNull();
  });
});
