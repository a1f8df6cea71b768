/**
 * Numbered schema migrations: entry N takes the catalog from user_version N to N+1. Append only; a
 * released migration is never edited.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE destinations (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    media TEXT NOT NULL,
    offsite INTEGER NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE assets (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    mtime_ms REAL NOT NULL,
    xxh64 TEXT NOT NULL,
    hashed_at TEXT NOT NULL,
    problem TEXT
  );
  CREATE TABLE copies (
    id INTEGER PRIMARY KEY,
    asset_id INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
    destination_id INTEGER NOT NULL REFERENCES destinations(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    location TEXT NOT NULL,
    size INTEGER NOT NULL,
    xxh64 TEXT NOT NULL,
    copied_at TEXT NOT NULL,
    verified_at TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('verified', 'failed')),
    error TEXT,
    UNIQUE (asset_id, destination_id)
  );
  CREATE INDEX copies_by_destination ON copies (destination_id);
  CREATE TABLE jobs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    targets TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('running', 'succeeded', 'failed', 'interrupted')),
    started_at TEXT NOT NULL,
    finished_at TEXT,
    files INTEGER NOT NULL DEFAULT 0,
    bytes INTEGER NOT NULL DEFAULT 0,
    pid INTEGER NOT NULL
  );
  CREATE TABLE job_items (
    id INTEGER PRIMARY KEY,
    job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    destination_id INTEGER REFERENCES destinations(id) ON DELETE SET NULL,
    state TEXT NOT NULL CHECK (state IN ('done', 'failed')),
    bytes_done INTEGER NOT NULL,
    error TEXT
  );
  CREATE INDEX job_items_by_job ON job_items (job_id);
  `,
  `
  -- Every kept version of a versioned asset (a project file, a catalog), per destination, so the oldest
  -- beyond the retention count can be removed; the newest is also the asset's row in copies.
  CREATE TABLE kept_versions (
    id INTEGER PRIMARY KEY,
    asset_id INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
    destination_id INTEGER NOT NULL REFERENCES destinations(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    xxh64 TEXT NOT NULL,
    size INTEGER NOT NULL,
    copied_at TEXT NOT NULL,
    UNIQUE (destination_id, key)
  );
  CREATE INDEX kept_versions_by_asset ON kept_versions (asset_id, destination_id);
  `,
  `
  -- Multipart uploads in progress, and their finished parts, recorded as they complete: a killed job
  -- resumes the same upload id and sends only what is missing.
  CREATE TABLE uploads (
    id INTEGER PRIMARY KEY,
    destination_id INTEGER NOT NULL REFERENCES destinations(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    upload_id TEXT NOT NULL,
    size INTEGER NOT NULL,
    xxh64 TEXT NOT NULL,
    part_size INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    UNIQUE (destination_id, upload_id)
  );
  CREATE INDEX uploads_by_key ON uploads (destination_id, key);
  CREATE TABLE upload_parts (
    upload INTEGER NOT NULL REFERENCES uploads(id) ON DELETE CASCADE,
    part_number INTEGER NOT NULL,
    etag TEXT NOT NULL,
    size INTEGER NOT NULL,
    PRIMARY KEY (upload, part_number)
  );
  `,
  `
  -- Jobs can wait in the helper's queue and be cancelled. SQLite cannot change a CHECK constraint in place:
  -- the table is rebuilt (migrate() turns foreign keys off around migrations, as SQLite's procedure says).
  CREATE TABLE jobs_new (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    targets TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted')),
    started_at TEXT NOT NULL,
    finished_at TEXT,
    files INTEGER NOT NULL DEFAULT 0,
    bytes INTEGER NOT NULL DEFAULT 0,
    pid INTEGER NOT NULL,
    title TEXT
  );
  INSERT INTO jobs_new (id, kind, targets, state, started_at, finished_at, files, bytes, pid)
    SELECT id, kind, targets, state, started_at, finished_at, files, bytes, pid FROM jobs;
  DROP TABLE jobs;
  ALTER TABLE jobs_new RENAME TO jobs;
  -- Pairing: one-time codes from "threefold pair" and the tokens they were exchanged for. Only hashes are kept.
  CREATE TABLE pairing_codes (
    code_hash TEXT PRIMARY KEY,
    expires_at TEXT NOT NULL,
    attempts_left INTEGER NOT NULL
  );
  CREATE TABLE tokens (
    token_hash TEXT PRIMARY KEY,
    client TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_used_at TEXT
  );
  `,
  `
  -- The ETag a cloud store gave a copy at upload: a later check without download sees a replaced object.
  ALTER TABLE copies ADD COLUMN etag TEXT;
  `,
  `
  -- What is known of each destination's storage: the id of the identity marker at its root (copies on
  -- destinations that share one count once), when it last answered, and since when it has not. A copy
  -- whose storage proved not to hold it any more (a deleted bucket, a replaced disk) is failed and absent:
  -- not counted, and not a failed verification either.
  ALTER TABLE copies ADD COLUMN absent INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE destinations ADD COLUMN identity TEXT;
  ALTER TABLE destinations ADD COLUMN reachable_at TEXT;
  ALTER TABLE destinations ADD COLUMN unreachable_since TEXT;
  ALTER TABLE destinations ADD COLUMN unreachable_reason TEXT;
  `,
  `
  -- Where a local copy's last read-back came from: 'medium' (direct I/O past the page cache, or a file
  -- system whose medium is memory) or 'cache' (its file system refused direct I/O); NULL for cloud copies.
  -- Local copies recorded before were read back from the page cache.
  ALTER TABLE copies ADD COLUMN read_back TEXT CHECK (read_back IN ('medium', 'cache'));
  UPDATE copies SET read_back = 'cache' WHERE destination_id IN (SELECT id FROM destinations WHERE kind = 'local');
  `,
];
