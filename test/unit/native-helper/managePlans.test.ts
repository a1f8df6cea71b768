import { planSchema } from '../../../src/plans/planConfig';
import { cronProblem, nextTimedRun } from '../../../native-helper/engine/managePlans';

const plan = (over: Record<string, unknown>) => planSchema.parse({ id: '0123abcd', name: 'p', target: '/p', createdAt: '2026-12-01T00:00:00.000Z', ...over });

describe('plan schedules (croner, computed from a given time: no fake clock needed)', () => {
  it('a cron plan runs at its next match after the time given, in local time', () => {
    const from = new Date(2026, 11, 7, 21, 30); // 21:30 local
    expect(nextTimedRun(plan({ cron: '0 20 * * *' }), null, from)).toEqual(new Date(2026, 11, 8, 20, 0));
    expect(nextTimedRun(plan({ cron: '*/15 * * * *' }), null, from)).toEqual(new Date(2026, 11, 7, 21, 45));
  });

  it('an --every plan runs an interval after its last run, or its creation, and never in the past', () => {
    const created = Date.parse('2026-12-01T00:00:00.000Z');
    expect(nextTimedRun(plan({ every: '2h' }), '2026-12-07T10:00:00.000Z', new Date('2026-12-07T11:00:00.000Z'))).toEqual(new Date('2026-12-07T12:00:00.000Z'));
    const now = new Date('2026-12-07T11:00:00.000Z');
    expect(nextTimedRun(plan({ every: '2h' }), null, now)).toEqual(now); // created long ago, never run: at once
    expect(nextTimedRun(plan({ every: '2h' }), null, new Date(created + 1000))).toEqual(new Date(created + 7_200_000));
    expect(nextTimedRun(plan({ onChange: true }), null, now)).toBeNull();
  });

  it('an invalid cron expression is refused with croner’s reason', () => {
    expect(cronProblem('0 20 * * *')).toBeUndefined();
    expect(cronProblem('0 25 * * *')).toMatch(/not a valid cron expression.*hour/);
    expect(cronProblem('0 20 * *')).toMatch(/not a valid cron expression/);
    expect(cronProblem('0 0 30 2 *')).toMatch(/never runs|not a valid/);
  });
});
