import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { sqliteCodeName } from './sqliteCodes';

/**
 * Node's built-in SQLite (node:sqlite: nothing native to ship beside the executable), with the few habits
 * the catalog and the Lightroom reader rely on: errors named by their SQLite code (`SQLITE_BUSY`…), a
 * statement that returns one column (`pluck`) or arrays (`raw`), and a transaction as a function.
 */
export class SqliteDatabase {
  private readonly db: DatabaseSync;

  /**
   * `timeout`: how long a statement waits for another connection's lock before SQLITE_BUSY, from the first
   * one on (a `PRAGMA busy_timeout` run after opening leaves the pragmas before it waiting for nothing).
   */
  constructor(file: string, options: { readonly?: boolean; timeout?: number } = {}) {
    this.db = named(
      () => new DatabaseSync(file, { readOnly: options.readonly ?? false, ...(options.timeout === undefined ? {} : { timeout: options.timeout }) }),
    );
  }

  prepare(sql: string): SqliteStatement {
    return new SqliteStatement(named(() => this.db.prepare(sql)));
  }

  exec(sql: string): void {
    named(() => this.db.exec(sql));
  }

  /** Runs `PRAGMA <source>`: its rows, or with `simple` the first column of the first. */
  pragma(source: string, options: { simple?: boolean } = {}): unknown {
    const statement = this.prepare(`PRAGMA ${source}`);
    return options.simple ? statement.pluck().get() : statement.all();
  }

  function(name: string, options: { deterministic?: boolean }, implementation: (...args: never[]) => SQLInputValue): void {
    this.db.function(name, options, implementation as (...args: SQLInputValue[]) => SQLInputValue);
  }

  /**
   * `work` as one write transaction (a savepoint inside another): committed when it returns, rolled back
   * when it throws.
   */
  transaction<A extends unknown[], T>(work: (...args: A) => T): (...args: A) => T {
    return (...args) => {
      const nested = this.db.isTransaction;
      // IMMEDIATE: the write lock is waited for (the busy timeout) at the start. A deferred transaction that
      // read first is refused at once (SQLITE_BUSY_SNAPSHOT) when another connection wrote since it read.
      this.exec(nested ? 'SAVEPOINT threefold' : 'BEGIN IMMEDIATE');
      try {
        const result = work(...args);
        this.exec(nested ? 'RELEASE threefold' : 'COMMIT');
        return result;
      } catch (error) {
        if (this.db.isTransaction) this.exec(nested ? 'ROLLBACK TO threefold; RELEASE threefold' : 'ROLLBACK');
        throw error;
      }
    };
  }

  /** Closes it; closing a closed database does nothing. */
  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}

/** A compiled statement; `pluck` and `raw` change how it returns rows from then on. */
export class SqliteStatement {
  private plucked = false;

  constructor(private readonly statement: StatementSync) {
    // Named values the SQL does not use are ignored, not an error: a caller may bind a whole record.
    statement.setAllowUnknownNamedParameters(true);
  }

  /** Rows as their first column's value. */
  pluck(): this {
    this.plucked = true;
    this.statement.setReturnArrays(true);
    return this;
  }

  /** Rows as arrays of values: on tens of thousands of rows, cheaper than objects. */
  raw(): this {
    this.statement.setReturnArrays(true);
    return this;
  }

  /** Numbers, not bigints: this binding never reads integers as bigints. */
  run(...parameters: unknown[]): { changes: number; lastInsertRowid: number } {
    return named(() => this.statement.run(...(parameters as SQLInputValue[]))) as { changes: number; lastInsertRowid: number };
  }

  get(...parameters: unknown[]): unknown {
    const row = named(() => this.statement.get(...(parameters as SQLInputValue[])));
    return this.plucked && row !== undefined ? (row as unknown as unknown[])[0] : row;
  }

  all(...parameters: unknown[]): unknown[] {
    const rows = named(() => this.statement.all(...(parameters as SQLInputValue[]))) as unknown[];
    return this.plucked ? rows.map((row) => (row as unknown[])[0]) : rows;
  }

  /**
   * Rows one at a time. A caller that stops early (a break, a throw) resets the statement: left active, it
   * would hold the connection's read snapshot, so that it saw no later write and could not write itself.
   */
  *iterate(...parameters: unknown[]): IterableIterator<unknown> {
    const rows = named(() => this.statement.iterate(...(parameters as SQLInputValue[])));
    try {
      for (;;) {
        const next = named(() => rows.next());
        if (next.done) return;
        yield this.plucked ? (next.value as unknown as unknown[])[0] : next.value;
      }
    } finally {
      rows.return?.();
    }
  }
}

/** Runs `work`; an SQLite error it throws is given its SQLite code name (`SQLITE_BUSY`…) as `code`. */
function named<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    const errcode = (error as { errcode?: unknown } | null)?.errcode;
    if (typeof errcode === 'number') (error as { code: string }).code = sqliteCodeName(errcode);
    throw error;
  }
}
