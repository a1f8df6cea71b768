/**
 * Repeated events become one message: events of one key are gathered for a moment (a burst of failures is
 * one message), and a key that has just sent waits out its quiet window, then sends everything it held
 * as one message. Nothing received is lost or sent twice; no event waits longer than the longer of the two.
 */
export interface ThrottleRule {
  /** How long the first event of a quiet key waits for others to join it. */
  gatherMs: number;
  /** The least time between two messages of one key. */
  windowMs: number;
  /** Events kept to show in a message; the rest are only counted. */
  maxSamples: number;
}

export interface Group<E> {
  /** The first events held, at most maxSamples. */
  samples: E[];
  /** Every event held, shown or not. */
  heldCount: number;
  firstHeldAt: number | null;
  lastSentAt: number | null;
}

export interface GroupedMessage<E> {
  key: string;
  samples: E[];
  count: number;
  firstAt: number;
}

export type Groups<E> = ReadonlyMap<string, Group<E>>;

export function receive<E>(groups: Groups<E>, key: string, event: E, now: number, rule: ThrottleRule): Map<string, Group<E>> {
  const next = new Map(groups);
  const group = groups.get(key) ?? { samples: [], heldCount: 0, firstHeldAt: null, lastSentAt: null };
  next.set(key, {
    samples: group.samples.length < rule.maxSamples ? [...group.samples, event] : group.samples,
    heldCount: group.heldCount + 1,
    firstHeldAt: group.firstHeldAt ?? now,
    lastSentAt: group.lastSentAt,
  });
  return next;
}

/** When a group's held events go out; null when it holds none. */
export function releaseTime(group: Group<unknown>, rule: ThrottleRule): number | null {
  if (group.firstHeldAt === null) return null;
  return Math.max(group.firstHeldAt + rule.gatherMs, group.lastSentAt === null ? Number.NEGATIVE_INFINITY : group.lastSentAt + rule.windowMs);
}

/** The earliest time any group is due; null when nothing is held. */
export function nextReleaseTime(groups: Groups<unknown>, rule: ThrottleRule): number | null {
  let earliest: number | null = null;
  for (const group of groups.values()) {
    const at = releaseTime(group, rule);
    if (at !== null && (earliest === null || at < earliest)) earliest = at;
  }
  return earliest;
}

/** The messages due at `now`, and the groups after sending them (keys quiet past their window are forgotten). */
export function release<E>(groups: Groups<E>, now: number, rule: ThrottleRule): { messages: GroupedMessage<E>[]; groups: Map<string, Group<E>> } {
  const messages: GroupedMessage<E>[] = [];
  const next = new Map<string, Group<E>>();
  for (const [key, group] of groups) {
    const at = releaseTime(group, rule);
    if (at !== null && at <= now) {
      messages.push({ key, samples: group.samples, count: group.heldCount, firstAt: group.firstHeldAt as number });
      next.set(key, { samples: [], heldCount: 0, firstHeldAt: null, lastSentAt: now });
    } else if (at !== null || (group.lastSentAt !== null && now - group.lastSentAt < rule.windowMs)) {
      next.set(key, group);
    }
  }
  return { messages, groups: next };
}
