import type { CatalogDatabase } from './catalogDatabase';

/** What `threefold doctor` says of the catalog: SQLite's own check, the schema, how much it holds. */
export interface CatalogHealth {
  /** `PRAGMA quick_check`'s rows: `['ok']` for an intact file, else each problem found. */
  quickCheck: string[];
  schemaVersion: number;
  counts: { assets: number; copies: number; verifiedCopies: number; jobs: number };
}

export class HealthStore {
  constructor(private readonly db: CatalogDatabase) {}

  check(): CatalogHealth {
    const count = (sql: string): number => this.db.statement(sql).pluck().get() as number;
    return {
      quickCheck: this.db.statement('PRAGMA quick_check').pluck().all() as string[],
      schemaVersion: this.db.statement('PRAGMA user_version').pluck().get() as number,
      counts: {
        assets: count('SELECT COUNT(*) FROM assets'),
        copies: count('SELECT COUNT(*) FROM copies'),
        verifiedCopies: count(`SELECT COUNT(*) FROM copies WHERE status = 'verified'`),
        jobs: count('SELECT COUNT(*) FROM jobs'),
      },
    };
  }
}
