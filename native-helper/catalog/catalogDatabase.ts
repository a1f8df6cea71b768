import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors';
import { SqliteDatabase, type SqliteStatement } from '../sqlite/sqliteDatabase';
import { CATALOG_BUSY_TIMEOUT_MS, describeCatalogFailure } from './catalogFailure';
import { registerCatalogFunctions } from './catalogFunctions';
import { migrate } from './migrate';

/** The catalog's SQLite file, opened and migrated, with each statement compiled once. */
export class CatalogDatabase {
  /** Compiled once each: preparing a statement costs more than running it (two per copied file). */
  private readonly statements = new Map<string, SqliteStatement>();
  private readonly rawStatements = new Map<string, SqliteStatement>();

  private constructor(private readonly db: SqliteDatabase) {}

  static open(file: string): CatalogDatabase {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    let db: SqliteDatabase;
    try {
      // Waiting from the first statement: a new catalog's switch to WAL waits for another process opening it too.
      db = new SqliteDatabase(file, { timeout: CATALOG_BUSY_TIMEOUT_MS });
      db.pragma('journal_mode = WAL');
    } catch (error) {
      throw new UserError(describeCatalogFailure(error, file) ?? `cannot open the catalog ${file}: ${(error as Error).message}`);
    }
    // Only its owner may read it: it knows every file and where its copies are.
    for (const f of [file, `${file}-wal`, `${file}-shm`]) if (fs.existsSync(f)) fs.chmodSync(f, 0o600);
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    registerCatalogFunctions(db);
    migrate(db, file);
    return new CatalogDatabase(db);
  }

  statement(sql: string): SqliteStatement {
    let compiled = this.statements.get(sql);
    if (compiled === undefined) {
      compiled = this.db.prepare(sql);
      this.statements.set(sql, compiled);
    }
    return compiled;
  }

  /** A statement whose rows come as arrays of values: on tens of thousands of rows, a third cheaper than objects. */
  rawStatement(sql: string): SqliteStatement {
    let compiled = this.rawStatements.get(sql);
    if (compiled === undefined) {
      compiled = this.db.prepare(sql).raw();
      this.rawStatements.set(sql, compiled);
    }
    return compiled;
  }

  /** Runs statements that take no parameters and return no rows (temporary tables, VACUUM INTO). */
  exec(sql: string): void {
    this.db.exec(sql);
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  close(): void {
    this.db.close();
  }
}
