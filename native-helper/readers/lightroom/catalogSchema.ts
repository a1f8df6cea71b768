import { CATALOG_FIELD_MAX_BYTES, passedLimit } from '../../../src/limits/inputLimits';
import { UserError } from '../../errors';
import type { SqliteDatabase } from '../../sqlite/sqliteDatabase';

/** What this reader learned about a catalog's tables before reading its photos. */
export interface CatalogSchema {
  /** `Adobe_DBVersion` as stored ('1100000'); null when the catalog does not record it. */
  dbVersion: string | null;
  /** `AgLibraryFile.sidecarExtensions` exists (old catalogs lack it). */
  hasSidecarExtensions: boolean;
  /** `Adobe_images.copyName` exists (the names of virtual copies). */
  hasCopyName: boolean;
}

/** The columns the photo paths are built from: without any of them the catalog cannot be read safely. */
const REQUIRED_COLUMNS: Record<string, string[]> = {
  Adobe_images: ['id_local', 'rootFile'],
  AgLibraryFile: ['id_local', 'baseName', 'extension', 'folder'],
  AgLibraryFolder: ['id_local', 'pathFromRoot', 'rootFolder'],
  AgLibraryRootFolder: ['id_local', 'absolutePath'],
};

/** Read when present. */
const OPTIONAL_COLUMNS: Record<string, string[]> = {
  Adobe_images: ['copyName'],
  AgLibraryFile: ['sidecarExtensions'],
};

const VARIABLES = 'Adobe_variablesTable';
const VERSION_MAX_BYTES = 64;

interface Column {
  name: string;
  /** 1 for the primary key's (first) column. */
  pk: number;
  /** 0: stored; 1: hidden (a virtual table's); 2, 3: generated, computed from an expression. */
  hidden: number;
}

/**
 * Checks the catalog has every required table and column (found by name with `PRAGMA table_xinfo`, since
 * column sets change between Lightroom versions) and notes which optional ones exist. Each must be a stored
 * column of an ordinary table: a view or a generated column is an expression that could compute anything.
 * Each table's `id_local` must be its primary key, so a photo is one row of the join.
 * Every value the reader will load is measured first (its length is in the record's header: measuring
 * loads nothing) and a catalog holding one past CATALOG_FIELD_MAX_BYTES is refused.
 */
export function readCatalogSchema(db: SqliteDatabase, catalogPath: string): CatalogSchema {
  const kinds = new Map(
    (db.pragma('table_list') as Array<{ schema: string; name: string; type: string }>)
      .filter((t) => t.schema === 'main')
      .map((t) => [t.name.toLowerCase(), t.type]),
  );
  const columns = (table: string): Map<string, Column> => new Map((db.pragma(`table_xinfo(${table})`) as Column[]).map((c) => [c.name.toLowerCase(), c]));
  const tables = new Map(Object.keys(REQUIRED_COLUMNS).map((table) => [table, columns(table)]));
  if ([...tables.values()].every((found) => found.size === 0)) {
    throw new UserError(`${catalogPath}: is not a Lightroom catalog (an SQLite database without Lightroom's tables)`);
  }
  const variableColumns = columns(VARIABLES);
  const readsVersion = kinds.get(VARIABLES.toLowerCase()) === 'table' && storedColumns(variableColumns, ['name', 'value']);
  const dbVersion = readsVersion ? readDbVersion(db) : null;
  const problems: string[] = [];
  for (const [table, required] of Object.entries(REQUIRED_COLUMNS)) {
    const found = tables.get(table)!;
    const missing = required.filter((c) => !found.has(c.toLowerCase()));
    const computed = [...required, ...(OPTIONAL_COLUMNS[table] ?? [])].filter((c) => (found.get(c.toLowerCase())?.hidden ?? 0) !== 0);
    if (found.size === 0) problems.push(`table ${table} is missing`);
    else if (kinds.get(table.toLowerCase()) !== 'table') problems.push(`${table} is a ${kinds.get(table.toLowerCase()) ?? 'thing'}, not a table`);
    else if (missing.length > 0) problems.push(`table ${table} has no column ${missing.join(', ')}`);
    else if (computed.length > 0) problems.push(`table ${table} computes its column ${computed.join(', ')}`);
    // The joins take one row of each table for a photo: ids that repeat would multiply the rows.
    else if (found.get('id_local')!.pk !== 1) problems.push(`table ${table} has id_local, but not as its primary key`);
  }
  if (problems.length > 0) {
    throw new UserError(`${catalogPath}: unknown Lightroom catalog schema (Adobe_DBVersion ${dbVersion ?? 'not recorded'}): ${problems.join('; ')}`);
  }
  for (const [table, required] of Object.entries(REQUIRED_COLUMNS)) {
    const read = [...required, ...(OPTIONAL_COLUMNS[table] ?? []).filter((c) => tables.get(table)!.has(c.toLowerCase()))];
    requireShortValues(db, catalogPath, table, read);
  }
  return {
    dbVersion,
    hasSidecarExtensions: tables.get('AgLibraryFile')!.has('sidecarextensions'),
    hasCopyName: tables.get('Adobe_images')!.has('copyname'),
  };
}

function storedColumns(found: Map<string, Column>, names: string[]): boolean {
  return names.every((name) => found.get(name)?.hidden === 0);
}

/** The version when its row is sound; the name is measured before it is compared, the value before it is read. */
function readDbVersion(db: SqliteDatabase): string | null {
  const value: unknown = db
    .prepare(
      `SELECT CASE WHEN octet_length(value) <= ${VERSION_MAX_BYTES} THEN value END FROM ${VARIABLES} WHERE octet_length(name) = 15 AND name = 'Adobe_DBVersion' LIMIT 1`,
    )
    .pluck()
    .get();
  return value === undefined || value === null ? null : String(value);
}

function requireShortValues(db: SqliteDatabase, catalogPath: string, table: string, columns: string[]): void {
  const tooLong = columns.map((c) => `octet_length(${c}) > ${CATALOG_FIELD_MAX_BYTES}`).join(' OR ');
  const column: unknown = db
    .prepare(
      `SELECT CASE ${columns.map((c) => `WHEN octet_length(${c}) > ${CATALOG_FIELD_MAX_BYTES} THEN '${c}'`).join(' ')} END FROM ${table} WHERE ${tooLong} LIMIT 1`,
    )
    .pluck()
    .get();
  if (column !== undefined) {
    throw new UserError(
      passedLimit(catalogPath, `a value of ${table}.${String(column)} is longer than ${CATALOG_FIELD_MAX_BYTES.toLocaleString('en')} bytes`, 'catalog'),
    );
  }
}
