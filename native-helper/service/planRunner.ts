import fs from 'node:fs/promises';
import { Cron } from 'croner';
import type { AutomationSettings, Plan, PlanTrigger } from '../../src/plans/planConfig';
import { finished, IDLE_TURNS, nextStartAt, type PlanTurns, started, triggered } from '../../src/plans/planTurns';
import type { HelperEvent } from '../../src/protocol/messages';
import type { Catalog } from '../catalog/catalog';
import { automationOf, localDestinationFolders, plansOf, type ThreefoldConfig } from '../config/config';
import { cronProblem, nextTimedRun, planTargetProblem } from '../engine/managePlans';
import { checkCatalogLock } from '../readers/lightroom/catalogLock';
import { isProcessAlive } from '../system/isProcessAlive';
import { watchDestinations } from './destinationWatch';
import type { JobQueue } from './jobQueue';
import { catalogLockFiles, watchPlanTarget } from './planWatch';

interface RunningPlan {
  plan: Plan;
  turns: PlanTurns;
  /** What started the pending run (the latest trigger). */
  trigger: PlanTrigger;
  jobId: number | undefined;
  timer: NodeJS.Timeout | undefined;
  watcher: { close(): Promise<void> } | undefined;
  schedule: Cron | undefined;
}

export interface PlanRunnerDeps {
  home: string;
  catalog: Catalog;
  jobs: JobQueue;
  log(line: string): void;
}

/**
 * The helper's plans: each plan's triggers (its target saved, its schedule, a destination plugged in) queue
 * protect jobs in the helper's queue, as a click does; `planTurns` decides when. The helper hands it
 * config.json again on every change (service/configWatch), so `threefold plan add` takes effect at once.
 */
export class PlanRunner {
  private readonly plans = new Map<string, RunningPlan>();
  private settings: AutomationSettings | undefined;
  private destinations: { close(): void } | undefined;
  private applied = '';
  private context = '';
  private closed = false;

  constructor(private readonly deps: PlanRunnerDeps) {}

