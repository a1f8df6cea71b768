import type { RecordedAsset, RecordedCopy } from '../../src/planning/planProtect';
import type { CatalogDatabase } from './catalogDatabase';
import type { DestinationStore } from './destinationStore';
import { PATHS_PER_QUERY, type Scope, scopeClause } from './scope';

export interface AssetRow {
  id: number;
  path: string;
  size: number;
  mtimeMs: number;
  xxh64: string;
  hashedAt: string;
  problem: string | null;
}

/** A recorded source as planning needs it: its content, and its copies on the destinations asked about. */
export interface RecordedContent extends RecordedAsset {
  copies: RecordedCopy[];
}

const ASSET_COLUMNS = `a.id, a.path, a.size, a.mtime_ms AS mtimeMs, a.xxh64, a.hashed_at AS hashedAt, a.problem`;

/** The sources the catalog knows: their content as last hashed, and any problem found with them. */
export class AssetStore {
  constructor(
    private readonly db: CatalogDatabase,
    private readonly destinations: DestinationStore,
  ) {}

  list(scope: Scope): AssetRow[] {
    const { where, params } = scopeClause(scope);
    const rows = this.db.rawStatement(`SELECT ${ASSET_COLUMNS} FROM assets a WHERE ${where} ORDER BY a.path`).all(...params) as Array<
      [number, string, number, number, string, string, string | null]
    >;
    return rows.map(([id, path, size, mtimeMs, xxh64, hashedAt, problem]) => ({ id, path, size, mtimeMs, xxh64, hashedAt, problem }));
  }

  /** The paths of the scope's recorded assets, and nothing else of them. */
  paths(scope: Scope): string[] {
    const { where, params } = scopeClause(scope);
    return this.db
      .statement(`SELECT a.path FROM assets a WHERE ${where}`)
      .pluck()
      .all(...params) as string[];
  }

  any(scope: Scope): boolean {
    const { where, params } = scopeClause(scope);
    return this.db.statement(`SELECT 1 FROM assets a WHERE ${where} LIMIT 1`).get(...params) !== undefined;
  }

  /**
   * What planning needs of these paths' records and nothing more: each recorded one's content, and its copies
   * on the destinations named in `destinationNames` (by catalog URL). Read as rows of values, a chunk of paths at a
   * time, into compact objects: every column of two rows per file would hold ~1.5 kB each for the whole
   * planning of a job.
   */
  recordedContents(paths: readonly string[], destinationNames: ReadonlyMap<string, string>): Map<string, RecordedContent> {
    // Strings are most of the cost of 100,000 files: each row gives the path's index in the list, the
    // destination's id and whether the copy holds the asset's content; a copy's own hash only where it differs.
    const statement = this.db.rawStatement(
      `SELECT j.key, a.size, a.mtime_ms, a.xxh64, c.destination_id,
         CASE WHEN c.xxh64 = a.xxh64 THEN NULL ELSE c.xxh64 END, c.status = 'verified'
       FROM json_each(?) j JOIN assets a ON a.path = j.value
       LEFT JOIN copies c ON c.asset_id = a.id`,
    );
    type Row = [i: number, size: number, mtimeMs: number, xxh64: string, destinationId: number | null, otherXxh64: string | null, verified: number | null];
    const nameById = new Map<number, string>();
    for (const [url, id] of this.destinations.ids()) {
      const name = destinationNames.get(url);
      if (name !== undefined) nameById.set(id, name);
    }
    const contents = new Map<string, RecordedContent>();
    for (let start = 0; start < paths.length; start += PATHS_PER_QUERY) {
      const rows = statement.all(JSON.stringify(paths.slice(start, start + PATHS_PER_QUERY))) as Row[];
      for (const [i, size, mtimeMs, xxh64, destinationId, otherXxh64, verified] of rows) {
        const assetPath = paths[start + i]!;
        let content = contents.get(assetPath);
        if (content === undefined) {
          content = { size, mtimeMs, xxh64, copies: [] };
          contents.set(assetPath, content);
        }
        const destination = destinationId === null ? undefined : nameById.get(destinationId);
        if (destination === undefined) continue;
        // The asset's own hash string where the copy's is the same: one string, not two, per file.
        content.copies.push({ destination, xxh64: otherXxh64 ?? content.xxh64, status: verified === 1 ? 'verified' : 'failed' });
      }
    }
    return contents;
  }

  /** Records a source's content as hashed now; a new size or mtime also clears any earlier suspicion. */
  record(a: { path: string; size: number; mtimeMs: number; xxh64: string }, at: string): number {
    const row = this.db
      .statement(
        `INSERT INTO assets (path, size, mtime_ms, xxh64, hashed_at, problem) VALUES (?, ?, ?, ?, ?, NULL)
         ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms,
           xxh64 = excluded.xxh64, hashed_at = excluded.hashed_at, problem = NULL
         RETURNING id`,
      )
      .get(a.path, a.size, a.mtimeMs, a.xxh64, at) as { id: number };
    return row.id;
  }

  setProblem(assetPath: string, problem: string | null): void {
    this.db.statement(`UPDATE assets SET problem = ? WHERE path = ?`).run(problem, assetPath);
  }
}
