import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { RecordedAsset, RecordedCopy } from '../../src/planning/planProtect';
import { UserError } from '../errors';
import type { UploadJournal, UploadedPart } from '../destinations/s3/uploadJournal';
import { CATALOG_BUSY_TIMEOUT_MS, describeCatalogFailure } from './catalogFailure';
import { foldKey } from '../../src/paths/foldKey';
import { registerCatalogFunctions } from './catalogFunctions';
import { MIGRATIONS } from './migrations';

export interface AssetRow {
  id: number;
  path: string;
  size: number;
  mtimeMs: number;
  xxh64: string;
  hashedAt: string;
  problem: string | null;
}

export interface CopyRow {
  id: number;
  assetId: number;
  destinationUrl: string;
  key: string;
  location: string;
  size: number;
  xxh64: string;
  copiedAt: string;
  verifiedAt: string;
  status: 'verified' | 'failed';
  error: string | null;
  /** The store's ETag of a cloud copy when it was uploaded; null for local copies and older records. */
  etag: string | null;
}

/** Where a local copy was last read back from (see ReadSource); null for a cloud copy. */
export type ReadBackFrom = 'medium' | 'cache' | null;

/** A copy of an asset's recorded content, as a status tells of it. */
export interface CopyState {
  assetId: number;
  destinationId: number;
  location: string;
  verifiedAt: string;
  /** Its last verification failed (1), or passed (0). */
  failed: 0 | 1;
  /** Failed because its storage proved not to hold it any more (see condemnCopies): simply not there. */
  absent: 0 | 1;
  error: string | null;
  readBack: ReadBackFrom;
}

export interface DestinationRecord {
  url: string;
  name: string;
  kind: string;
  media: string;
  offsite: boolean;
}

/** What the catalog knows of a destination's storage. */
export interface DestinationState {
  id: number;
  url: string;
  name: string;
  /** The id of the identity marker found at its root; null until a job or `dest add` has read it. */
  identity: string | null;
  reachableAt: string | null;
  unreachableSince: string | null;
  unreachableReason: string | null;
}

export interface JobItem {
  path: string;
  destinationId: number | null;
  state: 'done' | 'failed';
  bytesDone: number;
  error: string | null;
}

/** Which assets a question is about: all, one file, or everything under a folder. */
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

export type Scope =
  | { kind: 'all' }
  | { kind: 'file'; path: string }
  | { kind: 'folder'; path: string }
  /** The files a project references: one query for any number of them. */
  | { kind: 'paths'; paths: readonly string[] };

/** A recorded source as planning needs it: its content, and its copies on the destinations asked about. */
export interface RecordedContent extends RecordedAsset {
  copies: RecordedCopy[];
}

/** Paths looked up per query by `recordedContents` (one JSON list each). */
const PATHS_PER_QUERY = 2000;

const ASSET_COLUMNS = `a.id, a.path, a.size, a.mtime_ms AS mtimeMs, a.xxh64, a.hashed_at AS hashedAt, a.problem`;
const COPY_COLUMNS = `c.id, c.asset_id AS assetId, d.url AS destinationUrl, c.key, c.location, c.size, c.xxh64,
  c.copied_at AS copiedAt, c.verified_at AS verifiedAt, c.status, c.error, c.etag`;

/**
 * The index of what is protected where (SQLite, WAL). It is not the only truth: every destination keeps
 * its own ASC MHL history.
 */
export class Catalog {
  /** Compiled once each: preparing a statement costs more than running it (two per copied file). */
  private readonly statements = new Map<string, Database.Statement>();
  private readonly rawStatements = new Map<string, Database.Statement>();

  private constructor(private readonly db: Database.Database) {}

  private statement(sql: string): Database.Statement {
    let compiled = this.statements.get(sql);
    if (compiled === undefined) {
      compiled = this.db.prepare(sql);
      this.statements.set(sql, compiled);
    }
    return compiled;
  }

  /** A statement whose rows come as arrays of values: on tens of thousands of rows, a third cheaper than objects. */
  private rawStatement(sql: string): Database.Statement {
    let compiled = this.rawStatements.get(sql);
    if (compiled === undefined) {
      compiled = this.db.prepare(sql).raw(true);
      this.rawStatements.set(sql, compiled);
    }
    return compiled;
  }

