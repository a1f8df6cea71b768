import type Database from 'better-sqlite3';
import { UserError } from '../../errors';

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

/**
 * Checks the catalog has every required table and column (found by name with `PRAGMA table_info`,
 * since column sets change between Lightroom versions) and notes which optional ones exist.
 */
export function readCatalogSchema(db: Database.Database, catalogPath: string): CatalogSchema {
  const columns = (table: string): Set<string> =>
    new Set((db.pragma(`table_info(${table})`) as Array<{ name: string }>).map((c) => c.name.toLowerCase()));
  const tables = new Map(Object.keys(REQUIRED_COLUMNS).map((table) => [table, columns(table)]));
  if ([...tables.values()].every((found) => found.size === 0)) {
    throw new UserError(`${catalogPath}: is not a Lightroom catalog (an SQLite database without Lightroom's tables)`);
  }
  const dbVersion = readDbVersion(db, columns('Adobe_variablesTable'));
  const problems: string[] = [];
  for (const [table, required] of Object.entries(REQUIRED_COLUMNS)) {
    const found = tables.get(table)!;
    const missing = required.filter((c) => !found.has(c.toLowerCase()));
    if (found.size === 0) problems.push(`table ${table} is missing`);
    else if (missing.length > 0) problems.push(`table ${table} has no column ${missing.join(', ')}`);
  }
  if (problems.length > 0) {
    throw new UserError(`${catalogPath}: unknown Lightroom catalog schema (Adobe_DBVersion ${dbVersion ?? 'not recorded'}): ${problems.join('; ')}`);
  }
  return {
    dbVersion,
    hasSidecarExtensions: tables.get('AgLibraryFile')!.has('sidecarextensions'),
    hasCopyName: tables.get('Adobe_images')!.has('copyname'),
  };
}

function readDbVersion(db: Database.Database, variableColumns: Set<string>): string | null {
  if (!variableColumns.has('name') || !variableColumns.has('value')) return null;
  const value: unknown = db.prepare(`SELECT value FROM Adobe_variablesTable WHERE name = 'Adobe_DBVersion' LIMIT 1`).pluck().get();
  return value === undefined || value === null ? null : String(value);
}
