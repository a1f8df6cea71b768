/**
 * When a plan's jobs start, whatever starts them (a save, a schedule, a destination plugged in). A plan has
 * at most one job at a time; triggers while it waits or runs are one run; a plan's jobs start at least
 * `minGapMs` apart. So a save every minute gives a job at once, then one trailing run per gap, never one a
 * minute, and no trigger is lost: the run it asks for starts at the first moment these rules allow.
 */
export interface PlanTurns {
  /** A trigger has come that no started job has served yet. */
  pending: boolean;
  running: boolean;
  lastStartAt: number | null;
}

export const IDLE_TURNS: PlanTurns = { pending: false, running: false, lastStartAt: null };

export function triggered(turns: PlanTurns): PlanTurns {
  return { ...turns, pending: true };
}

/** A job started: it serves every trigger before now (it reads the target as it is now). */
export function started(_turns: PlanTurns, at: number): PlanTurns {
  return { pending: false, running: true, lastStartAt: at };
}

export function finished(turns: PlanTurns): PlanTurns {
  return { ...turns, running: false };
}

/** When the pending run may start (it may be in the past: start now); null when none is pending or a job runs. */
export function nextStartAt(turns: PlanTurns, minGapMs: number): number | null {
  if (!turns.pending || turns.running) return null;
  return turns.lastStartAt === null ? Number.NEGATIVE_INFINITY : turns.lastStartAt + minGapMs;
}
