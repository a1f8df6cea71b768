import { Cron } from 'croner';
import { parseDuration } from '../../src/plans/planConfig';
import { newlyOverdue, nextDrillAt, overdueItems } from '../../src/plans/maintenanceTimes';
import type { NotifyEvent } from '../../src/notify/notifyEvents';
import type { HelperEvent } from '../../src/protocol/messages';
import type { Catalog } from '../catalog/catalog';
import { automationOf, loadConfig, type ThreefoldConfig } from '../config/config';
import { scrubSettings, type ScrubRequest } from '../engine/scrub';
import type { Upkeep } from '../../src/protocol/plans';
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
 * The helper's own upkeep beside the plans: a scrub on `automation.scrubCron` (with config.json's `scrub`
 * budget, hours and days), a drill `automation.drillEvery` after the catalog's last one, and deadlines
 * checked hourly and after each job, newly overdue items notified. The helper hands it config.json again on
 * every change; a setting that is not valid is logged and the schedule it would replace stays.
 */
export class MaintenanceScheduler {
  private scrub: Cron | undefined;
  /** The applied scrubCron (null: none); undefined until the first config. */
  private scrubCron: string | null | undefined;
  /** What a scheduled scrub is asked for: the last valid `scrub` settings. */
  private scrubRequest: Pick<ScrubRequest, 'days' | 'budget' | 'hours'> = {};
  private scrubShape: string | undefined;
  private drill: Cron | undefined;
  private drillEvery: string | null | undefined;
  /** The last setting refused, each told once until it changes. */
  private readonly refused = new Map<string, string>();
  private overdueTimer: NodeJS.Timeout | undefined;
  private quietTimer: NodeJS.Timeout | undefined;
  private overdueKeys = new Set<string>();
  private checking: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly startedAt = Date.now();

  constructor(private readonly deps: MaintenanceDeps) {}

  /** Deadlines: checked now (once quiet) and on the interval. */
  start(): void {
    this.overdueTimer = setInterval(() => this.checkOverdue(), this.deps.overdueCheckMs ?? HOUR_MS);
    this.checkWhenQuiet();
  }

  /** The upkeep settings of config.json (read again on every change). */
  configure(config: ThreefoldConfig): void {
    if (this.closed) return;
    const settings = automationOf(config);
    this.configureScrubSettings(config);
    if (settings.scrubCron !== this.scrubCron) this.scheduleScrub(settings.scrubCron);
    if (settings.drillEvery !== this.drillEvery) this.setDrillEvery(settings.drillEvery);
  }

  /** The upkeep's schedule now, as the `plans` request shows it. */
  upkeep(): Upkeep {
    return {
      scrub: { cron: this.scrubCron ?? null, next: this.scrub?.nextRun()?.toISOString() ?? null, ...this.scrubRequest },
      drill: { every: this.drillEvery ?? null, next: this.drill?.nextRun()?.toISOString() ?? null },
    };
  }

  private scheduleScrub(cron: string | null): void {
    if (cron === null) {
      this.scrub?.stop();
      this.scrub = undefined;
      if (this.scrubCron !== undefined) this.deps.log('upkeep: scheduled scrubs are off (automation.scrubCron is null)');
      this.scrubCron = null;
      return;
    }
    let schedule: Cron;
    try {
      schedule = new Cron(cron, { protect: true, catch: (error) => this.deps.log(`scheduled scrub: ${String(error)}`) }, () => this.queue('scrub'));
    } catch (error) {
      const kept = this.scrubCron ? `the scrub stays on "${this.scrubCron}"` : 'no scheduled scrub';
      this.refuse('scrubCron', cron, `automation.scrubCron "${cron}" is not a schedule (${(error as Error).message}); ${kept}`);
      return;
    }
    this.scrub?.stop();
    const changed = this.scrubCron !== undefined;
    this.scrub = schedule;
    this.scrubCron = cron;
    if (changed) this.deps.log(`upkeep: the scrub now runs on "${cron}", next at ${schedule.nextRun()?.toISOString() ?? 'never'}`);
  }

  /** `config.scrub` (budget, hours, days) as a scheduled scrub takes it; one that is not valid leaves the last valid one. */
  private configureScrubSettings(config: ThreefoldConfig): void {
    const shape = JSON.stringify(config.scrub ?? {});
    if (shape === this.scrubShape) return;
    this.scrubShape = shape;
    const { days, budget, hours } = config.scrub ?? {};
    const request = { ...(days !== undefined ? { days } : {}), ...(budget !== undefined ? { budget } : {}), ...(hours !== undefined ? { hours } : {}) };
    try {
      scrubSettings(config, {});
    } catch (error) {
      this.refuse(
        'scrub',
        shape,
        `config.json's scrub settings are not applied (${(error as Error).message}); scheduled scrubs keep ${JSON.stringify(this.scrubRequest)}`,
      );
      return;
    }
    this.scrubRequest = request;
  }

  private setDrillEvery(every: string | null): void {
    if (every !== null) {
      const parsed = parseDuration(every);
      if ('problem' in parsed) {
        const kept = this.drillEvery ? `the drill stays every ${this.drillEvery}` : 'no scheduled drill';
        this.refuse('drillEvery', every, `automation.drillEvery: ${parsed.problem}; ${kept}`);
        return;
      }
      this.drill?.stop();
      this.drillEvery = every;
      this.scheduleDrill(parsed.ms);
    } else {
      this.drill?.stop();
      this.drill = undefined;
      this.drillEvery = null;
    }
  }

  /** Logs a refused setting once for each value it is given. */
  private refuse(setting: string, value: string, message: string): void {
    if (this.refused.get(setting) === value) return;
    this.refused.set(setting, value);
    this.deps.log(message);
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
    const drill = new Cron(new Date(Math.max(at, Date.now() + 1000)), { catch: true }, () => {
      const firedAt = Date.now();
      this.queue('drill');
      // A drill rescheduled meanwhile (drillEvery changed) has replaced this one.
      if (!this.closed && this.drill === drill) this.scheduleDrill(everyMs, firedAt);
    });
    this.drill = drill;
  }

  private queue(kind: 'scrub' | 'drill'): void {
    if (this.closed) return;
    void loadConfig(this.deps.home)
      .then((config) => {
        if (config.destinations.length === 0) return this.deps.log(`scheduled ${kind}: no destinations are configured`);
        const title = `scheduled ${kind} of every destination`;
        const job =
          kind === 'scrub'
            ? this.deps.jobs.enqueue({ kind, title, request: { targets: [], ...this.scrubRequest } })
            : this.deps.jobs.enqueue({ kind, title, request: { targets: [] } });
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
