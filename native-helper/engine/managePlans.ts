import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Cron } from 'croner';
import { findPlan, parseDuration, type Plan } from '../../src/plans/planConfig';
import { nextEveryAt, planOverdueSince } from '../../src/plans/planTimes';
import type { PlanInfo } from '../../src/protocol/plans';
import type { Catalog } from '../catalog/catalog';
import { automationOf, loadConfig, plansOf, saveConfig, selectDestinations, type ThreefoldConfig } from '../config/config';
import { withConfigLock } from '../config/configLock';
import { UserError } from '../errors';

export interface PlanSpec {
  target: string;
  name?: string;
  onChange?: boolean;
  every?: string;
  cron?: string;
  to?: string[];
}

/** The croner schedule of a `--cron` expression: standard cron (minute hour day month weekday), in local time. */
export function cronSchedule(expression: string): Cron {
  return new Cron(expression, { mode: '5-part', paused: true });
}

/** Why a cron expression is not one, or undefined. */
export function cronProblem(expression: string): string | undefined {
  try {
    if (cronSchedule(expression).nextRun() === null) return `--cron "${expression}" never runs`;
    return undefined;
  } catch (error) {
    return `--cron "${expression}" is not a valid cron expression (minute hour day month weekday, like "0 20 * * *"): ${(error as Error).message.replace(/^CronPattern: /, '')}`;
  }
}

/** What kind of target a plan can watch, or why the path cannot be one. */
export async function planTargetProblem(target: string): Promise<string | undefined> {
  const st = await fs.stat(target).catch((error: NodeJS.ErrnoException) => error);
  if (st instanceof Error) return st.code === 'ENOENT' ? `${target} does not exist` : `${target} cannot be read: ${st.message}`;
  if (st.isDirectory()) return undefined;
  if (st.isFile() && /\.(prproj|lrcat)$/i.test(target)) return undefined;
  return `${target}: a plan's target is a Premiere project (.prproj), a Lightroom catalog (.lrcat) or a folder`;
}

/** `plan add`: checks the target, the triggers and the destinations, and saves the plan in config.json. */
export async function addPlan(home: string, spec: PlanSpec): Promise<Plan> {
  const target = path.resolve(spec.target);
  const targetProblem = await planTargetProblem(target);
  if (targetProblem) throw new UserError(targetProblem);
  if (spec.every !== undefined && spec.cron !== undefined) throw new UserError('give --every or --cron, not both');
  if (spec.every !== undefined) {
    const every = parseDuration(spec.every);
    if ('problem' in every) throw new UserError(`--every: ${every.problem}`);
  }
  if (spec.cron !== undefined) {
    const problem = cronProblem(spec.cron);
    if (problem) throw new UserError(problem);
  }
  const to = spec.to ?? [];
  // Without another trigger, a plan runs when its target is saved.
  const onChange = spec.onChange === true || (spec.every === undefined && spec.cron === undefined);
  return withConfigLock(home, async () => {
    const config = await loadConfig(home);
    if (config.destinations.length === 0) throw new UserError('no destinations are configured: add one first (threefold dest add)');
    selectDestinations(config.destinations, to);
    const plan: Plan = {
      id: crypto.randomBytes(4).toString('hex'),
      name: spec.name ?? path.basename(target),
      target,
      onChange,
      ...(spec.every !== undefined ? { every: spec.every } : {}),
      ...(spec.cron !== undefined ? { cron: spec.cron } : {}),
      to,
      paused: false,
      createdAt: new Date().toISOString(),
    };
    await saveConfig(home, { ...config, plans: [...plansOf(config), plan] });
    return plan;
  });
}

/** `plan pause|resume|remove`: changes one plan, found by name or id, under the config lock. */
export async function changePlan(home: string, nameOrId: string, change: 'pause' | 'resume' | 'remove'): Promise<Plan> {
  return withConfigLock(home, async () => {
    const config = await loadConfig(home);
    const plans = plansOf(config);
    const found = findPlan(plans, nameOrId);
    if ('problem' in found) throw new UserError(found.problem);
    const changed = change === 'remove' ? found.plan : { ...found.plan, paused: change === 'pause' };
    const rest = change === 'remove' ? plans.filter((p) => p !== found.plan) : plans.map((p) => (p === found.plan ? changed : p));
    await saveConfig(home, { ...config, plans: rest });
    return changed;
  });
}

/** Every plan with its next and last run, its result and whether it is overdue. */
export async function describePlans(config: ThreefoldConfig, catalog: Catalog, now = new Date()): Promise<PlanInfo[]> {
  const { planDeadlineDays } = automationOf(config);
  return Promise.all(
    plansOf(config).map(async (plan) => {
      const last = catalog.planRuns.last(plan.id);
      const lastSuccessAt = catalog.planRuns.lastSuccessAt(plan.id);
      const overdue = planOverdueSince(lastSuccessAt ? Date.parse(lastSuccessAt) : null, Date.parse(plan.createdAt), planDeadlineDays, now.getTime());
      const problem = await planTargetProblem(plan.target);
      return {
        id: plan.id,
        name: plan.name,
        target: plan.target,
        onChange: plan.onChange,
        ...(plan.every !== undefined ? { every: plan.every } : {}),
        ...(plan.cron !== undefined ? { cron: plan.cron } : {}),
        to: plan.to,
        paused: plan.paused,
        next: plan.paused ? null : (nextTimedRun(plan, last?.startedAt ?? null, now)?.toISOString() ?? null),
        last: last ? { jobId: last.jobId, trigger: last.trigger, state: last.state, startedAt: last.startedAt, finishedAt: last.finishedAt } : null,
        lastSuccessAt,
        overdueSince: overdue === null ? null : new Date(overdue).toISOString(),
        ...(problem ? { problem } : {}),
      } satisfies PlanInfo;
    }),
  );
}

/** When a plan's schedule runs it next: `--every` after its last run (or creation), `--cron` at its next match. */
export function nextTimedRun(plan: Plan, lastStartedAt: string | null, now: Date): Date | null {
  if (plan.every !== undefined) {
    const every = parseDuration(plan.every);
    if ('problem' in every) return null;
    return new Date(nextEveryAt(Date.parse(lastStartedAt ?? plan.createdAt), every.ms, now.getTime()));
  }
  if (plan.cron !== undefined) {
    if (cronProblem(plan.cron) !== undefined) return null;
    return cronSchedule(plan.cron).nextRun(now);
  }
  return null;
}
