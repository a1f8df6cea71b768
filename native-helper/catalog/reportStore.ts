import type { CatalogDatabase } from './catalogDatabase';
import type { JobRow } from './jobStore';

/** What one destination took in a job: its files and bytes, failures, read-backs and the generation written. */
export interface JobDestinationTotals {
  destination: string;
  kind: string;
  media: string;
  offsite: boolean;
  files: number;
  bytes: number;
  failures: number;
  fromMedium: number;
  fromCache: number;
  generations: string[];
}

/** One item of a job as its report lists it: `[path, destination, state, bytes, xxh64, location, readBack, error]`. */
export type JobItemRow = [
  path: string,
  destination: string | null,
  destinationKind: string | null,
  state: 'done' | 'failed',
  bytes: number,
  xxh64: string | null,
  location: string | null,
  readBack: 'medium' | 'cache' | null,
  error: string | null,
];

/** What the reports read of the catalog, streamed where a job may hold 100,000 files. */
export class ReportStore {
  constructor(private readonly db: CatalogDatabase) {}

  job(jobId: number): JobRow | undefined {
    return this.db
      .statement(`SELECT id, kind, targets, state, started_at AS startedAt, finished_at AS finishedAt, files, bytes, title FROM jobs WHERE id = ?`)
      .get(jobId) as JobRow | undefined;
  }

  /** The newest job that has ended (of one kind, if given). */
  lastFinishedJobId(kind?: string): number | undefined {
    return this.db
      .statement(`SELECT id FROM jobs WHERE state NOT IN ('queued', 'running') AND (? IS NULL OR kind = ?) ORDER BY id DESC LIMIT 1`)
      .pluck()
      .get(kind ?? null, kind ?? null) as number | undefined;
  }

  itemCount(jobId: number): number {
    return this.db.statement(`SELECT count(*) FROM job_items WHERE job_id = ?`).pluck().get(jobId) as number;
  }

  /** Copies the job wrote whose hash it did not record (jobs recorded before reports). */
  unhashedCopies(jobId: number): number {
    return this.db.statement(`SELECT count(*) FROM job_items WHERE job_id = ? AND state = 'done' AND xxh64 IS NULL`).pluck().get(jobId) as number;
  }

  failureCount(jobId: number): number {
    return this.db.statement(`SELECT count(*) FROM job_items WHERE job_id = ? AND state = 'failed'`).pluck().get(jobId) as number;
  }

  /** Every item of the job, in path order, then destination. */
  *items(jobId: number, only?: 'failed'): Generator<JobItemRow> {
    const rows = this.db
      .rawStatement(
        `SELECT i.path, d.name, d.kind, i.state, i.bytes_done, i.xxh64, i.location, i.read_back, i.error
         FROM job_items i LEFT JOIN destinations d ON d.id = i.destination_id
         WHERE i.job_id = ? AND (? IS NULL OR i.state = ?) ORDER BY i.path, d.name, i.id`,
      )
      .iterate(jobId, only ?? null, only ?? null) as IterableIterator<JobItemRow>;
    yield* rows;
  }

  /** The distinct sources the job read and their bytes (each counted once, whatever the destinations). */
  sourcesRead(jobId: number): { files: number; bytes: number } {
    return this.db
      .statement(
        `SELECT count(*) AS files, coalesce(sum(bytes), 0) AS bytes FROM
           (SELECT path, max(bytes_done) AS bytes FROM job_items WHERE job_id = ? GROUP BY path)`,
      )
      .get(jobId) as { files: number; bytes: number };
  }

  destinationTotals(jobId: number): JobDestinationTotals[] {
    const rows = this.db
      .statement(
        `SELECT d.id, d.name AS destination, d.kind, d.media, d.offsite,
           sum(i.state = 'done') AS files, sum(CASE WHEN i.state = 'done' THEN i.bytes_done ELSE 0 END) AS bytes,
           sum(i.state = 'failed') AS failures, sum(i.read_back = 'medium') AS fromMedium, sum(i.read_back = 'cache') AS fromCache
         FROM job_items i JOIN destinations d ON d.id = i.destination_id WHERE i.job_id = ? GROUP BY d.id ORDER BY d.name`,
      )
      .all(jobId) as Array<Omit<JobDestinationTotals, 'offsite' | 'generations'> & { id: number; offsite: number }>;
    const generations = this.db.statement(`SELECT destination_id AS id, generation FROM job_generations WHERE job_id = ?`).all(jobId) as Array<{
      id: number | null;
      generation: string;
    }>;
    return rows.map(({ id, offsite, ...r }) => ({
      ...r,
      offsite: offsite === 1,
      generations: generations.filter((g) => g.id === id).map((g) => g.generation),
    }));
  }

  /** One drill's record by its job. */
  drillOfJob(jobId: number): { id: number; at: string; files: number; bytes: number; seconds: number; failures: number } | undefined {
    return this.db.statement(`SELECT id, at, files, bytes, seconds, failures FROM drills WHERE job_id = ?`).get(jobId) as
      | { id: number; at: string; files: number; bytes: number; seconds: number; failures: number }
      | undefined;
  }

  drillDestinations(drillId: number): Array<{ destination: string; files: number; bytes: number; failures: number }> {
    return this.db
      .statement(
        `SELECT d.name AS destination, r.files, r.bytes, r.failures FROM drill_destinations r JOIN destinations d ON d.id = r.destination_id
         WHERE r.drill_id = ? ORDER BY d.name`,
      )
      .all(drillId) as Array<{ destination: string; files: number; bytes: number; failures: number }>;
  }
}
