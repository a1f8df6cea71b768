import fc from 'fast-check';
import { FIRST_DRILL_AFTER_MS, newlyOverdue, nextDrillAt, overdueItems } from '../../../../src/plans/maintenanceTimes';
import { automationSchema } from '../../../../src/plans/planConfig';

const DAY = 86_400_000;

describe('scheduled drills', () => {
  it('are due drillEvery after the last drill, or an hour after the helper started when none ran; a past time is now', () => {
    const now = Date.parse('2026-12-07T12:00:00Z');
    expect(nextDrillAt('2026-12-01T12:00:00Z', now - DAY, 30 * DAY, now)).toBe(Date.parse('2026-12-31T12:00:00Z'));
    expect(nextDrillAt('2026-10-01T12:00:00Z', now - DAY, 30 * DAY, now)).toBe(now);
    expect(nextDrillAt(null, now - DAY, 30 * DAY, now)).toBe(now);
    expect(nextDrillAt(null, now - 600_000, 30 * DAY, now)).toBe(now - 600_000 + FIRST_DRILL_AFTER_MS);
    expect(nextDrillAt(null, now, 600_000, now)).toBe(now + 600_000);
  });

  it('are on by default (daily scrub at 03:00, a drill every 30 days) and off with null', () => {
    expect(automationSchema.parse(undefined)).toMatchObject({ scrubCron: '0 3 * * *', drillEvery: '30d' });
    expect(automationSchema.parse({ scrubCron: null, drillEvery: null })).toMatchObject({ scrubCron: null, drillEvery: null });
    expect(automationSchema.safeParse({ drillEvery: 'monthly' }).success).toBe(false);
  });
});

const overdue = (planIds: string[], files: Array<[string, string]>) => ({
  plans: planIds.map((id) => ({ id, name: `plan ${id}`, since: '2026-12-01T00:00:00Z', lastSuccessAt: null })),
  files: { count: files.length, hours: 24, listed: files.map(([path, since]) => ({ path, since })) },
});

describe('overdue notifications', () => {
  it('tell an item once while it stays overdue, and again once it fell overdue anew', () => {
    const first = newlyOverdue(new Set(), overdueItems(overdue(['a1'], [['/m/clip.mov', '2026-12-06T00:00:00Z']])));
    expect(first.fresh.map((i) => i.subject)).toEqual(['plan "plan a1"', '/m/clip.mov']);
    const second = newlyOverdue(first.keys, overdueItems(overdue(['a1', 'b2'], [['/m/clip.mov', '2026-12-06T00:00:00Z']])));
    expect(second.fresh.map((i) => i.subject)).toEqual(['plan "plan b2"']);
    const fixed = newlyOverdue(second.keys, overdueItems(overdue([], [])));
    expect(fixed.fresh).toEqual([]);
    const again = newlyOverdue(fixed.keys, overdueItems(overdue(['a1'], [['/m/clip.mov', '2026-12-07T00:00:00Z']])));
    expect(again.fresh).toHaveLength(2);
  });

  it('never tell an item twice in a row, whatever the checks see', () => {
    const check = fc.array(fc.subarray(['a', 'b', 'c', 'd']), { maxLength: 8 });
    fc.assert(
      fc.property(check, (checks) => {
        let keys = new Set<string>();
        let before: string[] = [];
        for (const ids of checks) {
          const result = newlyOverdue(keys, overdueItems(overdue(ids, [])));
          expect(result.fresh.map((i) => i.subject).sort()).toEqual(
            ids
              .filter((id) => !before.includes(id))
              .map((id) => `plan "plan ${id}"`)
              .sort(),
          );
          keys = result.keys;
          before = ids;
        }
      }),
    );
  });
});
