/** How long a destination's last passing drill stands for it. */
export const DRILL_INTERVAL_DAYS = 90;

/** A destination's last drill that restored some of its copies: when, and whether every one came back. */
export interface DestinationDrill {
  destination: string;
  at: string;
  passed: boolean;
}

/** A destination whose restores no recent drill proves: never drilled, drilled long ago, or failed its last drill. */
export interface DrillDue {
  destination: string;
  /** Its last drill, if any. */
  lastDrilledAt: string | null;
  reason: 'never' | 'old' | 'failed';
}

/**
 * The configured destinations that are due a drill: those no drill has restored from, those whose last
 * drill is older than `days`, and those whose last drill failed. In configured order.
 */
export function drillsDue(destinations: readonly string[], last: readonly DestinationDrill[], now: Date, days = DRILL_INTERVAL_DAYS): DrillDue[] {
  const byName = new Map(last.map((d) => [d.destination, d]));
  const oldest = now.getTime() - days * 86_400_000;
  return destinations.flatMap((destination): DrillDue[] => {
    const drill = byName.get(destination);
    if (drill === undefined) return [{ destination, lastDrilledAt: null, reason: 'never' }];
    if (!drill.passed) return [{ destination, lastDrilledAt: drill.at, reason: 'failed' }];
    if (Date.parse(drill.at) < oldest) return [{ destination, lastDrilledAt: drill.at, reason: 'old' }];
    return [];
  });
}
