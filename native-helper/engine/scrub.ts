import { parseByteSize } from '../../src/format/parseByteSize';
import { dayNumber, parseScrubHours, readsFullyOn, type ScrubHours, scrubOrder, secondsLeftInHours } from '../../src/scrub/scrubRules';
import { applyBandwidthLimit } from './bandwidthLimit';
import { UserError } from '../errors';
import { Pacer } from '../fsutil/pacer';
import { verify, type VerifyReport, type VerifyRequest } from './verify';
import type { Workspace } from './workspace';
import type { ThreefoldConfig } from '../config/config';

const DEFAULT_SCRUB_DAYS = 30;

export interface ScrubRequest {
  /** Every copy is re-read within this many days (the config's, else 30). */
  days?: number;
  /** The read budget, as a person writes it (`50MB/s`, `20MB`); none: as fast as the disks go. */
  budget?: string;
  /** Stops starting copies after this many seconds; the next scrub goes on from the oldest left. */
  maxSeconds?: number;
  /** Runs only within these hours of the day, this machine's time (`01:00-06:00`), and stops at their end. */
  hours?: string;
  /** The cloud bandwidth limit for this run (rclone's form); the config's otherwise. */
  bwlimit?: string;
  only?: string[];
  repair?: boolean;
  signal?: AbortSignal;
  onLockWait?: VerifyRequest['onLockWait'];
  queuedJobId?: number;
}

export type ScrubReport =
  | { ran: false; why: string }
  | (VerifyReport & {
      ran: true;
      /** The copies due this run (every cloud object's metadata, local copies not read for `days` days). */
      due: number;
      /** Why the scrub stopped before every due copy was checked, if it did. */
      stoppedBy: 'time limit' | 'end of hours' | null;
    });

/**
 * Re-reads the copies due, oldest verification first, through the verify engine: local copies from their
 * medium, cloud objects by their metadata and, on their day of the cycle, downloaded and hashed; every read
 * within the budget, the run within its time. Results, MHL generations and repairs are a verify's.
 */
export async function scrub(ws: Workspace, request: ScrubRequest): Promise<ScrubReport> {
  const { days, budget, hours, leftInHours } = scrubSettings(ws.config, request);
  applyBandwidthLimit(request.bwlimit ?? ws.config.bwlimit);
  if (leftInHours === 0) return { ran: false, why: `outside the scrub hours (${hours!.text}): nothing was read` };
  const now = new Date();
  const seconds = Math.min(request.maxSeconds ?? Infinity, leftInHours);
  const stoppedBy = (request.maxSeconds ?? Infinity) <= leftInHours ? ('time limit' as const) : ('end of hours' as const);

  const stop = new AbortController();
  const timer = Number.isFinite(seconds) ? setTimeout(() => stop.abort(new Error(`the scrub's ${stoppedBy} was reached`)), seconds * 1000) : undefined;
  timer?.unref();
  const pacer = budget === null ? undefined : new Pacer(() => budget);
  const today = dayNumber(now.getTime());
  let due = 0;
  try {
    const report = await verify(ws, {
      targets: [],
      ...(request.only ? { only: request.only } : {}),
      repair: request.repair ?? false,
      // Within a budget, one copy at a time: the budget sets the pace anyway, and copies then end in the order
      // they start (oldest first), so a time limit leaves only the newest for the next run.
      ...(budget !== null ? { concurrency: 1 } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
      ...(request.onLockWait ? { onLockWait: request.onLockWait } : {}),
      ...(request.queuedJobId !== undefined ? { queuedJobId: request.queuedJobId } : {}),
      scrub: {
        order: (copies, cheapCheck) => {
          const order = scrubOrder(copies, Date.now(), days, cheapCheck);
          due = order.length;
          return order;
        },
        readsFully: (copy) => readsFullyOn(copy.id, today, days),
        ...(pacer ? { pace: (bytes: number) => pacer.take(bytes, stop.signal) } : {}),
        stop: stop.signal,
      },
    });
    return { ...report, ran: true, due, stoppedBy: stop.signal.aborted ? stoppedBy : null };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A scrub's settings from the request, else the config, else the defaults; refused (UserError) when one
 * does not parse. `leftInHours`: the seconds left in its hours now (0 outside them; Infinity without hours).
 */
export function scrubSettings(
  config: ThreefoldConfig,
  request: Pick<ScrubRequest, 'days' | 'budget' | 'hours' | 'maxSeconds'>,
): { days: number; budget: number | null; hours: { text: string; span: ScrubHours } | undefined; leftInHours: number } {
  const settings = config.scrub ?? {};
  const days = request.days ?? settings.days ?? DEFAULT_SCRUB_DAYS;
  if (!Number.isInteger(days) || days < 1) throw new UserError(`--days must be a whole number of days, 1 or more (not ${days})`);
  if (request.maxSeconds !== undefined && !(request.maxSeconds > 0)) throw new UserError(`--max-seconds must be more than 0 (not ${request.maxSeconds})`);
  const budget = parseBudget(request.budget ?? settings.budget);
  const hours = parseHours(request.hours ?? settings.hours);
  const now = new Date();
  const leftInHours = hours ? secondsLeftInHours(hours.span, now.getHours() * 3600 + now.getMinutes() * 60 + now.getSeconds()) : Infinity;
  return { days, budget, hours, leftInHours };
}

/** `50MB/s` or `50MB` (per second either way) as bytes per second; null when none is set. */
function parseBudget(text: string | undefined): number | null {
  if (text === undefined) return null;
  const bytes = parseByteSize(text.replace(/\/s$/i, ''));
  if (bytes === null || bytes <= 0) throw new UserError(`"${text}" is not a read budget: write it as 50MB/s (MB, GB, MiB…)`);
  return bytes;
}

function parseHours(text: string | undefined): { text: string; span: ScrubHours } | undefined {
  if (text === undefined) return undefined;
  const parsed = parseScrubHours(text);
  if (!parsed.ok) throw new UserError(parsed.error);
  return { text, span: parsed.hours };
}
