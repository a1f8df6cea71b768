import fc from 'fast-check';
import { autoProtectView, clockText, projectPlans, removeActions, switchActions } from '../../../../panel/model/autoProtect';
import type { PlanInfo } from '../../../../src/protocol/plans';

const PROJECT = '/Projects/Ferry.prproj';
/** Local times, as the line says them. */
const NOW = new Date(2026, 11, 7, 15, 30);
const at = (h: number, m: number, dayOffset = 0) => new Date(2026, 11, 7 + dayOffset, h, m).toISOString();

function plan(extra: Partial<PlanInfo> = {}): PlanInfo {
  return {
    id: 'p1',
    name: 'Ferry.prproj',
    target: PROJECT,
    onChange: true,
    to: [],
    paused: false,
    next: null,
    last: null,
    lastSuccessAt: null,
    overdueSince: null,
    ...extra,
  };
}

const run = (state: NonNullable<PlanInfo['last']>['state'], startedAt: string, finishedAt: string | null = startedAt) => ({
  jobId: 3,
  trigger: 'change',
  state,
  startedAt,
  finishedAt,
});

describe('the Auto-protect switch', () => {
  it('is off with no plan of the project, and turning it on adds an on-change plan of the project file', () => {
    const other = plan({ id: 'x', target: '/Projects/Other.prproj' });
    expect(autoProtectView([other], PROJECT, NOW)).toMatchObject({ on: false, paused: false, problem: null });
    expect(switchActions([other], PROJECT, true)).toEqual([{ kind: 'add', target: PROJECT }]);
    expect(switchActions([other], PROJECT, false)).toEqual([]);
  });

  it('reflects a plan made in a terminal, and off pauses it, on resumes it, Remove removes it', () => {
    const cron = plan({ onChange: false, cron: '0 20 * * *', next: at(20, 0) });
    expect(autoProtectView([cron], PROJECT, NOW)).toMatchObject({ on: true, line: 'not protected by it yet · next 20:00' });
    expect(switchActions([cron], PROJECT, false)).toEqual([{ kind: 'pause', plan: 'p1' }]);
    const paused = { ...cron, paused: true, next: null };
    expect(autoProtectView([paused], PROJECT, NOW)).toMatchObject({ on: false, paused: true, line: 'not protected by it yet · paused' });
    expect(switchActions([paused], PROJECT, true)).toEqual([{ kind: 'resume', plan: 'p1' }]);
    expect(removeActions([paused, plan({ id: 'x', target: '/b.prproj' })], PROJECT)).toEqual([{ kind: 'remove', plan: 'p1' }]);
  });

  it('says when it last protected and that the next run is on save', () => {
    const view = autoProtectView([plan({ last: run('succeeded', at(14, 1), at(14, 2)), lastSuccessAt: at(14, 2) })], PROJECT, NOW);
    expect(view.line).toBe('last protected 14:02 · next on save');
  });

  it('says a failed last run, a run in progress, and the earliest next time of several plans', () => {
    const failed = plan({ last: run('failed', at(15, 0), at(15, 1)), lastSuccessAt: at(9, 0, -1) });
    expect(autoProtectView([failed], PROJECT, NOW).line).toBe('last run failed 15:01 · next on save');
    const running = plan({ last: run('running', at(15, 29), null) });
    expect(autoProtectView([running], PROJECT, NOW).line).toBe('protecting now · next on save');
    const every = plan({ id: 'p2', onChange: false, every: '2h', next: at(9, 0, 1) });
    const cron = plan({ id: 'p3', onChange: false, cron: '0 20 * * *', next: at(20, 0) });
    expect(autoProtectView([plan(), every, cron], PROJECT, NOW).line).toBe('not protected by it yet · next on save or 20:00');
    expect(autoProtectView([every], PROJECT, NOW).line).toBe('not protected by it yet · next tomorrow 09:00');
  });

  it('shows what keeps a plan from working, or that it is overdue', () => {
    expect(autoProtectView([plan({ problem: `${PROJECT} does not exist` })], PROJECT, NOW).problem).toBe(`${PROJECT} does not exist`);
    expect(autoProtectView([plan({ overdueSince: at(10, 0, -3) })], PROJECT, NOW).problem).toBe('Overdue: not protected successfully since 2026-12-04 10:00');
  });

  it('matches Windows project paths whatever their case and slashes', () => {
    const windows = plan({ target: 'C:\\Projects\\Ferry.prproj' });
    expect(projectPlans([windows], 'c:/projects/ferry.prproj')).toEqual([windows]);
    expect(projectPlans([plan()], '/projects/ferry.prproj')).toEqual([]);
  });

  it('never asks for a change that leaves the switch where it was (any plans, either way)', () => {
    const planArb = fc.record({ id: fc.string({ minLength: 1, maxLength: 4 }), paused: fc.boolean(), mine: fc.boolean() });
    fc.assert(
      fc.property(fc.array(planArb, { maxLength: 6 }), fc.boolean(), (specs, on) => {
        const plans = specs.map((s) => plan({ id: s.id, paused: s.paused, target: s.mine ? PROJECT : '/other.prproj' }));
        const actions = switchActions(plans, PROJECT, on);
        // Applying the actions gives the state asked for.
        const after = plans.map((p) => {
          const a = actions.find((x) => x.kind !== 'add' && x.plan === p.id);
          return a === undefined ? p : { ...p, paused: a.kind === 'pause' };
        });
        const added = actions.some((a) => a.kind === 'add') ? [plan({ id: 'new' })] : [];
        expect(autoProtectView([...after, ...added], PROJECT, NOW).on).toBe(on);
      }),
    );
  });
});

describe('clockText', () => {
  it('gives the clock today, yesterday or tomorrow, else the date', () => {
    expect(clockText(at(8, 5), NOW)).toBe('08:05');
    expect(clockText(at(23, 59, -1), NOW)).toBe('yesterday 23:59');
    expect(clockText(at(0, 0, 1), NOW)).toBe('tomorrow 00:00');
    expect(clockText(at(12, 0, 30), NOW)).toBe('2027-01-06 12:00');
    expect(clockText('not a time', NOW)).toBe('not a time');
  });
});
