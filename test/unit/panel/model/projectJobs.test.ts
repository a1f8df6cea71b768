import { lastProjectJob, missedJobToShow } from '../../../../panel/model/projectJobs';
import { reportPageUrl } from '../../../../panel/model/reportLink';
import { job } from './fixtures';

describe('the project’s jobs', () => {
  const mine = job({ id: 4, title: 'Ferry', state: 'succeeded' });
  const plans = job({ id: 6, title: 'plan Ferry.prproj: /P/Ferry.prproj', state: 'failed' });
  const other = job({ id: 9, title: 'Other', state: 'succeeded' });
  const running = job({ id: 10, title: 'Ferry', state: 'running' });

  it('shows the newest missed job of the project, else the newest', () => {
    expect(missedJobToShow([mine, plans, other], 'Ferry', '/P/Ferry.prproj')?.id).toBe(6);
    expect(missedJobToShow([mine, other], 'Ferry', null)?.id).toBe(4);
    expect(missedJobToShow([other], 'Ferry', null)?.id).toBe(9);
    expect(missedJobToShow([], 'Ferry', null)).toBeNull();
  });

  it('opens the report of the project’s newest finished job, a plan’s included', () => {
    expect(lastProjectJob([mine, plans, other, running], 'Ferry', '/P/Ferry.prproj')?.id).toBe(6);
    expect(lastProjectJob([mine, plans, other, running], 'Ferry', null)?.id).toBe(4);
    expect(lastProjectJob([other], 'Ferry', null)).toBeNull();
  });
});

describe('reportPageUrl', () => {
  it('is the link on the helper’s HTTP origin', () => {
    expect(reportPageUrl('ws://127.0.0.1:7737', '/reports/job-3.html?key=abc')).toBe('http://127.0.0.1:7737/reports/job-3.html?key=abc');
    expect(reportPageUrl('ws://localhost:7738/', '/reports/job-3.html?key=a-b_c')).toBe('http://localhost:7738/reports/job-3.html?key=a-b_c');
    expect(() => reportPageUrl('ws://127.0.0.1:7737', 'http://elsewhere.example/x')).toThrow(/not a path/);
  });
});
