/** How a delivery that failed for a reason that may pass (a server down or slow) is tried again. */
export interface RetryRule {
  /** Tries in all, the first included. */
  attempts: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

/** The wait before try `attempt` (2 is the first retry): doubling from the first delay, at most the largest; null when there is none. */
export function retryDelay(rule: RetryRule, attempt: number): number | null {
  if (attempt < 2 || attempt > rule.attempts) return null;
  return Math.min(rule.maxDelayMs, rule.firstDelayMs * 2 ** (attempt - 2));
}
