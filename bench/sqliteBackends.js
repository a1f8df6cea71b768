// The catalog's workload on the two SQLite bindings Threefold could ship: better-sqlite3 (a native addon
// built for this Node) and Node's built-in node:sqlite. Same schema (the catalog's migrations), same SQL
// (the stores' statements), same process, rounds alternating the order.
//   npx tsc -b && node bench/sqliteBackends.js <folder of a better-sqlite3 built for this Node> [files] [rounds]
// Run it with Node 24 (node_modules/.bin/node); it prints one line per measure and the ratios.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { DatabaseSync } = require('node:sqlite');
const { MIGRATIONS } = require('../build/native-helper/catalog/migrations');
const { foldKey } = require('../build/src/paths/foldKey');
const { ownerKeyOf } = require('../build/src/paths/versionedKey');

const [betterSqlite3Folder, filesArg = '100000', roundsArg = '3'] = process.argv.slice(2);
if (betterSqlite3Folder === undefined) throw new Error('usage: node bench/sqliteBackends.js <better-sqlite3 folder> [files] [rounds]');
const BetterSqlite3 = require(path.resolve(betterSqlite3Folder));
const FILES = Number(filesArg);
const ROUNDS = Number(roundsArg);
const BATCH = 1000;

const RECORD_ASSET = `INSERT INTO assets (path, size, mtime_ms, xxh64, hashed_at, problem) VALUES (?, ?, ?, ?, ?, NULL)
  ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms,
    xxh64 = excluded.xxh64, hashed_at = excluded.hashed_at, problem = NULL
  RETURNING id`;
const RECORD_COPY = `INSERT INTO copies (asset_id, destination_id, key, location, size, xxh64, copied_at, verified_at, status, error, etag, read_back)
  VALUES (@assetId, @destinationId, @key, @location, @size, @xxh64, @at, @at, 'verified', NULL, @etag, @readBack)
  ON CONFLICT (asset_id, destination_id) DO UPDATE SET key = excluded.key, location = excluded.location,
    size = excluded.size, xxh64 = excluded.xxh64, copied_at = excluded.copied_at,
    verified_at = excluded.verified_at, status = 'verified', error = NULL, etag = excluded.etag, absent = 0,
    read_back = excluded.read_back`;
const STATES = `SELECT c.asset_id, c.destination_id, c.location, c.verified_at, c.status = 'failed', c.absent, c.error, c.read_back
  FROM copies c JOIN assets a ON a.id = c.asset_id WHERE (1) AND c.xxh64 = a.xxh64`;

/**
 * Every statement stays referenced to the end, as the catalog's cache keeps them: better-sqlite3 12 on
 * Node 24 aborts the process when the garbage collector finalizes one of its statements.
 */
const compiled = [];
function kept(statement) {
  compiled.push(statement);
  return statement;
}

/** Each binding behind the few calls the catalog makes. */
const backends = {
  'better-sqlite3': {
    open(file) {
      const db = new BetterSqlite3(file);
      db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON');
      db.function('threefold_fold_key', { deterministic: true }, (key) => foldKey(String(key)));
      db.function('threefold_owner_key', { deterministic: true }, (key) => ownerKeyOf(String(key)));
      return {
        db,
        version: () => kept(db.prepare('PRAGMA user_version')).pluck().get(),
        exec: (sql) => db.exec(sql),
        prepare: (sql) => kept(db.prepare(sql)),
        rows: (sql) => kept(db.prepare(sql).raw(true)),
        transaction: (work) => db.transaction(work)(),
        close: () => db.close(),
      };
    },
  },
  'node:sqlite': {
    open(file) {
      const db = new DatabaseSync(file);
      db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON');
      db.function('threefold_fold_key', { deterministic: true }, (key) => foldKey(String(key)));
      db.function('threefold_owner_key', { deterministic: true }, (key) => ownerKeyOf(String(key)));
      return {
        db,
        version: () => db.prepare('PRAGMA user_version').get().user_version,
        exec: (sql) => db.exec(sql),
        prepare: (sql) => kept(db.prepare(sql)),
        rows: (sql) => {
          const statement = kept(db.prepare(sql));
          statement.setReturnArrays(true);
          return statement;
        },
        transaction: (work) => {
          db.exec('BEGIN');
          try {
            const result = work();
            db.exec('COMMIT');
            return result;
          } catch (error) {
            db.exec('ROLLBACK');
            throw error;
          }
        },
        close: () => db.close(),
      };
    },
  },
};

function time(work) {
  const start = process.hrtime.bigint();
  const result = work();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

/** One round on one binding: a fresh catalog, FILES files recorded with a verified copy each, a status, a reopen. */
function round(name, folder) {
  const file = path.join(folder, `${name.replace(/\W/g, '_')}.sqlite`);
  const c = backends[name].open(file);
  for (let v = c.version(); v < MIGRATIONS.length; v++) c.transaction(() => c.exec(`${MIGRATIONS[v]}; PRAGMA user_version = ${v + 1}`));
  c.prepare(
    `INSERT INTO destinations (url, name, kind, media, offsite, created_at) VALUES ('file:///backup', 'backup', 'local', 'hdd', 0, '2026-12-08')`,
  ).run();
  const destinationId = c.prepare(`SELECT id FROM destinations`).get().id;
  const recordAsset = c.prepare(RECORD_ASSET);
  const recordCopy = c.prepare(RECORD_COPY);
  const at = new Date().toISOString();
  const record = time(() => {
    for (let start = 0; start < FILES; start += BATCH) {
      c.transaction(() => {
        for (let i = start; i < Math.min(FILES, start + BATCH); i++) {
          const key = `Project/Media/Card ${i % 50}/Clip ${i}.mov`;
          const xxh64 = i.toString(16).padStart(16, '0');
          const { id } = recordAsset.get(`/Volumes/Media/${key}`, 1_000_000 + i, 1_700_000_000_000 + i, xxh64, at);
          recordCopy.run({ assetId: id, destinationId, key, location: `/backup/${key}`, size: 1_000_000 + i, xxh64, at, etag: null, readBack: 'medium' });
        }
      });
    }
  });
  const status = time(() => c.rows(STATES).all().length);
  if (status.result !== FILES) throw new Error(`${name}: the status read ${status.result} copies of ${FILES}`);
  c.close();
  const open = time(() => {
    const reopened = backends[name].open(file);
    reopened.version();
    reopened.prepare(`SELECT id FROM home`).get();
    reopened.close();
  });
  return { record: record.ms, status: status.ms, open: open.ms };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'threefold-sqlite-bench-'));
try {
  const names = Object.keys(backends);
  const runs = Object.fromEntries(names.map((name) => [name, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const name of r % 2 === 0 ? names : [...names].reverse()) {
      fs.rmSync(folder, { recursive: true, force: true });
      fs.mkdirSync(folder);
      runs[name].push(round(name, folder));
    }
  }
  console.log(`Node ${process.version}, SQLite ${process.versions.sqlite} (node:sqlite), ${FILES} files, ${ROUNDS} rounds, load ${os.loadavg()[0].toFixed(1)}`);
  for (const measure of ['record', 'status', 'open']) {
    const [better, builtIn] = names.map((name) => runs[name].map((run) => run[measure]));
    const ratios = builtIn.map((ms, i) => ms / better[i]);
    console.log(
      `${measure}: better-sqlite3 ${median(better).toFixed(1)} ms, node:sqlite ${median(builtIn).toFixed(1)} ms, ` +
        `node:sqlite / better-sqlite3 ${median(ratios).toFixed(2)}× (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`,
    );
  }
} finally {
  fs.rmSync(folder, { recursive: true, force: true });
}
