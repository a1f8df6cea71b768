import { UserError } from '../errors';
import type { SqliteDatabase } from '../sqlite/sqliteDatabase';
import { MIGRATIONS } from './migrations';

/** Brings the catalog's schema up to this Threefold's, one migration per transaction. */
export function migrate(db: SqliteDatabase, file: string): void {
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
