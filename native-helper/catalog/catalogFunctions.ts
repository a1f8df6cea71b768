import { foldKey } from '../../src/paths/foldKey';
import { ownerKeyOf } from '../../src/paths/versionedKey';
import type { SqliteDatabase } from '../sqlite/sqliteDatabase';

/** The pure rules SQL needs (migrations and queries call them by these names). */
export function registerCatalogFunctions(db: SqliteDatabase): void {
  db.function('threefold_fold_key', { deterministic: true }, (key: unknown) => foldKey(String(key)));
  db.function('threefold_owner_key', { deterministic: true }, (key: unknown) => ownerKeyOf(String(key)));
}