  static open(file: string): Catalog {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    let db: Database.Database;
    try {
      db = new Database(file);
      db.pragma('journal_mode = WAL');
    } catch (error) {
      throw new UserError(describeCatalogFailure(error, file) ?? `cannot open the catalog ${file}: ${(error as Error).message}`);
    }
    // Only its owner may read it: it knows every file and where its copies are.
    for (const f of [file, `${file}-wal`, `${file}-shm`]) if (fs.existsSync(f)) fs.chmodSync(f, 0o600);
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${CATALOG_BUSY_TIMEOUT_MS}`);
    registerCatalogFunctions(db);
    migrate(db, file);
    return new Catalog(db);
  }

  close(): void {
    this.db.close();
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  /** The catalog id of a destination, recorded (or its name and labels refreshed) on the way. */
  destinationId(d: DestinationRecord): number {
    const row = this.statement(
      `INSERT INTO destinations (url, name, kind, media, offsite, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (url) DO UPDATE SET name = excluded.name, media = excluded.media, offsite = excluded.offsite
         RETURNING id`,
    ).get(d.url, d.name, d.kind, d.media, d.offsite ? 1 : 0, new Date().toISOString()) as { id: number };
    return row.id;
  }

  /** Every destination the catalog knows, with its storage's identity and reachability. */
  destinationStates(): DestinationState[] {
    return this.statement(
      `SELECT id, url, name, identity, reachable_at AS reachableAt, unreachable_since AS unreachableSince,
         unreachable_reason AS unreachableReason FROM destinations ORDER BY id`,
    ).all() as DestinationState[];
  }

  setDestinationIdentity(destinationId: number, identity: string): void {
    this.statement(`UPDATE destinations SET identity = ? WHERE id = ?`).run(identity, destinationId);
  }

  /** It answered now: whatever it said, it is reachable. */
  recordReachable(destinationId: number, at: string): void {
    this.statement(`UPDATE destinations SET reachable_at = ?, unreachable_since = NULL, unreachable_reason = NULL WHERE id = ?`).run(at, destinationId);
  }

  /** It did not answer: since when is kept from the first failure, the reason is the latest. */
  recordUnreachable(destinationId: number, at: string, reason: string): void {
    this.statement(`UPDATE destinations SET unreachable_since = COALESCE(unreachable_since, ?), unreachable_reason = ? WHERE id = ?`).run(
      at,
      reason,
      destinationId,
    );
  }

  /** Copies recorded on a destination (verified or not). */
  copyCount(destinationId: number): number {
    return (this.statement(`SELECT count(*) AS n FROM copies WHERE destination_id = ?`).get(destinationId) as { n: number }).n;
  }

  /**
   * Every verified copy on a destination proven not to hold them (its bucket is gone, its storage was
   * replaced) is failed and absent, with the reason: no status counts it, a protect makes it again.
   * Returns how many.
   */
  condemnCopies(destinationId: number, reason: string): number {
    return this.statement(`UPDATE copies SET status = 'failed', absent = 1, error = ? WHERE destination_id = ? AND status = 'verified'`).run(
      reason,
      destinationId,
    ).changes;
  }

  assets(scope: Scope): AssetRow[] {
    const { where, params } = scopeClause(scope);
    const rows = this.rawStatement(`SELECT ${ASSET_COLUMNS} FROM assets a WHERE ${where} ORDER BY a.path`).all(...params) as Array<
      [number, string, number, number, string, string, string | null]
    >;
    return rows.map(([id, path, size, mtimeMs, xxh64, hashedAt, problem]) => ({ id, path, size, mtimeMs, xxh64, hashedAt, problem }));
  }

  /** The paths of the scope's recorded assets, and nothing else of them. */
  assetPaths(scope: Scope): string[] {
    const { where, params } = scopeClause(scope);
    return this.statement(`SELECT a.path FROM assets a WHERE ${where}`)
      .pluck()
      .all(...params) as string[];
  }

  hasAssets(scope: Scope): boolean {
    const { where, params } = scopeClause(scope);
    return this.statement(`SELECT 1 FROM assets a WHERE ${where} LIMIT 1`).get(...params) !== undefined;
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
    const statement = this.rawStatement(
      `SELECT j.key, a.size, a.mtime_ms, a.xxh64, c.destination_id,
         CASE WHEN c.xxh64 = a.xxh64 THEN NULL ELSE c.xxh64 END, c.status = 'verified'
       FROM json_each(?) j JOIN assets a ON a.path = j.value
       LEFT JOIN copies c ON c.asset_id = a.id`,
    );
    type Row = [i: number, size: number, mtimeMs: number, xxh64: string, destinationId: number | null, otherXxh64: string | null, verified: number | null];
    const nameById = new Map<number, string>();
    for (const [url, id] of this.destinationIds()) {
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

  /** Every destination the catalog knows, by URL: its id. */
  destinationIds(): Map<string, number> {
    const rows = this.statement(`SELECT url, id FROM destinations`).all() as Array<{ url: string; id: number }>;
    return new Map(rows.map((r) => [r.url, r.id]));
  }

  /**
   * The copies of the scope's assets that hold each asset's recorded content, as a status tells of them:
   * where, when last verified, and whether that failed. Not keys, sizes, hashes or copy times: for
   * 100,000 files each column of text is 100,000 strings more.
   */
  copyStates(scope: Scope): CopyState[] {
    const { where, params } = scopeClause(scope);
    const rows = this.rawStatement(
      `SELECT c.asset_id, c.destination_id, c.location, c.verified_at, c.status = 'failed', c.absent, c.error, c.read_back
       FROM copies c JOIN assets a ON a.id = c.asset_id WHERE (${where}) AND c.xxh64 = a.xxh64`,
    ).all(...params) as Array<[number, number, string, string, 0 | 1, 0 | 1, string | null, ReadBackFrom]>;
    return rows.map(([assetId, destinationId, location, verifiedAt, failed, absent, error, readBack]) => ({
      assetId,
      destinationId,
      location,
      verifiedAt,
      failed,
      absent,
      error,
      readBack,
    }));
  }

  copies(scope: Scope): CopyRow[] {
    const { where, params } = scopeClause(scope);
    return this.statement(
      `SELECT ${COPY_COLUMNS} FROM copies c JOIN assets a ON a.id = c.asset_id
         JOIN destinations d ON d.id = c.destination_id WHERE ${where}`,
    ).all(...params) as CopyRow[];
  }

  /** Records a source's content as hashed now; a new size or mtime also clears any earlier suspicion. */
  recordAsset(a: { path: string; size: number; mtimeMs: number; xxh64: string }, at: string): number {
    const row = this.statement(
      `INSERT INTO assets (path, size, mtime_ms, xxh64, hashed_at, problem) VALUES (?, ?, ?, ?, ?, NULL)
         ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms,
           xxh64 = excluded.xxh64, hashed_at = excluded.hashed_at, problem = NULL
         RETURNING id`,
    ).get(a.path, a.size, a.mtimeMs, a.xxh64, at) as { id: number };
    return row.id;
  }

  setAssetProblem(assetPath: string, problem: string | null): void {
    this.statement(`UPDATE assets SET problem = ? WHERE path = ?`).run(problem, assetPath);
  }

  recordVerifiedCopy(c: {
    assetId: number;
    destinationId: number;
    key: string;
    location: string;
    size: number;
    xxh64: string;
    at: string;
    etag?: string | undefined;
    readBack?: ReadBackFrom;
  }): void {
    this.statement(
      `INSERT INTO copies (asset_id, destination_id, key, location, size, xxh64, copied_at, verified_at, status, error, etag, read_back)
         VALUES (@assetId, @destinationId, @key, @location, @size, @xxh64, @at, @at, 'verified', NULL, @etag, @readBack)
         ON CONFLICT (asset_id, destination_id) DO UPDATE SET key = excluded.key, location = excluded.location,
           size = excluded.size, xxh64 = excluded.xxh64, copied_at = excluded.copied_at,
           verified_at = excluded.verified_at, status = 'verified', error = NULL, etag = excluded.etag, absent = 0,
           read_back = excluded.read_back`,
    ).run({ readBack: null, ...c, etag: c.etag ?? null });
  }

  /**
   * Records that an asset owns a key on a destination (the key its copies, or its versions, sit at). A key
   * owned already stays its owner's: a source is never recorded over another's key.
   */
  claimKey(c: { destinationId: number; key: string; assetId: number }): void {
    this.statement(
      `INSERT INTO key_owners (destination_id, key, folded_key, asset_id) VALUES (?, ?, ?, ?)
       ON CONFLICT (destination_id, key) DO NOTHING`,
    ).run(c.destinationId, c.key, foldKey(c.key), c.assetId);
  }

  /** The keys each of these sources owns, by destination id: a few queries for any number of sources. */
  ownedKeys(assetPaths: readonly string[]): Map<string, Map<number, string[]>> {
    const statement = this.rawStatement(
      `SELECT j.key, o.destination_id, o.key FROM json_each(?) j JOIN assets a ON a.path = j.value JOIN key_owners o ON o.asset_id = a.id`,
    );
    const owned = new Map<string, Map<number, string[]>>();
    for (let start = 0; start < assetPaths.length; start += PATHS_PER_QUERY) {
      const rows = statement.all(JSON.stringify(assetPaths.slice(start, start + PATHS_PER_QUERY))) as Array<[number, number, string]>;
      for (const [i, destinationId, key] of rows) {
        const assetPath = assetPaths[start + i]!;
        const byDestination = owned.get(assetPath) ?? new Map<number, string[]>();
        owned.set(assetPath, byDestination);
        byDestination.set(destinationId, [...(byDestination.get(destinationId) ?? []), key]);
      }
    }
    return owned;
  }

  /** The sources that own keys of these folded forms on a destination: a few queries for any number of keys. */
  keyHolders(destinationId: number, foldedKeys: readonly string[]): Map<string, string[]> {
    const statement = this.rawStatement(
      `SELECT o.folded_key, a.path FROM json_each(?) j JOIN key_owners o ON o.destination_id = ? AND o.folded_key = j.value
       JOIN assets a ON a.id = o.asset_id`,
    );
    const holders = new Map<string, string[]>();
    for (let start = 0; start < foldedKeys.length; start += PATHS_PER_QUERY) {
      const rows = statement.all(JSON.stringify(foldedKeys.slice(start, start + PATHS_PER_QUERY)), destinationId) as Array<[string, string]>;
      for (const [folded, assetPath] of rows) holders.set(folded, [...(holders.get(folded) ?? []), assetPath]);
    }
    return holders;
  }

  /** Another source that owns a key of this folded form on the destination, if any. */
  keyHolder(destinationId: number, foldedKey: string, exceptPath: string): string | undefined {
    return this.statement(
      `SELECT a.path FROM key_owners o JOIN assets a ON a.id = o.asset_id
       WHERE o.destination_id = ? AND o.folded_key = ? AND a.path <> ? LIMIT 1`,
    )
      .pluck()
      .get(destinationId, foldedKey, exceptPath) as string | undefined;
  }

  /** Every key this home's sources own on a destination, with its source: the destination's own record of them. */
  keyOwners(destinationId: number): Array<[key: string, sourcePath: string]> {
    return this.rawStatement(`SELECT o.key, a.path FROM key_owners o JOIN assets a ON a.id = o.asset_id WHERE o.destination_id = ? ORDER BY o.key`).all(
      destinationId,
    ) as Array<[string, string]>;
  }

  /** This home's id (random, made with the catalog): what its records on a shared destination are named by. */
  homeId(): string {
    return this.statement(`SELECT id FROM home`).pluck().get() as string;
  }

  recordKeptVersion(v: { assetId: number; destinationId: number; key: string; xxh64: string; size: number; at: string }): void {
    this.statement(
      `INSERT INTO kept_versions (asset_id, destination_id, key, xxh64, size, copied_at)
         VALUES (@assetId, @destinationId, @key, @xxh64, @size, @at)
         ON CONFLICT (destination_id, key) DO UPDATE SET xxh64 = excluded.xxh64, size = excluded.size, copied_at = excluded.copied_at`,
    ).run(v);
  }

  /** Kept versions of an asset on a destination, newest first, past the first `keep`. */
  versionsBeyond(assetId: number, destinationId: number, keep: number): Array<{ id: number; key: string }> {
    return this.statement(
      `SELECT id, key FROM kept_versions WHERE asset_id = ? AND destination_id = ?
         ORDER BY copied_at DESC, id DESC LIMIT -1 OFFSET ?`,
    ).all(assetId, destinationId, keep) as Array<{ id: number; key: string }>;
  }

  keptVersions(assetId: number, destinationId: number): Array<{ key: string; xxh64: string; size: number; copiedAt: string }> {
    return this.statement(
      `SELECT key, xxh64, size, copied_at AS copiedAt FROM kept_versions WHERE asset_id = ? AND destination_id = ?
         ORDER BY copied_at DESC, id DESC`,
    ).all(assetId, destinationId) as Array<{ key: string; xxh64: string; size: number; copiedAt: string }>;
  }

  forgetKeptVersion(id: number): void {
    this.statement(`DELETE FROM kept_versions WHERE id = ?`).run(id);
  }

  /** The multipart uploads journal of one destination, kept in this catalog. */
  uploadJournal(destinationId: number): UploadJournal {
    const db = this.db;
    const uploadRow = (uploadId: string): number | undefined =>
      (db.prepare(`SELECT id FROM uploads WHERE destination_id = ? AND upload_id = ?`).get(destinationId, uploadId) as { id: number } | undefined)?.id;
    return {
      find: (key, content) => {
        const row = db
          .prepare(
            `SELECT id, upload_id AS uploadId, part_size AS partSize FROM uploads
             WHERE destination_id = ? AND key = ? AND size = ? AND xxh64 = ? ORDER BY id DESC LIMIT 1`,
          )
          .get(destinationId, key, content.size, content.xxh64) as { id: number; uploadId: string; partSize: number } | undefined;
        if (!row) return undefined;
        const parts = db
          .prepare(`SELECT part_number AS partNumber, etag, size FROM upload_parts WHERE upload = ? ORDER BY part_number`)
          .all(row.id) as UploadedPart[];
        return { uploadId: row.uploadId, partSize: row.partSize, parts };
      },
      started: (key, content, uploadId, partSize) => {
        db.prepare(`INSERT INTO uploads (destination_id, key, upload_id, size, xxh64, part_size, started_at) VALUES (?, ?, ?, ?, ?, ?, ?)`).run(
          destinationId,
          key,
          uploadId,
          content.size,
          content.xxh64,
          partSize,
          new Date().toISOString(),
        );
      },
      partDone: (uploadId, part) => {
        const id = uploadRow(uploadId);
        if (id === undefined) return;
        db.prepare(
          `INSERT INTO upload_parts (upload, part_number, etag, size) VALUES (?, ?, ?, ?)
           ON CONFLICT (upload, part_number) DO UPDATE SET etag = excluded.etag, size = excluded.size`,
        ).run(id, part.partNumber, part.etag, part.size);
      },
      finished: (uploadId) => {
        db.prepare(`DELETE FROM uploads WHERE destination_id = ? AND upload_id = ?`).run(destinationId, uploadId);
      },
      startedBefore: (beforeIso) =>
        db
          .prepare(`SELECT key, upload_id AS uploadId, started_at AS startedAt FROM uploads WHERE destination_id = ? AND started_at < ? ORDER BY id`)
          .all(destinationId, beforeIso) as Array<{ key: string; uploadId: string; startedAt: string }>,
    };
  }

  /**
   * The outcome of re-reading a copy: a pass renews verified_at (and, for a local copy, says where it was
   * read from), a failure keeps the last good date.
   */
  recordCopyCheck(copyId: number, outcome: { ok: true; at: string; readBack?: 'medium' | 'cache' } | { ok: false; error: string }): void {
    if (outcome.ok) {
      this.statement(`UPDATE copies SET status = 'verified', error = NULL, absent = 0, verified_at = ?, read_back = COALESCE(?, read_back) WHERE id = ?`).run(
        outcome.at,
        outcome.readBack ?? null,
        copyId,
      );
    } else {
      // A copy already known absent (its storage was emptied) stays absent: found missing again, it is no failed check.
      this.statement(`UPDATE copies SET status = 'failed', error = CASE WHEN absent = 1 THEN error ELSE ? END WHERE id = ?`).run(outcome.error, copyId);
    }
  }

  /** A job waiting its turn (in the helper's queue); `startJob` with its id starts it. */
  queueJob(kind: string, targets: readonly string[], title: string): number {
    const row = this.statement(`INSERT INTO jobs (kind, targets, state, started_at, pid, title) VALUES (?, ?, 'queued', ?, ?, ?) RETURNING id`).get(
      kind,
      JSON.stringify(targets),
      new Date().toISOString(),
      process.pid,
      title,
    ) as { id: number };
    return row.id;
  }

  startJob(kind: string, targets: readonly string[], queuedId?: number): number {
    if (queuedId !== undefined) {
      this.statement(`UPDATE jobs SET state = 'running', pid = ? WHERE id = ?`).run(process.pid, queuedId);
      return queuedId;
    }
    const row = this.statement(`INSERT INTO jobs (kind, targets, state, started_at, pid) VALUES (?, ?, 'running', ?, ?) RETURNING id`).get(
      kind,
      JSON.stringify(targets),
      new Date().toISOString(),
      process.pid,
    ) as { id: number };
    return row.id;
  }

  /** The newest jobs first, whoever ran them (this process, the CLI, a helper before a restart). */
  recentJobs(limit: number): JobRow[] {
    return this.statement(
      `SELECT id, kind, targets, state, started_at AS startedAt, finished_at AS finishedAt, files, bytes, title
         FROM jobs ORDER BY id DESC LIMIT ?`,
    ).all(limit) as JobRow[];
  }

  /** The failures a finished job recorded, in order. */
  jobFailures(jobId: number): Array<{ path: string; destination: string | null; error: string }> {
    return this.statement(
      `SELECT i.path, d.name AS destination, i.error FROM job_items i LEFT JOIN destinations d ON d.id = i.destination_id
         WHERE i.job_id = ? AND i.state = 'failed' ORDER BY i.id`,
    ).all(jobId) as Array<{ path: string; destination: string | null; error: string }>;
  }

  addJobItems(jobId: number, items: readonly JobItem[]): void {
    const insert = this.statement(`INSERT INTO job_items (job_id, path, destination_id, state, bytes_done, error) VALUES (?, ?, ?, ?, ?, ?)`);
    for (const i of items) insert.run(jobId, i.path, i.destinationId, i.state, i.bytesDone, i.error);
  }

  finishJob(jobId: number, state: 'succeeded' | 'failed' | 'cancelled', totals: { files: number; bytes: number }): void {
    this.statement(`UPDATE jobs SET state = ?, finished_at = ?, files = ?, bytes = ? WHERE id = ?`).run(
      state,
      new Date().toISOString(),
      totals.files,
      totals.bytes,
      jobId,
    );
  }

  /** Jobs left queued or running by a process that no longer exists were interrupted (killed, crashed). */
  markInterruptedJobs(isAlive: (pid: number) => boolean): number {
    const running = this.statement(`SELECT id, pid FROM jobs WHERE state IN ('queued', 'running')`).all() as Array<{ id: number; pid: number }>;
    const dead = running.filter((j) => !isAlive(j.pid));
    const mark = this.statement(`UPDATE jobs SET state = 'interrupted', finished_at = ? WHERE id = ?`);
    for (const j of dead) mark.run(new Date().toISOString(), j.id);
    return dead.length;
  }

  // ---- pairing (only hashes are stored: a copied catalog gives no way in) ----

  addPairingCode(codeHash: string, expiresAt: Date, attempts: number): void {
    this.statement(`DELETE FROM pairing_codes WHERE expires_at < ?`).run(new Date().toISOString());
    this.statement(`INSERT INTO pairing_codes (code_hash, expires_at, attempts_left) VALUES (?, ?, ?)`).run(codeHash, expiresAt.toISOString(), attempts);
  }

  /**
   * Uses up a live code; true when it existed. A wrong code costs every live code one attempt, so codes
   * cannot be guessed by trying many.
   */
  consumePairingCode(codeHash: string, now: Date): boolean {
    return this.transaction(() => {
      const at = now.toISOString();
      this.statement(`DELETE FROM pairing_codes WHERE expires_at < ? OR attempts_left <= 0`).run(at);
      const used = this.statement(`DELETE FROM pairing_codes WHERE code_hash = ?`).run(codeHash).changes > 0;
      if (!used) this.statement(`UPDATE pairing_codes SET attempts_left = attempts_left - 1`).run();
      return used;
    });
  }

  addToken(tokenHash: string, client: string): void {
    this.statement(`INSERT INTO tokens (token_hash, client, created_at) VALUES (?, ?, ?)`).run(tokenHash, client, new Date().toISOString());
  }

  /** Whether the token is valid now (checked on every request, so a revocation takes effect at once). */
  hasToken(tokenHash: string): boolean {
    return this.statement(`SELECT 1 FROM tokens WHERE token_hash = ?`).get(tokenHash) !== undefined;
  }

  touchToken(tokenHash: string): void {
    this.statement(`UPDATE tokens SET last_used_at = ? WHERE token_hash = ?`).run(new Date().toISOString(), tokenHash);
  }

  removeToken(tokenHash: string): void {
    this.statement(`DELETE FROM tokens WHERE token_hash = ?`).run(tokenHash);
  }

  revokeAllTokens(): number {
    this.statement(`DELETE FROM pairing_codes`).run();
    return this.statement(`DELETE FROM tokens`).run().changes;
  }

  // restore

  /**
   * Every recorded copy of the scope's assets, with what a restore chooses by: whether it is known absent,
   * and whether it holds the asset's recorded content (an older copy of a changed source does not).
   */
  restoreCopies(scope: Scope): Array<CopyRow & { absent: 0 | 1; current: 0 | 1 }> {
    const { where, params } = scopeClause(scope);
    return this.statement(
      `SELECT ${COPY_COLUMNS}, c.absent, c.xxh64 = a.xxh64 AS current FROM copies c JOIN assets a ON a.id = c.asset_id
         JOIN destinations d ON d.id = c.destination_id WHERE ${where}`,
    ).all(...params) as Array<CopyRow & { absent: 0 | 1; current: 0 | 1 }>;
  }
}

function migrate(db: Database.Database, file: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) {
    throw new UserError(`the catalog ${file} was written by a newer Threefold (schema ${version}); update Threefold`);
  }
  if (version === MIGRATIONS.length) return;
  // A migration may rebuild a table others refer to: foreign keys are off meanwhile (a no-op inside a
  // transaction, hence here) and checked before they are on again.
  db.pragma('foreign_keys = OFF');
  try {
    for (let v = version; v < MIGRATIONS.length; v++) {
      db.transaction(() => {
        db.exec(MIGRATIONS[v]!);
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) throw new Error(`migration ${v + 1} would break ${broken.length} references`);
        db.pragma(`user_version = ${v + 1}`);
      })();
    }
  } finally {
    db.pragma('foreign_keys = ON');
  }
}

function scopeClause(scope: Scope): { where: string; params: string[] } {
  switch (scope.kind) {
    case 'all':
      return { where: '1', params: [] };
    case 'file':
      return { where: 'a.path = ?', params: [scope.path] };
    case 'paths':
      return { where: 'a.path IN (SELECT value FROM json_each(?))', params: [JSON.stringify(scope.paths)] };
    case 'folder': {
      // Everything under the folder, as an index range: '/' + 1 is '0'.
      const prefix = scope.path.endsWith('/') || scope.path.endsWith('\\') ? scope.path : `${scope.path}${path.sep}`;
      const upper = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
      return { where: 'a.path >= ? AND a.path < ?', params: [prefix, upper] };
    }
  }
}
