import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describeFsError, UserError } from '../../errors';
import { SqliteDatabase } from '../../sqlite/sqliteDatabase';

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Runs `read` on a private copy of the catalog (its `.lrcat`, and its `-wal` when present), then removes
 * the copy. The live catalog is never opened by SQLite: even a read-only open of a WAL-mode database
 * creates `-wal`/`-shm` files beside it, and Lightroom may be writing it.
 */
export async function withCatalogCopy<T>(catalogPath: string, read: (db: SqliteDatabase) => T): Promise<T> {
  await requireFile(catalogPath);
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'threefold-lrcat-'));
  try {
    const copy = path.join(folder, 'catalog.lrcat');
    await copyOrFail(catalogPath, copy);
    await copyOrFail(`${catalogPath}-wal`, `${copy}-wal`, { optional: true });
    if (!(await hasSqliteHeader(copy))) throw new UserError(`${catalogPath}: is not a Lightroom catalog (not an SQLite database)`);
    return readCopy(catalogPath, copy, read);
  } finally {
    await fs.rm(folder, { recursive: true, force: true });
  }
}

/**
 * Opens the copy with a plain read-only open, not a `file:…?immutable=1` URI: immutable=1 ignores the
 * -wal file and misses committed rows still in it. The plain open reads them, and the -shm it creates
 * lands in our temp folder.
 */
function readCopy<T>(catalogPath: string, copy: string, read: (db: SqliteDatabase) => T): T {
  let db: SqliteDatabase | undefined;
  try {
    db = new SqliteDatabase(copy, { readonly: true });
    return read(db);
  } catch (error) {
    throw describeSqliteError(catalogPath, error);
  } finally {
    db?.close();
  }
}

/** Recognised by its SQLite code (SqliteDatabase names it). */
function describeSqliteError(catalogPath: string, error: unknown): unknown {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return error;
  if (code === 'SQLITE_NOTADB') return new UserError(`${catalogPath}: is not a Lightroom catalog (not an SQLite database)`);
  if (code.startsWith('SQLITE_CORRUPT')) {
    return new UserError(
      `${catalogPath}: this Lightroom catalog is damaged (SQLite: ${String(message)}); open it in Lightroom Classic to repair it, or use one of its backups`,
    );
  }
  return error;
}

async function requireFile(catalogPath: string): Promise<void> {
  let isFile: boolean;
  try {
    isFile = (await fs.stat(catalogPath)).isFile();
  } catch (error) {
    throw new UserError(`${catalogPath}: cannot read this Lightroom catalog: ${describeFsError(error)}`);
  }
  if (!isFile) throw new UserError(`${catalogPath}: is not a Lightroom catalog (not a file)`);
}

async function copyOrFail(from: string, to: string, { optional = false } = {}): Promise<void> {
  try {
    await fs.copyFile(from, to);
  } catch (error) {
    if (optional && (error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new UserError(`${from}: cannot copy this Lightroom catalog file to read it: ${describeFsError(error)}`);
  }
}

async function hasSqliteHeader(file: string): Promise<boolean> {
  const handle = await fs.open(file, 'r');
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(SQLITE_HEADER.length), 0, SQLITE_HEADER.length, 0);
    return bytesRead === SQLITE_HEADER.length && buffer.equals(SQLITE_HEADER);
  } finally {
    await handle.close();
  }
}
