/**
 * Numbered schema migrations: entry N takes the catalog from user_version N to N+1. Append only; a
 * released migration is never edited. Functions a migration calls are registered by CatalogDatabase.open
 * (catalogFunctions.ts) and kept as long as the migration is.
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
  `
  -- Which source owns each key on each destination: a key is one file there, and a new source never gets
  -- a key another owns, nor one of the same folded form (foldKey: case, normalisation, trailing dots).
  -- A versioned asset owns the key its versions sit beside. Filled from the copies and kept versions
  -- recorded so far, so existing copies keep their keys. Two assets recorded at one key (before keys were
  -- kept apart) share one file, which holds the later copy: the earlier asset's copy is marked failed.
  CREATE TABLE key_owners (
    destination_id INTEGER NOT NULL REFERENCES destinations(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    folded_key TEXT NOT NULL,
    asset_id INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
    PRIMARY KEY (destination_id, key)
  );
  CREATE INDEX key_owners_by_folded_key ON key_owners (destination_id, folded_key);
  CREATE INDEX key_owners_by_asset ON key_owners (asset_id);
  UPDATE copies SET status = 'failed', error = 'overwritten by the copy of ' || (
      SELECT a.path FROM copies o JOIN assets a ON a.id = o.asset_id
      WHERE o.destination_id = copies.destination_id AND o.key = copies.key AND o.asset_id <> copies.asset_id
      ORDER BY o.copied_at DESC, o.id DESC LIMIT 1
    ) || ', which was copied to the same destination path later; protect it again to give it a path of its own'
  WHERE EXISTS (
    SELECT 1 FROM copies o WHERE o.destination_id = copies.destination_id AND o.key = copies.key
      AND o.asset_id <> copies.asset_id AND (o.copied_at > copies.copied_at OR (o.copied_at = copies.copied_at AND o.id > copies.id))
  );
  INSERT OR IGNORE INTO key_owners (destination_id, key, folded_key, asset_id)
    SELECT destination_id, owner_key, threefold_fold_key(owner_key), asset_id FROM (
      SELECT c.destination_id, threefold_owner_key(c.key) AS owner_key, c.asset_id, c.copied_at, c.id, c.status FROM copies c
      UNION ALL
      SELECT v.destination_id, threefold_owner_key(v.key), v.asset_id, v.copied_at, v.id, 'verified' FROM kept_versions v
    ) ORDER BY status = 'verified' DESC, copied_at DESC, id DESC;
  -- This home's id on the destinations it shares with other homes (their key owners records).
  CREATE TABLE home (id TEXT NOT NULL);
  INSERT INTO home (id) VALUES (lower(hex(randomblob(16))));
  `,
  `
  -- Restore drills: each finished drill (when, how much, how long, how many files failed) and what it
  -- restored from each destination, so a status says when each destination was last proved restorable.
  CREATE TABLE drills (
    id INTEGER PRIMARY KEY,
    job_id INTEGER REFERENCES jobs(id) ON DELETE SET NULL,
    at TEXT NOT NULL,
    files INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    seconds REAL NOT NULL,
    failures INTEGER NOT NULL
  );
  CREATE TABLE drill_destinations (
    drill_id INTEGER NOT NULL REFERENCES drills(id) ON DELETE CASCADE,
    destination_id INTEGER NOT NULL REFERENCES destinations(id) ON DELETE CASCADE,
    files INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    failures INTEGER NOT NULL,
    PRIMARY KEY (drill_id, destination_id)
  );
  CREATE INDEX drill_destinations_by_destination ON drill_destinations (destination_id);
  `,
  `
  -- The ranges of a cloud object a restore has written to its partial file (and synced), so that a run
  -- after a kill fetches only the others, while the object (ETag, size) and the partial file are the same.
  CREATE TABLE restore_ranges (
    partial TEXT NOT NULL,
    destination_url TEXT NOT NULL,
    key TEXT NOT NULL,
    etag TEXT NOT NULL,
    size INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL
  );
  CREATE INDEX restore_ranges_by_partial ON restore_ranges (partial);
  `,
  `
  -- The jobs each plan started, and what started them: a plan's last run, its result and its last success
  -- are its jobs' (the plans themselves live in config.json).
  CREATE TABLE plan_runs (
    job_id INTEGER PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE,
    plan_id TEXT NOT NULL,
    trigger TEXT NOT NULL
  );
  CREATE INDEX plan_runs_by_plan ON plan_runs (plan_id, job_id);
  `,
  `
  -- What a job wrote, for its report: each copy's hash, location and how it was read back (job items recorded
  -- before hold only path, destination and bytes), and the ASC MHL generation it wrote on each destination.
  ALTER TABLE job_items ADD COLUMN xxh64 TEXT;
  ALTER TABLE job_items ADD COLUMN location TEXT;
  ALTER TABLE job_items ADD COLUMN read_back TEXT CHECK (read_back IN ('medium', 'cache'));
  CREATE TABLE job_generations (
    job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    destination_id INTEGER REFERENCES destinations(id) ON DELETE SET NULL,
    generation TEXT NOT NULL
  );
  CREATE INDEX job_generations_by_job ON job_generations (job_id);
  `,
  `
  -- The first bytes of a sealed (client-side encrypted) upload: its age header and nonce, so a resumed upload
  -- encrypts its parts again exactly as they were sent and the store's parts are reused.
  ALTER TABLE uploads ADD COLUMN sealed_start TEXT;
  `,
];
