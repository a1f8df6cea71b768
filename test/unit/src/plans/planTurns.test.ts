import fc from 'fast-check';
import { finished, IDLE_TURNS, nextStartAt, started, triggered, type PlanTurns } from '../../../../src/plans/planTurns';

interface Run {
  start: number;
  end: number;
}

/**
 * Plays triggers (times) through the rules the helper follows: a job starts at the first moment
 * `nextStartAt` allows and runs for the next of `durations`; returns the runs.
 */
function simulate(triggers: readonly number[], durations: readonly number[], minGapMs: number): Run[] {
  const sorted = [...triggers].sort((a, b) => a - b);
  const runs: Run[] = [];
  let turns: PlanTurns = IDLE_TURNS;
  let now = Number.NEGATIVE_INFINITY;
  let i = 0;
  let running: Run | undefined;
  for (;;) {
    const startAt = nextStartAt(turns, minGapMs);
    const candidates = [sorted[i] ?? Infinity, running ? running.end : Infinity, startAt === null ? Infinity : Math.max(startAt, now)];
    const next = Math.min(...candidates);
    if (next === Infinity) return runs;
    now = next;
    if (running && running.end === now) {
      turns = finished(turns);
      running = undefined;
    } else if (sorted[i] === now) {
      turns = triggered(turns);
      i += 1;
    } else {
      turns = started(turns, now);
      running = { start: now, end: now + durations[runs.length % durations.length]! };
      runs.push(running);
    }
  }
}

const scenario = fc.record({
  triggers: fc.array(fc.integer({ min: 0, max: 10_000 }), { maxLength: 60 }),
  durations: fc.array(fc.integer({ min: 0, max: 2_000 }), { minLength: 1, maxLength: 10 }),
  minGapMs: fc.integer({ min: 0, max: 1_500 }),
});

describe('planTurns: when a plan’s jobs start', () => {
  it('one job at a time, starts at least the gap apart', () => {
    fc.assert(
      fc.property(scenario, ({ triggers, durations, minGapMs }) => {
        const runs = simulate(triggers, durations, minGapMs);
        for (let k = 1; k < runs.length; k += 1) {
          expect(runs[k]!.start).toBeGreaterThanOrEqual(runs[k - 1]!.end);
          expect(runs[k]!.start - runs[k - 1]!.start).toBeGreaterThanOrEqual(minGapMs);
        }
      }),
    );
  });

  it('no trigger is lost: each is served by a job that starts at or after it, at the first moment allowed', () => {
    fc.assert(
      fc.property(scenario, ({ triggers, durations, minGapMs }) => {
        const runs = simulate(triggers, durations, minGapMs);
        for (const t of triggers) {
          const served = runs.find((r) => r.start >= t);
          expect(served).toBeDefined();
          // It starts no later than the trigger, the previous job's end and the gap allow.
          const before = runs.filter((r) => r.start < served!.start).at(-1);
          const earliest = before ? Math.max(t, before.end, before.start + minGapMs) : t;
          expect(served!.start).toBeLessThanOrEqual(Math.max(earliest, t));
        }
      }),
    );
  });

  it('a burst of triggers gives no more jobs than the gap allows, and no job without a trigger', () => {
    fc.assert(
      fc.property(scenario, ({ triggers, durations, minGapMs }) => {
        const runs = simulate(triggers, durations, minGapMs);
        if (triggers.length === 0) expect(runs).toEqual([]);
        else {
          const span = Math.max(...triggers) - Math.min(...triggers);
          // One job per gap across the burst, plus the first and one trailing run.
          if (minGapMs > 0) expect(runs.length).toBeLessThanOrEqual(Math.floor(span / minGapMs) + 2);
          expect(runs.length).toBeLessThanOrEqual(triggers.length);
        }
      }),
    );
  });

  it('a save every minute for an hour with a 10-minute gap gives 7 jobs, not 60', () => {
    const minute = 60_000;
    const saves = Array.from({ length: 60 }, (_, k) => k * minute);
    const runs = simulate(saves, [30_000], 10 * minute);
    expect(runs.map((r) => r.start / minute)).toEqual([0, 10, 20, 30, 40, 50, 60]);
  });

  it('a trigger while the job runs is one rerun after it ends', () => {
    const runs = simulate([0, 100, 200, 300], [1000], 0);
    expect(runs).toEqual([
      { start: 0, end: 1000 },
      { start: 1000, end: 2000 },
    ]);
  });
});
