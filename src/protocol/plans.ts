import { z } from 'zod';

/** A plan as `plan list --json` and the helper's `plans` request show it. */
export const planInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  target: z.string(),
  onChange: z.boolean(),
  every: z.string().optional(),
  cron: z.string().optional(),
  /** Destination names; empty: every configured destination. */
  to: z.array(z.string()),
  paused: z.boolean(),
  /** The next timed run (--every, --cron); null when the plan has none or is paused. */
  next: z.string().nullable(),
  /** The plan's newest job. */
  last: z
    .object({
      jobId: z.number(),
      trigger: z.string(),
      state: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted']),
      startedAt: z.string(),
      finishedAt: z.string().nullable(),
    })
    .nullable(),
  lastSuccessAt: z.string().nullable(),
  /** Set once the plan has not succeeded for the deadline's days. */
  overdueSince: z.string().nullable(),
  /** What keeps the plan from working now (its target is gone). */
  problem: z.string().optional(),
});

/** What is overdue: plans that have not succeeded in time, files without an offsite copy in time. */
export const overdueSchema = z.object({
  plans: z.array(z.object({ id: z.string(), name: z.string(), since: z.string(), lastSuccessAt: z.string().nullable() })),
  files: z.object({
    count: z.number(),
    hours: z.number(),
    /** The longest overdue first, at most OVERDUE_FILES_LISTED. */
    listed: z.array(z.object({ path: z.string(), since: z.string() })),
  }),
});

export const OVERDUE_FILES_LISTED = 50;

/** The helper's own upkeep as it is scheduled now (config.json's `automation` and `scrub`, as last applied). */
export const upkeepSchema = z.object({
  scrub: z.object({
    /** automation.scrubCron; null: no scheduled scrub. */
    cron: z.string().nullable(),
    next: z.string().nullable(),
    days: z.number().optional(),
    budget: z.string().optional(),
    hours: z.string().optional(),
  }),
  drill: z.object({ every: z.string().nullable(), next: z.string().nullable() }),
});

export type PlanInfo = z.output<typeof planInfoSchema>;
export type Overdue = z.output<typeof overdueSchema>;
export type Upkeep = z.output<typeof upkeepSchema>;
