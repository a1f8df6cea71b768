import { setTimeout as sleep } from 'node:timers/promises';
import { retryDelay, type RetryRule } from '../../src/notify/retrySchedule';
import { DeliveryError } from './deliveryError';

export interface DeliveryOutcome {
  ok: boolean;
  attempts: number;
  /** The last failure's reason, when not delivered. */
  error?: string;
}

/** Tries `send` until it succeeds, fails lastingly, or the rule's tries are spent, waiting longer each time. */
export async function deliverWithRetry(
  send: () => Promise<void>,
  rule: RetryRule,
  onRetry: (attempt: number, error: string, delayMs: number) => void = () => {},
  signal?: AbortSignal,
): Promise<DeliveryOutcome> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await send();
      return { ok: true, attempts: attempt };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const delay = retryDelay(rule, attempt + 1);
      if ((error instanceof DeliveryError && error.lasting) || delay === null || signal?.aborted) return { ok: false, attempts: attempt, error: reason };
      onRetry(attempt, reason, delay);
      try {
        await sleep(delay, undefined, { signal });
      } catch {
        return { ok: false, attempts: attempt, error: reason };
      }
    }
  }
}
