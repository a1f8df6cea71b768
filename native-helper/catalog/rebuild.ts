import { foldKey } from '../../src/paths/foldKey';
import { SqliteDatabase } from '../sqlite/sqliteDatabase';
import type { CatalogDatabase } from './catalogDatabase';
import { MIGRATIONS } from './migrations';

/** What a catalog snapshot holds before anything of it is used, read with the file opened read-only. */
export type SnapshotCheck = { ok: true; schema: number; home: string } | { ok: false; newer: boolean; reason: string };

const TABLES = ['assets', 'copies', 'destinations', 'key_owners', 'home'];

/**
 * Whether a file is a Threefold catalog this build can read: SQLite that passes its quick check, a schema
 * this build knows (a newer one is refused: its meaning is not this build's to guess), the tables a rebuild
 * reads and one home id.
 */
export function checkCatalogSnapshot(file: string): SnapshotCheck {
  let db: SqliteDatabase | undefined;
  try {
    db = new SqliteDatabase(file, { readonly: true });
    const schema = db.pragma('user_version', { simple: true }) as number;
    if (schema > MIGRATIONS.length) {
      return { ok: false, newer: true, reason: `it was written by a newer Threefold (catalog schema ${schema}; this build knows ${MIGRATIONS.length})` };
    }
    const check = db.pragma('quick_check', { simple: true }) as string;
    if (check !== 'ok') return { ok: false, newer: false, reason: `it is damaged (${check})` };
    const names = new Set(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[]);
    const missing = TABLES.filter((t) => !names.has(t));
    if (missing.length > 0) return { ok: false, newer: false, reason: `it is not a Threefold catalog (no ${missing.join(', ')} table)` };
    const home = db.prepare(`SELECT id FROM home`).pluck().get() as string | undefined;
    if (typeof home !== 'string') return { ok: false, newer: false, reason: 'it is not a Threefold catalog (no home id)' };
    return { ok: true, schema, home };
  } catch (error) {
    return { ok: false, newer: false, reason: `it is not a readable SQLite database (${(error as Error).message})` };
  } finally {
    db?.close();
  }
}

/** What a merge added to the catalog; nothing it holds already is changed. */
export interface MergeCounts {
  assets: number;
  copies: number;
  keyOwners: number;
  keptVersions: number;
}

/**
 * Adds to `db` what a snapshot (migrated to this build's schema) records and `db` lacks: the assets with a
 * copy on one of the mapped destinations, those copies, their key owners and kept versions. An asset, copy,
 * key or version already recorded here is left as it is. `destinations` maps a snapshot's destination id to
 * this catalog's.
 */
function mergeSnapshot(db: CatalogDatabase, file: string, destinations: ReadonlyMap<number, number>): MergeCounts {
  db.statement(`ATTACH DATABASE ? AS snap`).run(file);
  try {
    return db.transaction(() => {
      db.exec(
        `CREATE TEMP TABLE IF NOT EXISTS rebuild_destinations (snap_id INTEGER PRIMARY KEY, local_id INTEGER NOT NULL); DELETE FROM rebuild_destinations`,
      );
      const map = db.statement(`INSERT INTO rebuild_destinations (snap_id, local_id) VALUES (?, ?)`);
      for (const [snapId, localId] of destinations) map.run(snapId, localId);
      const assets = db
        .statement(
          `INSERT INTO main.assets (path, size, mtime_ms, xxh64, hashed_at, problem)
           SELECT s.path, s.size, s.mtime_ms, s.xxh64, s.hashed_at, s.problem FROM snap.assets s
           WHERE NOT EXISTS (SELECT 1 FROM main.assets a WHERE a.path = s.path)
             AND EXISTS (SELECT 1 FROM snap.copies c JOIN rebuild_destinations m ON m.snap_id = c.destination_id WHERE c.asset_id = s.id)`,
        )
        .run().changes;
      const copies = db
        .statement(
          `INSERT INTO main.copies (asset_id, destination_id, key, location, size, xxh64, copied_at, verified_at, status, error, etag, absent, read_back)
           SELECT a.id, m.local_id, c.key, c.location, c.size, c.xxh64, c.copied_at, c.verified_at, c.status, c.error, c.etag, c.absent, c.read_back
           FROM snap.copies c JOIN rebuild_destinations m ON m.snap_id = c.destination_id
             JOIN snap.assets s ON s.id = c.asset_id JOIN main.assets a ON a.path = s.path
           WHERE NOT EXISTS (SELECT 1 FROM main.copies x WHERE x.asset_id = a.id AND x.destination_id = m.local_id)`,
        )
        .run().changes;
      // A key another source here owns (in any case or form) stays that source's.
      const keyOwners = db
        .statement(
          `INSERT OR IGNORE INTO main.key_owners (destination_id, key, folded_key, asset_id)
           SELECT m.local_id, o.key, o.folded_key, a.id FROM snap.key_owners o JOIN rebuild_destinations m ON m.snap_id = o.destination_id
             JOIN snap.assets s ON s.id = o.asset_id JOIN main.assets a ON a.path = s.path
           WHERE NOT EXISTS (SELECT 1 FROM main.key_owners x WHERE x.destination_id = m.local_id AND x.folded_key = o.folded_key AND x.asset_id <> a.id)`,
        )
        .run().changes;
      const keptVersions = db
        .statement(
          `INSERT OR IGNORE INTO main.kept_versions (asset_id, destination_id, key, xxh64, size, copied_at)
           SELECT a.id, m.local_id, v.key, v.xxh64, v.size, v.copied_at FROM snap.kept_versions v
             JOIN rebuild_destinations m ON m.snap_id = v.destination_id JOIN snap.assets s ON s.id = v.asset_id JOIN main.assets a ON a.path = s.path`,
        )
        .run().changes;
      return { assets, copies, keyOwners, keptVersions };
    });
  } finally {
    db.exec(`DROP TABLE IF EXISTS temp.rebuild_destinations`);
    db.statement(`DETACH DATABASE snap`).run();
  }
}

