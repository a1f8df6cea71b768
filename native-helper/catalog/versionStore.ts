import type { CatalogDatabase } from './catalogDatabase';

/** The earlier copies of project files and catalogs kept on each destination (`.threefold-versions/`). */
export class VersionStore {
  constructor(private readonly db: CatalogDatabase) {}

  record(v: { assetId: number; destinationId: number; key: string; xxh64: string; size: number; at: string }): void {
    this.db
      .statement(
        `INSERT INTO kept_versions (asset_id, destination_id, key, xxh64, size, copied_at)
         VALUES (@assetId, @destinationId, @key, @xxh64, @size, @at)
         ON CONFLICT (destination_id, key) DO UPDATE SET xxh64 = excluded.xxh64, size = excluded.size, copied_at = excluded.copied_at`,
      )
      .run(v);
  }

  /** Kept versions of an asset on a destination, newest first. */
  list(assetId: number, destinationId: number): Array<{ key: string; xxh64: string; size: number; copiedAt: string }> {
    return this.db
      .statement(
        `SELECT key, xxh64, size, copied_at AS copiedAt FROM kept_versions WHERE asset_id = ? AND destination_id = ?
         ORDER BY copied_at DESC, id DESC`,
      )
      .all(assetId, destinationId) as Array<{ key: string; xxh64: string; size: number; copiedAt: string }>;
  }

  /** Kept versions of an asset on a destination, newest first, past the first `keep`. */
  beyond(assetId: number, destinationId: number, keep: number): Array<{ id: number; key: string }> {
    return this.db
      .statement(
        `SELECT id, key FROM kept_versions WHERE asset_id = ? AND destination_id = ?
         ORDER BY copied_at DESC, id DESC LIMIT -1 OFFSET ?`,
      )
      .all(assetId, destinationId, keep) as Array<{ id: number; key: string }>;
  }

  forget(id: number): void {
    this.db.statement(`DELETE FROM kept_versions WHERE id = ?`).run(id);
  }
}
