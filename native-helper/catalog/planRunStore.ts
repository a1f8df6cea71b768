import type { CatalogDatabase } from './catalogDatabase';
import type { JobRow } from './jobStore';

/** A job a plan started: the job's row and what started it. */
export interface PlanRun {
  jobId: number;
  trigger: string;
  state: JobRow['state'];
  startedAt: string;
  finishedAt: string | null;
  files: number;
}

/** Which jobs each plan started. */
export class PlanRunStore {
  constructor(private readonly db: CatalogDatabase) {}

  record(planId: string, jobId: number, trigger: string): void {
    this.db.statement(`INSERT INTO plan_runs (job_id, plan_id, trigger) VALUES (?, ?, ?)`).run(jobId, planId, trigger);
  }

  /** The plan's newest job, whatever its state. */
  last(planId: string): PlanRun | undefined {
    return this.db
      .statement(
        `SELECT r.job_id AS jobId, r.trigger, j.state, j.started_at AS startedAt, j.finished_at AS finishedAt, j.files
         FROM plan_runs r JOIN jobs j ON j.id = r.job_id WHERE r.plan_id = ? ORDER BY r.job_id DESC LIMIT 1`,
      )
      .get(planId) as PlanRun | undefined;
  }

  /** When the plan's newest successful job finished, if any did. */
  lastSuccessAt(planId: string): string | null {
    const at = this.db
      .statement(
        `SELECT j.finished_at FROM plan_runs r JOIN jobs j ON j.id = r.job_id
         WHERE r.plan_id = ? AND j.state = 'succeeded' ORDER BY r.job_id DESC LIMIT 1`,
      )
      .pluck()
      .get(planId) as string | undefined;
    return at ?? null;
  }
}
