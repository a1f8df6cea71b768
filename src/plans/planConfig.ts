import { z } from 'zod';

/** A duration as `--every` takes it: a number and a unit (`90s`, `15m`, `2h`, `1d`). */
export const DURATION_PATTERN = /^(\d+(?:\.\d+)?)(s|m|h|d)$/;

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** The shortest `--every`: a shorter one would queue jobs faster than most can run. */
export const MIN_EVERY_MS = 60_000;

/** Milliseconds of a duration, or a sentence saying why it is not one. */
export function parseDuration(text: string): { ms: number } | { problem: string } {
  const m = DURATION_PATTERN.exec(text.trim());
  if (!m) return { problem: `"${text}" is not a duration: write a number and a unit, s, m, h or d (90s, 15m, 2h, 1d)` };
  const ms = Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  if (ms < MIN_EVERY_MS) return { problem: `"${text}" is too short: a plan runs at most every minute` };
  return { ms };
}

/** One plan: a target, what starts it, and where it goes. */
export const planSchema = z
  .object({
    /** Random, 8 hex digits: names a plan whose name is ambiguous. */
    id: z.string().regex(/^[0-9a-f]{8}$/),
    /** What lists show: the target's file name unless given. */
    name: z.string().min(1).max(200),
    /** Absolute path of a .prproj, a .lrcat or a folder. */
    target: z.string().min(1),
    onChange: z.boolean().default(false),
    every: z.string().regex(DURATION_PATTERN).optional(),
    cron: z.string().min(1).optional(),
    /** Destination names; empty: every configured destination. */
    to: z.array(z.string()).default([]),
    paused: z.boolean().default(false),
    createdAt: z.string(),
  })
  .refine((p) => p.every === undefined || p.cron === undefined, { message: 'a plan runs --every or on a --cron schedule, not both' });

export type Plan = z.infer<typeof planSchema>;

/** How plans behave, for every plan of a home: config.json's `automation`, each field with its default. */
export const automationFieldsSchema = z.object({
  /** A watched file counts as saved once its size and mtime stayed the same this long. */
  settleSeconds: z.number().positive().default(5),
  /** A plan's jobs start at least this far apart: a save every minute gives one job, then one trailing run. */
  minGapMinutes: z.number().min(0).default(10),
  /** How often local destinations are looked at, to notice one plugged in. */
  destinationPollSeconds: z.number().positive().default(30),
  /** A file without a verified offsite copy this long after its content was written is overdue. */
  offsiteDeadlineHours: z.number().positive().default(24),
  /** A plan that has not succeeded for this long is overdue. */
  planDeadlineDays: z.number().positive().default(7),
  /** When the helper scrubs every destination (croner syntax, seconds optional); null: never on its own. */
  scrubCron: z.string().min(1).nullable().default('0 3 * * *'),
  /** How long after the last drill the helper drills again; null: never on its own. */
  drillEvery: z.string().regex(DURATION_PATTERN).nullable().default('30d'),
});

/** The settings, all defaults when config.json has none. */
export const automationSchema = automationFieldsSchema.prefault({});

export type AutomationSettings = z.infer<typeof automationSchema>;

/** What a plan is started by, as its job records it. */
export type PlanTrigger = 'change' | 'schedule' | 'destination' | 'manual';

/** The plan a name or id designates, or why none does. */
export function findPlan(plans: readonly Plan[], nameOrId: string): { plan: Plan } | { problem: string } {
  const byId = plans.find((p) => p.id === nameOrId);
  if (byId) return { plan: byId };
  const named = plans.filter((p) => p.name === nameOrId);
  if (named.length === 1) return { plan: named[0]! };
  if (named.length > 1) return { problem: `${named.length} plans are named "${nameOrId}": give its id (${named.map((p) => p.id).join(', ')})` };
  return { problem: `no plan is named "${nameOrId}" (plans: ${plans.map((p) => `${p.name} ${p.id}`).join(', ') || 'none'})` };
}
