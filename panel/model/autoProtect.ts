/**
 * The Auto-protect switch: the plans whose target is the open project's file (made here or with
 * `threefold plan add`), whether they protect it now, what flipping the switch asks of the helper, and
 * the line under it ("last protected 14:02 · next on save").
 */
import type { PlanInfo } from '../../src/protocol/plans';

export type AutoProtectAction = { kind: 'add'; target: string } | { kind: 'pause' | 'resume' | 'remove'; plan: string };

export interface AutoProtectView {
  /** A plan runs for this project now (one that is not paused). */
  on: boolean;
  /** Plans exist and every one is paused: they can be removed. */
  paused: boolean;
  line: string;
  /** What keeps a plan from working (its project file gone), or that it is overdue. */
  problem: string | null;
}

/** Windows paths compare without case, as the file system does; others as they are. */
function samePath(a: string, b: string): boolean {
  const windows = /^[A-Za-z]:[\\/]/.test(a) || a.startsWith('\\\\');
  return windows ? a.replace(/\//g, '\\').toLowerCase() === b.replace(/\//g, '\\').toLowerCase() : a === b;
}

/** The plans whose target is this project file. */
export function projectPlans(plans: readonly PlanInfo[], projectPath: string): PlanInfo[] {
  return plans.filter((p) => samePath(p.target, projectPath));
}

/** What the switch turned on or off asks: on adds a plan (none yet) or resumes the paused ones; off pauses the running ones. */
export function switchActions(plans: readonly PlanInfo[], projectPath: string, on: boolean): AutoProtectAction[] {
  const own = projectPlans(plans, projectPath);
  if (on) return own.length === 0 ? [{ kind: 'add', target: projectPath }] : own.filter((p) => p.paused).map((p) => ({ kind: 'resume', plan: p.id }));
  return own.filter((p) => !p.paused).map((p) => ({ kind: 'pause', plan: p.id }));
}

/** Removing the project's plans (the copies they made stay). */
export function removeActions(plans: readonly PlanInfo[], projectPath: string): AutoProtectAction[] {
  return projectPlans(plans, projectPath).map((p) => ({ kind: 'remove', plan: p.id }));
}

export function autoProtectView(plans: readonly PlanInfo[], projectPath: string, now: Date): AutoProtectView {
  const own = projectPlans(plans, projectPath);
  const active = own.filter((p) => !p.paused);
  const on = active.length > 0;
  const paused = own.length > 0 && !on;
  if (own.length === 0) return { on, paused, line: 'Off: turn it on to protect the project on every save', problem: null };
  const problem = own.find((p) => p.problem !== undefined)?.problem ?? overdueText(own, now);
  return { on, paused, line: [lastText(own, now), on ? nextText(active, now) : 'paused'].join(' · '), problem };
}

function lastText(plans: readonly PlanInfo[], now: Date): string {
  if (plans.some((p) => p.last?.state === 'queued' || p.last?.state === 'running')) return 'protecting now';
  const lastSuccess = newest(plans.map((p) => p.lastSuccessAt));
  const lastRun = plans.map((p) => p.last).reduce<PlanInfo['last']>((a, b) => (b !== null && (a === null || b.startedAt > a.startedAt) ? b : a), null);
  if (lastRun !== null && lastRun.state !== 'succeeded' && (lastSuccess === null || lastRun.startedAt > lastSuccess)) {
    return `last run ${lastRun.state} ${clockText(lastRun.finishedAt ?? lastRun.startedAt, now)}`;
  }
  return lastSuccess === null ? 'not protected by it yet' : `last protected ${clockText(lastSuccess, now)}`;
}

function nextText(active: readonly PlanInfo[], now: Date): string {
  const parts = [
    ...(active.some((p) => p.onChange) ? ['on save'] : []),
    ...active
      .map((p) => p.next)
      .filter((n): n is string => n !== null)
      .sort()
      .slice(0, 1)
      .map((n) => clockText(n, now)),
  ];
  return parts.length === 0 ? 'no next run' : `next ${parts.join(' or ')}`;
}

function overdueText(plans: readonly PlanInfo[], now: Date): string | null {
  const since = newest(plans.map((p) => p.overdueSince));
  return since === null ? null : `Overdue: not protected successfully since ${clockText(since, now)}`;
}

function newest(times: ReadonlyArray<string | null>): string | null {
  return times.reduce<string | null>((a, b) => (b !== null && (a === null || b > a) ? b : a), null);
}

/** A time as the line says it: the clock today, yesterday or tomorrow, else the date and the clock. */
export function clockText(iso: string, now: Date): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const clock = `${pad(at.getHours())}:${pad(at.getMinutes())}`;
  const days = Math.round((startOfDay(at) - startOfDay(now)) / 86_400_000);
  if (days === 0) return clock;
  if (days === -1) return `yesterday ${clock}`;
  if (days === 1) return `tomorrow ${clock}`;
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${clock}`;
}

function startOfDay(d: Date): number {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
