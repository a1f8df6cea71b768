import path from 'node:path';
import { SqliteDatabase } from '../../../native-helper/sqlite/sqliteDatabase';
import { makeTempDir } from '../../helpers/tempDir';

let temp: ReturnType<typeof makeTempDir>;
let db: SqliteDatabase;
beforeEach(() => {
  temp = makeTempDir();
  db = new SqliteDatabase(path.join(temp.dir, 'test.sqlite'));
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)');
});
afterEach(() => {
  db.close();
  temp.cleanup();
});

const names = () => db.prepare('SELECT name FROM t ORDER BY id').pluck().all();

describe('SqliteDatabase (node:sqlite)', () => {
  it('binds named values, ignoring those the SQL does not use, and returns rows, columns or arrays', () => {
    const insert = db.prepare('INSERT INTO t (name) VALUES (@name)');
    expect(insert.run({ name: 'a', unused: 1 })).toEqual({ changes: 1, lastInsertRowid: 1 });
    insert.run({ name: 'b' });
    expect(db.prepare('SELECT id, name FROM t WHERE name = ?').get('b')).toEqual({ id: 2, name: 'b' });
    expect(db.prepare('SELECT id, name FROM t ORDER BY id').raw().all()).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
    expect(db.prepare('SELECT name FROM t WHERE id = ?').pluck().get(9)).toBeUndefined();
    expect([...db.prepare('SELECT name FROM t ORDER BY id').pluck().iterate()]).toEqual(['a', 'b']);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
  });

  it('names an SQLite error by its code, extended codes by their family', () => {
    db.prepare('INSERT INTO t (name) VALUES (?)').run('a');
    expect(() => db.prepare('INSERT INTO t (name) VALUES (?)').run('a')).toThrow(expect.objectContaining({ code: 'SQLITE_CONSTRAINT' }));
    expect(() => new SqliteDatabase(path.join(temp.dir, 'absent.sqlite'), { readonly: true })).toThrow(expect.objectContaining({ code: 'SQLITE_CANTOPEN' }));
  });

  it('commits a transaction that returns and rolls back one that throws, a nested one to its savepoint', () => {
    const insert = db.prepare('INSERT INTO t (name) VALUES (?)');
    expect(db.transaction((name: string) => insert.run(name).changes)('a')).toBe(1);
    expect(() =>
      db.transaction(() => {
        insert.run('b');
        throw new Error('stop');
      })(),
    ).toThrow('stop');
    db.transaction(() => {
      insert.run('c');
      expect(() => db.transaction(() => insert.run('a'))()).toThrow(expect.objectContaining({ code: 'SQLITE_CONSTRAINT' }));
      insert.run('d');
    })();
    expect(names()).toEqual(['a', 'c', 'd']);
  });

  it('closes once; closing again does nothing', () => {
    const other = new SqliteDatabase(path.join(temp.dir, 'test.sqlite'));
    other.close();
    expect(() => other.close()).not.toThrow();
    expect(() => other.prepare('SELECT 1')).toThrow('database is not open');
  });

  it('a caller that stops iterating early leaves no read snapshot open: later writes are seen, and it can write', () => {
    const file = path.join(temp.dir, 'wal.sqlite');
    const reader = new SqliteDatabase(file);
    const writer = new SqliteDatabase(file);
    try {
      reader.exec('PRAGMA journal_mode = WAL; CREATE TABLE r (x INTEGER); INSERT INTO r VALUES (1), (2), (3)');
      const rows = reader.prepare('SELECT x FROM r').pluck();
      for (const x of rows.iterate()) if (x === 1) break;
      expect(() => {
        for (const _ of rows.iterate()) throw new Error('the consumer failed');
      }).toThrow('the consumer failed');
      writer.exec('INSERT INTO r VALUES (4)');
      expect(reader.prepare('SELECT count(*) FROM r').pluck().get()).toBe(4);
      expect(() => reader.exec('INSERT INTO r VALUES (5)')).not.toThrow();
    } finally {
      reader.close();
      writer.close();
    }
  });

  it('a transaction that reads, then writes, is not refused because another connection wrote in between', () => {
    const file = path.join(temp.dir, 'wal.sqlite');
    const mine = new SqliteDatabase(file, { timeout: 50 });
    const other = new SqliteDatabase(file, { timeout: 50 });
    try {
      mine.exec('PRAGMA journal_mode = WAL; CREATE TABLE n (x INTEGER)');
      let otherWrote: unknown;
      const count = mine.transaction(() => {
        const before = mine.prepare('SELECT count(*) FROM n').pluck().get() as number;
        // Another process writes while this transaction works: it waits for this one, rather than breaking it.
        try {
          other.exec('INSERT INTO n VALUES (1)');
          otherWrote = true;
        } catch (error) {
          otherWrote = (error as { code?: string }).code;
        }
        mine.prepare('INSERT INTO n VALUES (2)').run();
        return before + 1;
      })();
      expect(otherWrote).toBe('SQLITE_BUSY');
      expect(count).toBe(1);
      expect(mine.prepare('SELECT x FROM n').pluck().all()).toEqual([2]);
    } finally {
      mine.close();
      other.close();
    }
  });

  it('a second connection waiting past its busy timeout fails with SQLITE_BUSY', () => {
    const other = new SqliteDatabase(path.join(temp.dir, 'test.sqlite'));
    try {
      other.exec('PRAGMA busy_timeout = 10');
      db.exec('BEGIN IMMEDIATE');
      expect(() => other.exec('BEGIN IMMEDIATE')).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
      db.exec('ROLLBACK');
    } finally {
      other.close();
    }
  });
});
