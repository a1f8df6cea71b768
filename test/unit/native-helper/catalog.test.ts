import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Catalog } from '../../../native-helper/catalog/catalog';
import { MIGRATIONS } from '../../../native-helper/catalog/migrations';
import { UserError } from '../../../native-helper/errors';
import { SqliteDatabase } from '../../../native-helper/sqlite/sqliteDatabase';
import { makeTempDir } from '../../helpers/tempDir';

let temp: ReturnType<typeof makeTempDir>;
let file: string;
beforeEach(() => {
  temp = makeTempDir();
  file = path.join(temp.dir, 'home', 'catalog.sqlite');
});
afterEach(() => temp.cleanup());

describe('Catalog', () => {
  it('creates the schema through the numbered migrations, in WAL mode', () => {
    Catalog.open(file).close();
    const db = new SqliteDatabase(file, { readonly: true });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all();
      expect(tables).toEqual([
        'assets',
        'copies',
        'destinations',
        'drill_destinations',
        'drills',
        'home',
        'job_generations',
        'job_items',
        'jobs',
        'kept_versions',
        'key_owners',
        'pairing_codes',
        'plan_runs',
        'restore_ranges',
        'tokens',
        'upload_parts',
        'uploads',
      ]);
    } finally {
      db.close();
    }
    // Opening again migrates nothing and keeps the data.
    const again = Catalog.open(file);
    again.assets.record({ path: '/m/a.mov', size: 1, mtimeMs: 1.5, xxh64: '00000000000000ff' }, '2026-01-01T00:00:00Z');
    again.close();
    const third = Catalog.open(file);
    expect(third.assets.list({ kind: 'all' })).toHaveLength(1);
    third.close();
  });

  it('migrating the jobs table (rebuilt for queued and cancelled jobs) keeps every job and its items', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const db = new SqliteDatabase(file);
    for (let v = 0; v < 3; v++) db.exec(MIGRATIONS[v]!);
    db.pragma('user_version = 3');
    db.exec(`INSERT INTO destinations (id, url, name, kind, media, offsite, created_at) VALUES (1, 'local:/d', 'd', 'local', 'hdd', 0, 'x')`);
    db.exec(`INSERT INTO jobs (id, kind, targets, state, started_at, pid) VALUES (7, 'protect', '[]', 'failed', '2026-01-01', 1)`);
    db.exec(`INSERT INTO job_items (job_id, path, destination_id, state, bytes_done, error) VALUES (7, '/m/a.mov', 1, 'failed', 0, 'disk full')`);
    db.close();

    const catalog = Catalog.open(file);
    try {
      expect(catalog.jobs.recent(10)).toMatchObject([{ id: 7, state: 'failed', title: null }]);
      expect(catalog.jobs.failures(7)).toEqual([{ path: '/m/a.mov', destination: 'd', error: 'disk full' }]);
      const queued = catalog.jobs.queue('protect', ['/m'], 'Media');
      expect(catalog.jobs.recent(1)).toMatchObject([{ id: queued, state: 'queued', title: 'Media' }]);
      catalog.jobs.finish(catalog.jobs.start('protect', ['/m'], queued), 'cancelled', { files: 0, bytes: 0 });
      expect(catalog.jobs.recent(1)).toMatchObject([{ id: queued, state: 'cancelled' }]);
    } finally {
      catalog.close();
    }
  });

  it('marks the local copies recorded before reads went past the page cache as read back from the cache', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const db = new SqliteDatabase(file);
    const readBackMigration = MIGRATIONS.findIndex((m) => m.includes('read_back'));
    for (let v = 0; v < readBackMigration; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`user_version = ${readBackMigration}`);
    db.exec(
      `INSERT INTO destinations (id, url, name, kind, media, offsite, created_at) VALUES (1, 'local:/d', 'd', 'local', 'hdd', 0, 'x'), (2, 's3://b', 'b', 's3', 'cloud', 1, 'x')`,
    );
    db.exec(`INSERT INTO assets (id, path, size, mtime_ms, xxh64, hashed_at) VALUES (1, '/m/a.mov', 3, 1, 'abc0000000000000', 'x')`);
    db.exec(`INSERT INTO copies (asset_id, destination_id, key, location, size, xxh64, copied_at, verified_at, status)
             VALUES (1, 1, 'a.mov', '/d/a.mov', 3, 'abc0000000000000', 'x', 'x', 'verified'), (1, 2, 'a.mov', 's3://b/a.mov', 3, 'abc0000000000000', 'x', 'x', 'verified')`);
    db.close();

    const catalog = Catalog.open(file);
    try {
      const readBacks = (): Array<[number, string | null]> => catalog.copies.states({ kind: 'all' }).map((s) => [s.destinationId, s.readBack]);
      expect(readBacks()).toEqual([
        [1, 'cache'],
        [2, null],
      ]);
      // A later check from the medium says so; a cloud check leaves it alone.
      const ids = catalog.copies.list({ kind: 'all' }).map((c) => c.id);
      catalog.copies.recordCheck(ids[0]!, { ok: true, at: 'y', readBack: 'medium' });
      catalog.copies.recordCheck(ids[1]!, { ok: true, at: 'y' });
      expect(readBacks()).toEqual([
        [1, 'medium'],
        [2, null],
      ]);
    } finally {
      catalog.close();
    }
  });

  it('opening a new catalog waits for another process that holds it locked, from its first statement', async () => {
    fs.mkdirSync(path.dirname(file));
    // Another process creating the catalog too: a write lock on the file, still in its rollback journal, for a second.
    const holder = spawn(process.execPath, [
      '-e',
      `const { DatabaseSync } = require('node:sqlite'); const db = new DatabaseSync(${JSON.stringify(file)});
       db.exec('BEGIN EXCLUSIVE; CREATE TABLE other (x)'); console.log('locked'); setTimeout(() => db.exec('COMMIT'), 1000);`,
    ]);
    await new Promise((resolve) => holder.stdout.once('data', resolve));
    const started = Date.now();
    const closed = new Promise((resolve) => holder.once('close', resolve));
    Catalog.open(file).close();
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    await closed;
    const db = new SqliteDatabase(file, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
    }
  });

  it('refuses a catalog written by a newer Threefold instead of corrupting it', () => {
    Catalog.open(file).close();
    const db = new SqliteDatabase(file);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => Catalog.open(file)).toThrow(UserError);
    expect(() => Catalog.open(file)).toThrow(/newer Threefold/);
  });

  it('scopes a list of paths in one query, however long, names with quotes and commas included', () => {
    const c = Catalog.open(file);
    try {
      const wanted = Array.from({ length: 5000 }, (_, i) => `/m/clip "${i}", take's.mov`);
      c.transaction(() => {
        for (const p of [...wanted, '/m/other.mov']) c.assets.record({ path: p, size: 1, mtimeMs: 1, xxh64: 'ab' }, 'now');
      });
      const found = c.assets.list({ kind: 'paths', paths: [...wanted, '/m/not-recorded.mov'] }).map((a) => a.path);
      expect(found).toEqual([...wanted].sort());
      expect(c.assets.any({ kind: 'paths', paths: ['/m/other.mov'] })).toBe(true);
      expect(c.assets.any({ kind: 'paths', paths: [] })).toBe(false);
    } finally {
      c.close();
    }
  });

  it('gives planning the content of each recorded path and its copies on the named destinations, more paths than one query takes', () => {
    const c = Catalog.open(file);
    try {
      const raid = c.destinations.id({ url: 'local:/raid', name: 'raid', kind: 'local', media: 'raid', offsite: false });
      const gone = c.destinations.id({ url: 'local:/gone', name: 'gone', kind: 'local', media: 'hdd', offsite: false });
      const usb = c.destinations.id({ url: 'local:/usb', name: 'usb', kind: 'local', media: 'hdd', offsite: false });
      const paths = Array.from({ length: 4500 }, (_, i) => `/m/clip "${i}", take's.mov`);
      c.transaction(() => {
        paths.forEach((p, i) => {
          const assetId = c.assets.record({ path: p, size: i, mtimeMs: i + 0.5, xxh64: `${i}`.padStart(16, '0') }, 'now');
          const copy = { assetId, key: p.slice(1), location: `/raid${p}`, size: i, at: 'now' };
          c.copies.recordVerified({ ...copy, destinationId: raid, xxh64: `${i}`.padStart(16, '0') });
          c.copies.recordVerified({ ...copy, destinationId: gone, xxh64: `${i}`.padStart(16, '0') });
          if (i === 4321) c.copies.recordVerified({ ...copy, destinationId: usb, xxh64: 'older00000000000' });
        });
      });
      const usbCopyId = c.copies.list({ kind: 'file', path: paths[4321]! }).find((r) => r.destinationUrl === 'local:/usb')!.id;
      c.copies.recordCheck(usbCopyId, { ok: false, error: 'bad' });

      const names = new Map([
        ['local:/raid', 'raid'],
        ['local:/usb', 'usb'],
      ]);
      const contents = c.assets.recordedContents([...paths, '/m/not-recorded.mov'], names);
      expect(contents.size).toBe(paths.length);
      expect(contents.get('/m/not-recorded.mov')).toBeUndefined();
      expect(contents.get(paths[7]!)).toEqual({
        size: 7,
        mtimeMs: 7.5,
        xxh64: '0000000000000007',
        copies: [{ destination: 'raid', xxh64: '0000000000000007', status: 'verified' }],
      });
      expect(contents.get(paths[4321]!)!.copies).toEqual([
        { destination: 'raid', xxh64: '0000000000004321', status: 'verified' },
        { destination: 'usb', xxh64: 'older00000000000', status: 'failed' },
      ]);
    } finally {
      c.close();
    }
  });

  it("gives a status the copies of each asset's recorded content: where, when verified, whether that failed", () => {
    const c = Catalog.open(file);
    try {
      const raid = c.destinations.id({ url: 'local:/raid', name: 'raid', kind: 'local', media: 'raid', offsite: false });
      const usb = c.destinations.id({ url: 'local:/usb', name: 'usb', kind: 'local', media: 'hdd', offsite: false });
      expect(c.destinations.ids()).toEqual(
        new Map([
          ['local:/raid', raid],
          ['local:/usb', usb],
        ]),
      );
      const assetId = c.assets.record({ path: '/m/A/x.mov', size: 3, mtimeMs: 1, xxh64: 'new0000000000000' }, 'now');
      const other = c.assets.record({ path: '/m/B/y.mov', size: 3, mtimeMs: 1, xxh64: 'abc0000000000000' }, 'now');
      const copy = { key: 'x.mov', size: 3, at: '2026-11-01T00:00:00Z' };
      c.copies.recordVerified({ ...copy, assetId, destinationId: raid, location: '/raid/x.mov', xxh64: 'new0000000000000', readBack: 'medium' });
      // Of content the source no longer has: not a copy of the asset as it is recorded now.
      c.copies.recordVerified({ ...copy, assetId, destinationId: usb, location: '/usb/x.mov', xxh64: 'old0000000000000' });
      c.copies.recordVerified({ ...copy, assetId: other, destinationId: usb, location: '/usb/y.mov', xxh64: 'abc0000000000000' });
      const otherCopyId = c.copies.list({ kind: 'file', path: '/m/B/y.mov' })[0]!.id;
      c.copies.recordCheck(otherCopyId, { ok: false, error: 'gone' });

      expect(c.copies.states({ kind: 'folder', path: '/m/A' })).toEqual([
        { assetId, destinationId: raid, location: '/raid/x.mov', verifiedAt: '2026-11-01T00:00:00Z', failed: 0, absent: 0, error: null, readBack: 'medium' },
      ]);
      expect(c.copies.states({ kind: 'paths', paths: ['/m/B/y.mov'] })).toEqual([
        { assetId: other, destinationId: usb, location: '/usb/y.mov', verifiedAt: '2026-11-01T00:00:00Z', failed: 1, absent: 0, error: 'gone', readBack: null },
      ]);
    } finally {
      c.close();
    }
  });

  it('keeps versions per asset and destination, and lists those past the newest N', () => {
    const c = Catalog.open(file);
    try {
      const assetId = c.assets.record({ path: '/p/x.prproj', size: 1, mtimeMs: 1, xxh64: 'ab' }, 'now');
      const raid = c.destinations.id({ url: 'local:/raid', name: 'raid', kind: 'local', media: 'raid', offsite: false });
      const usb = c.destinations.id({ url: 'local:/usb', name: 'usb', kind: 'local', media: 'hdd', offsite: false });
      for (let day = 1; day <= 5; day += 1) {
        const at = `2026-11-0${day}T00:00:00Z`;
        c.versions.record({ assetId, destinationId: raid, key: `p/v${day}`, xxh64: 'ab', size: 1, at });
      }
      c.versions.record({ assetId, destinationId: usb, key: 'p/v1', xxh64: 'ab', size: 1, at: '2026-11-01T00:00:00Z' });
      const beyond = c.versions.beyond(assetId, raid, 3);
      expect(beyond.map((v) => v.key)).toEqual(['p/v2', 'p/v1']);
      for (const v of beyond) c.versions.forget(v.id);
      expect(c.versions.list(assetId, raid).map((v) => v.key)).toEqual(['p/v5', 'p/v4', 'p/v3']);
      expect(c.versions.list(assetId, usb).map((v) => v.key)).toEqual(['p/v1']);
    } finally {
      c.close();
    }
  });

  it('scopes a folder exactly: /m/A holds /m/A/x but not /m/AB/x nor /m/A', () => {
    const c = Catalog.open(file);
    try {
      for (const p of ['/m/A', '/m/A/x.mov', '/m/A/sub/y.mov', '/m/AB/x.mov', '/m/A0', '/m/B/z.mov']) {
        c.assets.record({ path: p, size: 1, mtimeMs: 1, xxh64: 'ab' }, 'now');
      }
      expect(c.assets.list({ kind: 'folder', path: '/m/A' }).map((a) => a.path)).toEqual(['/m/A/sub/y.mov', '/m/A/x.mov']);
      expect(c.assets.list({ kind: 'folder', path: '/m/A/' }).map((a) => a.path)).toEqual(['/m/A/sub/y.mov', '/m/A/x.mov']);
      expect(c.assets.list({ kind: 'file', path: '/m/A' }).map((a) => a.path)).toEqual(['/m/A']);
      expect(c.assets.any({ kind: 'folder', path: '/m/C' })).toBe(false);
      expect(c.assets.list({ kind: 'all' })).toHaveLength(6);
    } finally {
      c.close();
    }
  });

  it('keeps one copy row per asset and destination, and records checks without losing the last good date', () => {
    const c = Catalog.open(file);
    try {
      const d = c.destinations.id({ url: 'local:/raid', name: 'raid', kind: 'local', media: 'raid', offsite: false });
      expect(c.destinations.id({ url: 'local:/raid', name: 'raid2', kind: 'local', media: 'hdd', offsite: false })).toBe(d);
      const a = c.assets.record({ path: '/m/a.mov', size: 3, mtimeMs: 2, xxh64: '1111111111111111' }, 't1');
      c.copies.recordVerified({ assetId: a, destinationId: d, key: 'm/a.mov', location: '/raid/m/a.mov', size: 3, xxh64: '1111111111111111', at: 't1' });
      c.copies.recordVerified({ assetId: a, destinationId: d, key: 'm/a.mov', location: '/raid/m/a.mov', size: 3, xxh64: '1111111111111111', at: 't2' });
      const [copy] = c.copies.list({ kind: 'all' });
      expect(copy).toMatchObject({ status: 'verified', verifiedAt: 't2', destinationUrl: 'local:/raid' });
      c.copies.recordCheck(copy!.id, { ok: false, error: 'gone' });
      expect(c.copies.list({ kind: 'all' })[0]).toMatchObject({ status: 'failed', error: 'gone', verifiedAt: 't2' });
      c.copies.recordCheck(copy!.id, { ok: true, at: 't3' });
      expect(c.copies.list({ kind: 'all' })[0]).toMatchObject({ status: 'verified', error: null, verifiedAt: 't3' });
    } finally {
      c.close();
    }
  });

  it('clears a suspicion of corruption only when the source is recorded again', () => {
    const c = Catalog.open(file);
    try {
      c.assets.record({ path: '/m/a.mov', size: 3, mtimeMs: 2, xxh64: 'aa' }, 't1');
      c.assets.setProblem('/m/a.mov', 'possible corruption');
      expect(c.assets.list({ kind: 'all' })[0]!.problem).toBe('possible corruption');
      c.assets.record({ path: '/m/a.mov', size: 4, mtimeMs: 3, xxh64: 'bb' }, 't2');
      expect(c.assets.list({ kind: 'all' })[0]).toMatchObject({ problem: null, size: 4, xxh64: 'bb' });
    } finally {
      c.close();
    }
  });

  it('marks jobs left running by a dead process as interrupted', () => {
    const c = Catalog.open(file);
    try {
      c.jobs.start('protect', ['/m']);
      const finished = c.jobs.start('protect', ['/m']);
      c.jobs.finish(finished, 'succeeded', { files: 1, bytes: 2 });
      expect(c.jobs.markInterrupted(() => true)).toBe(0);
      expect(c.jobs.markInterrupted(() => false)).toBe(1);
      expect(c.jobs.markInterrupted(() => false)).toBe(0);
    } finally {
      c.close();
    }
  });
});
