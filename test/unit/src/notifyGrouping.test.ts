import fc from 'fast-check';
import { type Group, type GroupedMessage, nextReleaseTime, receive, release, type ThrottleRule } from '../../../src/notify/grouping';

interface Arrival {
  key: string;
  at: number;
  id: number;
}

/** Arrivals in time order, on up to three keys, some at the same instant. */
const arrivals = fc.array(fc.record({ key: fc.constantFrom('a', 'b', 'c'), gap: fc.integer({ min: 0, max: 5000 }) }), { maxLength: 60 }).map((list) => {
  let at = 0;
  return list.map(({ key, gap }, id): Arrival => {
    at += gap;
    return { key, at, id };
  });
});
const rules = fc.record({
  gatherMs: fc.integer({ min: 0, max: 3000 }),
  windowMs: fc.integer({ min: 0, max: 20000 }),
  maxSamples: fc.integer({ min: 1, max: 80 }),
});

/** Runs the rule as the notifier does: each group released as soon as it is due, until nothing is held. */
function simulate(list: readonly Arrival[], rule: ThrottleRule): Array<GroupedMessage<Arrival> & { sentAt: number }> {
  let groups: Map<string, Group<Arrival>> = new Map();
  const sent: Array<GroupedMessage<Arrival> & { sentAt: number }> = [];
  const releaseUntil = (limit: number): void => {
    for (let due = nextReleaseTime(groups, rule); due !== null && due <= limit; due = nextReleaseTime(groups, rule)) {
      const out = release(groups, due, rule);
      groups = out.groups;
      sent.push(...out.messages.map((m) => ({ ...m, sentAt: due })));
    }
  };
  for (const a of list) {
    releaseUntil(a.at);
    groups = receive(groups, a.key, a, a.at, rule);
  }
  releaseUntil(Number.POSITIVE_INFINITY);
  return sent;
}

describe('the grouping rule', () => {
  it('sends every event once, in order, within its key’s messages; a message shows its first events', () => {
    fc.assert(
      fc.property(arrivals, rules, (list, rule) => {
        const sent = simulate(list, rule);
        for (const key of ['a', 'b', 'c']) {
          const mine = sent.filter((m) => m.key === key);
          const events = list.filter((a) => a.key === key);
          expect(mine.reduce((sum, m) => sum + m.count, 0)).toBe(events.length);
          let next = 0;
          for (const m of mine) {
            expect(m.samples).toEqual(events.slice(next, next + Math.min(m.count, rule.maxSamples)));
            next += m.count;
          }
        }
      }),
    );
  });

  it('sends one key at most once per window, and no event waits longer than the gather or the window', () => {
    fc.assert(
      fc.property(arrivals, rules, (list, rule) => {
        const sent = simulate(list, rule);
        for (const key of ['a', 'b', 'c']) {
          const mine = sent.filter((m) => m.key === key);
          for (let i = 1; i < mine.length; i++) expect(mine[i]!.sentAt - mine[i - 1]!.sentAt).toBeGreaterThanOrEqual(rule.windowMs);
          let next = 0;
          const events = list.filter((a) => a.key === key);
          for (const m of mine) {
            for (const e of events.slice(next, next + m.count)) expect(m.sentAt - e.at).toBeLessThanOrEqual(Math.max(rule.gatherMs, rule.windowMs));
            next += m.count;
          }
        }
      }),
    );
  });

  it('makes a burst on a quiet key one message, and a failure every minute one message an hour', () => {
    const rule = { gatherMs: 15_000, windowMs: 3_600_000, maxSamples: 20 };
    const burst = Array.from({ length: 500 }, (_, id) => ({ key: 'a', at: id * 10, id }));
    expect(simulate(burst, rule).map((m) => m.count)).toEqual([500]);
    const everyMinute = Array.from({ length: 180 }, (_, id) => ({ key: 'a', at: id * 60_000, id }));
    const sent = simulate(everyMinute, rule);
    expect(sent.length).toBeLessThanOrEqual(4);
    expect(sent[0]!.count).toBe(1);
    expect(sent[0]!.samples.length).toBe(1);
    expect(sent.reduce((sum, m) => sum + m.count, 0)).toBe(180);
  });

  it('forgets a key once its window has passed with nothing held', () => {
    const rule = { gatherMs: 0, windowMs: 1000, maxSamples: 5 };
    let groups = receive(new Map(), 'a', 1, 0, rule);
    groups = release(groups, 0, rule).groups;
    expect(groups.has('a')).toBe(true);
    expect(release(groups, 999, rule).groups.has('a')).toBe(true);
    expect(release(groups, 1000, rule).groups.has('a')).toBe(false);
  });
});
