import type { CatalogDatabase } from './catalogDatabase';

/** What a drill restored from one destination. */
export interface DrillDestinationResult {
  destination: string;
  files: number;
  bytes: number;
  failures: number;
}

/** One finished drill, as the catalog keeps it. */
export interface DrillRecord {
  id: number;
  jobId: number | null;
  /** When it started. */
  at: string;
  files: number;
  bytes: number;
  seconds: number;
  failures: number;
  destinations: DrillDestinationResult[];
}

/** A copy a drill may restore: verified, of its asset's recorded content, on a storage not known to have lost it. */
export interface DrillCopyRow {
  id: number;
  destinationUrl: string;
  size: number;
}

/** What restoring one drilled copy needs. */
export interface DrillCopyDetail {
  id: number;
  destinationUrl: string;
  key: string;
  location: string;
  path: string;
  size: number;
  xxh64: string;
  mtimeMs: number;
}

/** Restore drills: the copies one may sample, and each finished drill's result per destination. */
export class DrillStore {
  constructor(private readonly db: CatalogDatabase) {}

  /** Every copy a drill may restore (only ids, destinations and sizes: a catalog may hold 100,000). */
  candidates(): DrillCopyRow[] {
    return this.db
      .statement(
        `SELECT c.id, d.url AS destinationUrl, a.size FROM copies c JOIN assets a ON a.id = c.asset_id
         JOIN destinations d ON d.id = c.destination_id
         WHERE c.status = 'verified' AND c.absent = 0 AND c.xxh64 = a.xxh64`,
      )
      .all() as DrillCopyRow[];
  }

  /** The chosen copies, with what their restore needs. */
  details(copyIds: readonly number[]): DrillCopyDetail[] {
    const select = this.db.statement(
      `SELECT c.id, d.url AS destinationUrl, c.key, c.location, a.path, a.size, a.xxh64, a.mtime_ms AS mtimeMs FROM copies c
       JOIN assets a ON a.id = c.asset_id JOIN destinations d ON d.id = c.destination_id WHERE c.id = ?`,
    );
    return copyIds.flatMap((id) => select.all(id) as DrillCopyDetail[]);
  }

  /** Records a finished drill and its result per destination (by catalog id); returns its id. */
  record(
    drill: Omit<DrillRecord, 'id' | 'destinations'>,
    destinations: ReadonlyArray<Omit<DrillDestinationResult, 'destination'> & { destinationId: number }>,
  ): number {
    return this.db.transaction(() => {
      const { id } = this.db
        .statement(`INSERT INTO drills (job_id, at, files, bytes, seconds, failures) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`)
        .get(drill.jobId, drill.at, drill.files, drill.bytes, drill.seconds, drill.failures) as { id: number };
      const insert = this.db.statement(`INSERT INTO drill_destinations (drill_id, destination_id, files, bytes, failures) VALUES (?, ?, ?, ?, ?)`);
      for (const d of destinations) insert.run(id, d.destinationId, d.files, d.bytes, d.failures);
      return id;
    });
  }

  /** The newest drill, or null when none has run. */
  last(): DrillRecord | null {
    const row = this.db.statement(`SELECT id, job_id AS jobId, at, files, bytes, seconds, failures FROM drills ORDER BY at DESC, id DESC LIMIT 1`).get() as
      | Omit<DrillRecord, 'destinations'>
      | undefined;
    if (row === undefined) return null;
    const destinations = this.db
      .statement(
        `SELECT d.name AS destination, r.files, r.bytes, r.failures FROM drill_destinations r JOIN destinations d ON d.id = r.destination_id
         WHERE r.drill_id = ? ORDER BY d.name`,
      )
      .all(row.id) as DrillDestinationResult[];
    return { ...row, destinations };
  }

  /** Each destination's newest drill (by URL): when, and whether every copy drilled there came back. */
  lastByDestination(): Array<{ destinationUrl: string; at: string; passed: boolean }> {
    const rows = this.db
      .statement(
        `SELECT d.url AS destinationUrl, k.at, r.failures = 0 AS passed FROM drill_destinations r
         JOIN drills k ON k.id = r.drill_id JOIN destinations d ON d.id = r.destination_id
         WHERE k.id = (SELECT k2.id FROM drill_destinations r2 JOIN drills k2 ON k2.id = r2.drill_id
                       WHERE r2.destination_id = r.destination_id ORDER BY k2.at DESC, k2.id DESC LIMIT 1)`,
      )
      .all() as Array<{ destinationUrl: string; at: string; passed: 0 | 1 }>;
    return rows.map((r) => ({ destinationUrl: r.destinationUrl, at: r.at, passed: r.passed === 1 }));
  }
}