/** A copy a destination's own records prove: its ASC MHL history (size, hash, date) and a home's key owners record (its source). */
export interface ProvenCopy {
  sourcePath: string;
  destinationId: number;
  key: string;
  location: string;
  size: number;
  mtimeMs: number;
  xxh64: string;
  /** When the manifest says its bytes were last hashed: the date the copy was verified, not this rebuild's. */
  hashedAt: string;
  etag: string | null;
}

/**
 * Records proven copies this catalog lacks. A source already recorded here keeps its record, and gets the
 * copy only if the copy holds that same content; a copy, or a key another source owns, is never replaced
 * (such a copy is counted as differing).
 * Read back: unknown (NULL), since the manifest does not say how its hash was read.
 */
function mergeProvenCopies(db: CatalogDatabase, copies: readonly ProvenCopy[]): { assets: number; copies: number; differing: number } {
  const counts = { assets: 0, copies: 0, differing: 0 };
  const insertAsset = db.statement(
    `INSERT INTO assets (path, size, mtime_ms, xxh64, hashed_at, problem) VALUES (?, ?, ?, ?, ?, NULL) ON CONFLICT (path) DO NOTHING`,
  );
  const asset = db.statement(`SELECT id, xxh64, size FROM assets WHERE path = ?`);
  const insertCopy = db.statement(
    `INSERT INTO copies (asset_id, destination_id, key, location, size, xxh64, copied_at, verified_at, status, error, etag, read_back)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'verified', NULL, ?, NULL) ON CONFLICT (asset_id, destination_id) DO NOTHING`,
  );
  const owner = db.statement(`SELECT asset_id FROM key_owners WHERE destination_id = ? AND folded_key = ? LIMIT 1`).pluck();
  const claim = db.statement(`INSERT INTO key_owners (destination_id, key, folded_key, asset_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`);
  db.transaction(() => {
    for (const c of copies) {
      counts.assets += insertAsset.run(c.sourcePath, c.size, c.mtimeMs, c.xxh64, c.hashedAt).changes;
      const row = asset.get(c.sourcePath) as { id: number; xxh64: string; size: number };
      const folded = foldKey(c.key);
      const holder = owner.get(c.destinationId, folded) as number | undefined;
      if (row.xxh64 !== c.xxh64 || row.size !== c.size || (holder !== undefined && holder !== row.id)) {
        counts.differing += 1;
        continue;
      }
      claim.run(c.destinationId, c.key, folded, row.id);
      counts.copies += insertCopy.run(row.id, c.destinationId, c.key, c.location, c.size, c.xxh64, c.hashedAt, c.hashedAt, c.etag).changes;
    }
  });
  return counts;
}

/** The catalog's own snapshot on the destinations, and what a rebuild merges from one. */
export class RebuildStore {
  constructor(private readonly db: CatalogDatabase) {}

  /** A consistent copy of the whole catalog in a new file, whatever other connections write meanwhile. */
  snapshotInto(file: string): void {
    this.db.statement(`VACUUM INTO ?`).run(file);
  }

  /** Adds what a snapshot (already checked and migrated) records and this catalog lacks; changes nothing it holds. */
  mergeSnapshot(file: string, destinations: ReadonlyMap<number, number>): MergeCounts {
    return mergeSnapshot(this.db, file, destinations);
  }

  /** Records the copies a destination's own records prove, where this catalog has none. */
  mergeProvenCopies(copies: readonly ProvenCopy[]): { assets: number; copies: number; differing: number } {
    return mergeProvenCopies(this.db, copies);
  }
}
