import type { CatalogDatabase } from './catalogDatabase';

export interface JobItem {
  path: string;
  destinationId: number | null;
  state: 'done' | 'failed';
  bytesDone: number;
  error: string | null;
  /** What a copy written holds and where, and how it was read back (for the job's report). */
  xxh64?: string | null;
  location?: string | null;
  readBack?: 'medium' | 'cache' | null;
}

export interface JobRow {
  id: number;
  kind: string;
  targets: string;
  state: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted';
  startedAt: string;
  finishedAt: string | null;
  files: number;
  bytes: number;
  title: string | null;
}

/** The jobs run on this catalog, by any process, and the failures each recorded. */
export class JobStore {
  constructor(private readonly db: CatalogDatabase) {}

  /** A job waiting its turn (in the helper's queue); `start` with its id starts it. */
  queue(kind: string, targets: readonly string[], title: string): number {
    const row = this.db
      .statement(`INSERT INTO jobs (kind, targets, state, started_at, pid, title) VALUES (?, ?, 'queued', ?, ?, ?) RETURNING id`)
      .get(kind, JSON.stringify(targets), new Date().toISOString(), process.pid, title) as { id: number };
    return row.id;
  }

  start(kind: string, targets: readonly string[], queuedId?: number): number {
    if (queuedId !== undefined) {
      this.db.statement(`UPDATE jobs SET state = 'running', pid = ? WHERE id = ?`).run(process.pid, queuedId);
      return queuedId;
    }
    const row = this.db
      .statement(`INSERT INTO jobs (kind, targets, state, started_at, pid) VALUES (?, ?, 'running', ?, ?) RETURNING id`)
      .get(kind, JSON.stringify(targets), new Date().toISOString(), process.pid) as { id: number };
    return row.id;
  }

  addItems(jobId: number, items: readonly JobItem[]): void {
    const insert = this.db.statement(
      `INSERT INTO job_items (job_id, path, destination_id, state, bytes_done, error, xxh64, location, read_back) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const i of items) insert.run(jobId, i.path, i.destinationId, i.state, i.bytesDone, i.error, i.xxh64 ?? null, i.location ?? null, i.readBack ?? null);
  }

  /** The ASC MHL generation a job wrote on a destination. */
  addGeneration(jobId: number, destinationId: number | null, generation: string): void {
    this.db.statement(`INSERT INTO job_generations (job_id, destination_id, generation) VALUES (?, ?, ?)`).run(jobId, destinationId, generation);
  }

  finish(jobId: number, state: 'succeeded' | 'failed' | 'cancelled', totals: { files: number; bytes: number }): void {
    this.db
      .statement(`UPDATE jobs SET state = ?, finished_at = ?, files = ?, bytes = ? WHERE id = ?`)
      .run(state, new Date().toISOString(), totals.files, totals.bytes, jobId);
  }

  /** Jobs left queued or running by a process that no longer exists were interrupted (killed, crashed). */
  markInterrupted(isAlive: (pid: number) => boolean): number {
    const running = this.db.statement(`SELECT id, pid FROM jobs WHERE state IN ('queued', 'running')`).all() as Array<{ id: number; pid: number }>;
    const dead = running.filter((j) => !isAlive(j.pid));
    const mark = this.db.statement(`UPDATE jobs SET state = 'interrupted', finished_at = ? WHERE id = ?`);
    for (const j of dead) mark.run(new Date().toISOString(), j.id);
    return dead.length;
  }

  /** The newest jobs first, whoever ran them (this process, the CLI, a helper before a restart). */
  recent(limit: number): JobRow[] {
    return this.db
      .statement(
        `SELECT id, kind, targets, state, started_at AS startedAt, finished_at AS finishedAt, files, bytes, title
         FROM jobs ORDER BY id DESC LIMIT ?`,
      )
      .all(limit) as JobRow[];
  }

  /** The failures a finished job recorded, in order. */
  failures(jobId: number): Array<{ path: string; destination: string | null; error: string }> {
    return this.db
      .statement(
        `SELECT i.path, d.name AS destination, i.error FROM job_items i LEFT JOIN destinations d ON d.id = i.destination_id
         WHERE i.job_id = ? AND i.state = 'failed' ORDER BY i.id`,
      )
      .all(jobId) as Array<{ path: string; destination: string | null; error: string }>;
  }
}
