import { Cron } from 'croner';
import { parseDuration } from '../../src/plans/planConfig';
import { newlyOverdue, nextDrillAt, overdueItems } from '../../src/plans/maintenanceTimes';
import type { NotifyEvent } from '../../src/notify/notifyEvents';
import type { HelperEvent } from '../../src/protocol/messages';
import type { Catalog } from '../catalog/catalog';
import { automationOf, loadConfig } from '../config/config';
import { findOverdue } from '../engine/deadlines';
import { describePlans } from '../engine/managePlans';
import type { JobQueue } from './jobQueue';

export interface MaintenanceDeps {
  home: string;
  catalog: Catalog;
  jobs: JobQueue;
  notify(event: NotifyEvent): void;
  log(line: string): void;
  /** How often deadlines are checked besides after each job. */
  overdueCheckMs?: number;
}

const HOUR_MS = 3_600_000;
/** Deadlines are checked this long after the helper starts or a job ends: never in the middle of a burst of jobs. */
const QUIET_MS = 5000;

/**
 * The helper's own upkeep beside the plans: a scrub on `automation.scrubCron`, a drill `automation.drillEvery`
 * after the catalog's last one, and deadlines checked hourly and after each job, newly overdue items notified.
 * Settings are read at start; a change takes effect when the helper restarts.
 */
export class MaintenanceScheduler {
  private scrub: Cron | undefined;
  private drill: Cron | undefined;
  private overdueTimer: NodeJS.Timeout | undefined;
  private quietTimer: NodeJS.Timeout | undefined;
  private overdueKeys = new Set<string>();
  private checking: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly startedAt = Date.now();

  constructor(private readonly deps: MaintenanceDeps) {}

  async start(): Promise<void> {
    let settings: ReturnType<typeof automationOf>;
    try {
      settings = automationOf(await loadConfig(this.deps.home));
    } catch (error) {
      this.deps.log(`maintenance: config.json cannot be read, no scheduled scrub or drill: ${(error as Error).message}`);
      return;
    }
    if (settings.scrubCron !== null) {
      try {
        this.scrub = new Cron(settings.scrubCron, { protect: true, catch: (error) => this.deps.log(`scheduled scrub: ${String(error)}`) }, () =>
          this.queue('scrub'),
        );
      } catch (error) {
        this.deps.log(`automation.scrubCron "${settings.scrubCron}" is not a schedule (${(error as Error).message}); no scheduled scrub`);
      }
    }
    if (settings.drillEvery !== null) {
      const every = parseDuration(settings.drillEvery);
      if ('problem' in every) this.deps.log(`automation.drillEvery: ${every.problem}; no scheduled drill`);
      else this.scheduleDrill(every.ms);
    }
    this.overdueTimer = setInterval(() => this.checkOverdue(), this.deps.overdueCheckMs ?? HOUR_MS);
    this.checkWhenQuiet();
  }

  /** A finished job may have made something overdue, or no longer so. */
  onEvent(event: HelperEvent): void {
    if (event.type === 'job.finished') this.checkWhenQuiet();
  }

  private checkWhenQuiet(): void {
    clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => this.checkOverdue(), QUIET_MS);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.scrub?.stop();
    this.drill?.stop();
    clearInterval(this.overdueTimer);
    clearTimeout(this.quietTimer);
    await this.checking;
  }

  /** The next drill: from the catalog's last drill, or from `firedAt` once one was queued here (its record comes when it ends). */
  private scheduleDrill(everyMs: number, firedAt?: number): void {
    const last = firedAt === undefined ? (this.deps.catalog.drills.last()?.at ?? null) : new Date(firedAt).toISOString();
    const at = nextDrillAt(last, this.startedAt, everyMs, Date.now());
    // croner drops a date more than a second past: a drill already due starts a second from now.
    this.drill = new Cron(new Date(Math.max(at, Date.now() + 1000)), { catch: true }, () => {
      const firedAt = Date.now();
      this.queue('drill');
      if (!this.closed) this.scheduleDrill(everyMs, firedAt);
    });
  }

  private queue(kind: 'scrub' | 'drill'): void {
    if (this.closed) return;
    void loadConfig(this.deps.home)
      .then((config) => {
        if (config.destinations.length === 0) return this.deps.log(`scheduled ${kind}: no destinations are configured`);
        const job = this.deps.jobs.enqueue({ kind, title: `scheduled ${kind} of every destination`, request: { targets: [] } });
        this.deps.log(`scheduled ${kind}: job ${job.id} queued`);
      })
      .catch((error: Error) => this.deps.log(`scheduled ${kind}: not queued: ${error.message}`));
  }

  private checkOverdue(): void {
    this.checking = this.checking
      .then(async () => {
        if (this.closed) return;
        const config = await loadConfig(this.deps.home);
        const overdue = await findOverdue(config, this.deps.catalog, await describePlans(config, this.deps.catalog));
        const { fresh, keys } = newlyOverdue(this.overdueKeys, overdueItems(overdue));
        this.overdueKeys = keys;
        if (fresh.length > 0 && !this.closed) this.deps.notify({ type: 'overdue', items: fresh });
      })
      .catch((error: Error) => this.deps.log(`deadlines: not checked: ${error.message}`));
  }
}
