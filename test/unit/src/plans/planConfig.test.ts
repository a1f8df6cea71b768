import fc from 'fast-check';
import { automationSchema, findPlan, parseDuration, planSchema, type Plan } from '../../../../src/plans/planConfig';
import { nextEveryAt, offsiteOverdueSince, planOverdueSince } from '../../../../src/plans/planTimes';

const plan = (over: Partial<Plan>): Plan =>
  planSchema.parse({ id: '0123abcd', name: 'Ferry Doc.prproj', target: '/p/Ferry Doc.prproj', createdAt: '2026-12-01T00:00:00.000Z', ...over });

describe('plan configuration', () => {
  it('reads durations in s, m, h and d; refuses others and ones under a minute, saying why', () => {
    expect(parseDuration('2h')).toEqual({ ms: 7_200_000 });
    expect(parseDuration('90s')).toEqual({ ms: 90_000 });
    expect(parseDuration('1.5d')).toEqual({ ms: 129_600_000 });
    expect(parseDuration('2 hours')).toEqual({ problem: expect.stringContaining('not a duration') });
    expect(parseDuration('30s')).toEqual({ problem: expect.stringContaining('at most every minute') });
  });

  it('any whole number of minutes is read exactly', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 100_000 }), (n) => expect(parseDuration(`${n}m`)).toEqual({ ms: n * 60_000 })));
  });

  it('fills defaults, and refuses --every with --cron', () => {
    expect(plan({})).toMatchObject({ onChange: false, to: [], paused: false });
    expect(planSchema.safeParse({ ...plan({}), every: '2h', cron: '0 20 * * *' }).success).toBe(false);
    expect(automationSchema.parse(undefined)).toEqual({
      settleSeconds: 5,
      minGapMinutes: 10,
      destinationPollSeconds: 30,
      offsiteDeadlineHours: 24,
      planDeadlineDays: 7,
      scrubCron: '0 3 * * *',
      drillEvery: '30d',
    });
    expect(automationSchema.parse({ settleSeconds: 0.5 }).minGapMinutes).toBe(10);
  });

  it('finds a plan by id or unique name, and says why when it cannot', () => {
    const a = plan({ id: 'aaaaaaaa', name: 'x' });
    const b = plan({ id: 'bbbbbbbb', name: 'x' });
    const c = plan({ id: 'cccccccc', name: 'y' });
    expect(findPlan([a, b, c], 'y')).toEqual({ plan: c });
    expect(findPlan([a, b, c], 'bbbbbbbb')).toEqual({ plan: b });
    expect(findPlan([a, b, c], 'x')).toEqual({ problem: expect.stringContaining('aaaaaaaa, bbbbbbbb') });
    expect(findPlan([a], 'z')).toEqual({ problem: expect.stringContaining('no plan is named "z"') });
  });
});

describe('plan times', () => {
  it('an --every plan runs an interval after its anchor, never in the past', () => {
    expect(nextEveryAt(1000, 500, 1200)).toBe(1500);
    expect(nextEveryAt(1000, 500, 9000)).toBe(9000);
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.nat(), (anchor, every, now) => {
        const next = nextEveryAt(anchor, every, now);
        expect(next).toBeGreaterThanOrEqual(now);
        expect(next).toBeGreaterThanOrEqual(anchor + every);
      }),
    );
  });

  it('a plan is overdue N days after its last success, or its creation', () => {
    const day = 86_400_000;
    expect(planOverdueSince(null, 0, 7, 6 * day)).toBeNull();
    expect(planOverdueSince(null, 0, 7, 7 * day)).toBe(7 * day);
    expect(planOverdueSince(3 * day, 0, 7, 9 * day)).toBeNull();
    expect(planOverdueSince(3 * day, 0, 7, 11 * day)).toBe(10 * day);
  });

  it('a file is overdue N hours after it was written unless it has an offsite copy', () => {
    const hour = 3_600_000;
    expect(offsiteOverdueSince(0, false, 24, 23 * hour)).toBeNull();
    expect(offsiteOverdueSince(0, false, 24, 25 * hour)).toBe(24 * hour);
    expect(offsiteOverdueSince(0, true, 24, 99 * hour)).toBeNull();
  });
});