  /** A job of this helper changed: a plan's finished job lets its next run start. */
  onEvent(event: HelperEvent): void {
    if (event.type !== 'job.finished') return;
    for (const running of this.plans.values()) {
      if (running.jobId !== event.job.id) continue;
      running.jobId = undefined;
      running.turns = finished(running.turns);
      this.pump(running);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.destinations?.close();
    await Promise.all([...this.plans.values()].map((r) => this.stopTriggers(r)));
    this.plans.clear();
  }

  /** The plans of config.json (read again on every change): new, changed and removed plans take effect. */
  async configure(config: ThreefoldConfig): Promise<void> {
    const shape = JSON.stringify([config.plans, config.automation, config.destinations]);
    if (this.closed || shape === this.applied) return;
    // A schedule edited by hand that is not one: every plan keeps running as it was.
    const problems = plansOf(config).flatMap((p) => {
      const problem = p.cron === undefined ? undefined : cronProblem(p.cron);
      return problem ? [`plan "${p.name}": ${problem}`] : [];
    });
    if (problems.length > 0) {
      this.deps.log(`plans: config.json is not applied, the plans stay as they were: ${problems.join('; ')}`);
      return;
    }
    this.applied = shape;
    await this.apply(config);
  }

  private async apply(config: ThreefoldConfig): Promise<void> {
    const settings = automationOf(config);
    // Settings and destinations shape every watcher (settle time, folders left out): a change restarts them all.
    const context = JSON.stringify([settings, config.destinations]);
    const contextChanged = context !== this.context;
    this.context = context;
    this.settings = settings;
    const wanted = new Map(plansOf(config).map((p) => [p.id, p]));
    const restart: RunningPlan[] = [];
    for (const [id, running] of this.plans) {
      const plan = wanted.get(id);
      if (plan && !contextChanged && JSON.stringify(plan) === JSON.stringify(running.plan)) continue;
      await this.stopTriggers(running);
      if (!plan) this.plans.delete(id);
      else {
        // A changed plan keeps its turns and its job: it never has two at once.
        running.plan = plan;
        restart.push(running);
      }
    }
    for (const plan of wanted.values()) {
      if (this.plans.has(plan.id)) continue;
      const running: RunningPlan = { plan, turns: IDLE_TURNS, trigger: 'change', jobId: undefined, timer: undefined, watcher: undefined, schedule: undefined };
      this.plans.set(plan.id, running);
      restart.push(running);
    }
    const excluded = localDestinationFolders(config.destinations);
    for (const running of restart) {
      if (running.plan.paused) continue;
      this.startTriggers(running, excluded);
      this.pump(running);
    }
    this.destinations?.close();
    this.destinations = watchDestinations(config.destinations, settings.destinationPollSeconds * 1000, (name) => this.destinationAppeared(name));
    this.deps.log(`plans: ${wanted.size} plan${wanted.size === 1 ? '' : 's'} (${[...wanted.values()].filter((p) => p.paused).length} paused)`);
  }

  private startTriggers(running: RunningPlan, excluded: readonly string[]): void {
    const { plan } = running;
    const settleMs = this.settings!.settleSeconds * 1000;
    if (plan.onChange) {
      const kind = /\.(prproj|lrcat)$/i.test(plan.target) ? 'file' : 'folder';
      running.watcher = watchPlanTarget(plan.target, kind, settleMs, excluded, {
        changed: () => this.trigger(running, 'change'),
        ready: () => this.deps.log(`plan "${plan.name}": watching ${plan.target}`),
        gone: () => this.deps.log(`plan "${plan.name}": ${plan.target} is gone (deleted or renamed); it runs again once it is back`),
        failed: (error) => this.deps.log(`plan "${plan.name}": watching ${plan.target} failed: ${error.message}`),
      });
    }
    if (plan.cron !== undefined) {
      running.schedule = new Cron(plan.cron, { mode: '5-part', catch: (error) => this.deps.log(`plan "${plan.name}": ${String(error)}`) }, () =>
        this.trigger(running, 'schedule'),
      );
    } else if (plan.every !== undefined) this.scheduleEvery(running);
  }

  /**
   * The next `--every` run, as a one-off croner job (croner re-reads the clock every 30 s, so a clock change
   * moves it): an interval after the plan's last job, or after `firedAt` once it has fired here.
   */
  private scheduleEvery(running: RunningPlan, firedAt?: number): void {
    const last = firedAt === undefined ? (this.deps.catalog.planRuns.last(running.plan.id)?.startedAt ?? null) : new Date(firedAt).toISOString();
    const at = nextTimedRun(running.plan, last, new Date());
    if (at === null) return;
    const fire = (): void => {
      const firedAt = Date.now();
      running.schedule = undefined;
      this.trigger(running, 'schedule');
      if (!this.closed && running.plan.every !== undefined && !running.plan.paused) this.scheduleEvery(running, firedAt);
    };
    // A time already past runs now (the helper was down at that time); croner drops a date more than a second past.
    running.schedule = new Cron(new Date(Math.max(at.getTime(), Date.now() + 1000)), { catch: true }, fire);
  }

  private async stopTriggers(running: RunningPlan): Promise<void> {
    clearTimeout(running.timer);
    running.timer = undefined;
    running.schedule?.stop();
    running.schedule = undefined;
    const watcher = running.watcher;
    running.watcher = undefined;
    await watcher?.close();
  }

  private destinationAppeared(name: string): void {
    const users = [...this.plans.values()].filter((r) => !r.plan.paused && (r.plan.to.length === 0 || r.plan.to.includes(name)));
    this.deps.log(`plans: destination ${name} appeared${users.length > 0 ? `: ${users.map((r) => `"${r.plan.name}"`).join(', ')} will fill it` : ''}`);
    for (const running of users) this.trigger(running, 'destination');
  }

  private trigger(running: RunningPlan, why: PlanTrigger): void {
    if (this.closed || running.plan.paused) return;
    running.turns = triggered(running.turns);
    running.trigger = why;
    this.pump(running);
  }

  /** Starts the plan's pending run when the turns allow, now or after a timer. */
  private pump(running: RunningPlan): void {
    clearTimeout(running.timer);
    running.timer = undefined;
    const at = nextStartAt(running.turns, this.settings!.minGapMinutes * 60_000);
    if (at === null || this.closed) return;
    running.timer = setTimeout(() => void this.startJob(running), Math.max(0, at - Date.now()));
  }

  private async startJob(running: RunningPlan): Promise<void> {
    running.timer = undefined;
    const { plan } = running;
    const problem = await planTargetProblem(plan.target);
    if (this.closed || running.jobId !== undefined || this.plans.get(plan.id) !== running) return;
    if (problem) {
      // Nothing to protect: the trigger is dropped; the target's return (or the next schedule) starts it again.
      running.turns = { ...running.turns, pending: false };
      this.deps.log(`plan "${plan.name}": not run: ${problem}`);
      return;
    }
    if (/\.lrcat$/i.test(plan.target) && (await lightroomHasOpen(plan.target))) {
      // Lightroom writes its catalog all day: it is protected once Lightroom has quit (its lock gone).
      this.deps.log(`plan "${plan.name}": waits for Lightroom Classic to quit`);
      running.timer = setTimeout(() => this.pump(running), this.settings!.settleSeconds * 1000);
      return;
    }
    try {
      const job = this.deps.jobs.enqueue({
        kind: 'protect',
        title: `plan ${plan.name}: ${plan.target}`,
        request: { targets: [plan.target], ...(plan.to.length > 0 ? { only: plan.to } : {}) },
      });
      this.deps.catalog.planRuns.record(plan.id, job.id, running.trigger);
      running.jobId = job.id;
      running.turns = started(running.turns, Date.now());
      this.deps.log(`plan "${plan.name}": job ${job.id} queued (${running.trigger})`);
    } catch (error) {
      // The queue is full: tried again after the gap, the trigger kept.
      this.deps.log(`plan "${plan.name}": not queued: ${(error as Error).message}`);
      running.turns = triggered(finished(started(running.turns, Date.now())));
      this.pump(running);
    }
  }
}

/** Whether Lightroom Classic has the catalog open: a live lock (`.lrcat.lock` naming a running process) or a `.lrcat-lock`. */
async function lightroomHasOpen(catalog: string): Promise<boolean> {
  if ((await checkCatalogLock(catalog, isProcessAlive)).busy !== undefined) return true;
  const [, dashLock] = catalogLockFiles(catalog);
  return fs.stat(dashLock!).then(
    () => true,
    () => false,
  );
}
