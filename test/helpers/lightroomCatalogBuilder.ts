import fs from 'node:fs';
import path from 'node:path';
import { SqliteDatabase } from '../../native-helper/sqlite/sqliteDatabase';

/** One original in a test catalog, in Lightroom's own path form. */
export interface CatalogPhotoSpec {
  /** `AgLibraryRootFolder.absolutePath`: forward slashes, ending with `/` ('C:/Users/me/Pictures/'). */
  root: string;
  /** `AgLibraryFolder.pathFromRoot`: '' for the root itself, else ending with `/`. */
  folder: string;
  baseName: string;
  extension: string;
  /** `AgLibraryFile.sidecarExtensions` ('JPG,xmp'). */
  sidecarExtensions?: string;
  /** `copyName` of each virtual copy (null: a copy without a name). */
  virtualCopies?: Array<string | null>;
}

export interface LightroomCatalogSpec {
  /** The catalog is `<folder>/<name>.lrcat`. */
  name?: string;
  /** `Adobe_DBVersion`; '0700003' also leaves out `AgLibraryFile.sidecarExtensions`, as old catalogs do. null: no row. */
  dbVersion?: string | null;
  photos?: CatalogPhotoSpec[];
  /** 'wal' leaves the catalog in WAL mode (as Lightroom does); implied by `walOnlyPhotos`. */
  journal?: 'delete' | 'wal';
  /** Written last with checkpoints off and the connection left open: only the -wal file holds them, until `close()`. */
  walOnlyPhotos?: CatalogPhotoSpec[];
  /** Columns ('AgLibraryFile.baseName') or whole tables ('AgLibraryFile') left out, to mimic an unknown schema. */
  omit?: string[];
  /** Writes `<name>.lrcat.lock` with an app path and this PID; null writes a lock without a PID. */
  lockPid?: number | null;
}

export interface BuiltCatalog {
  path: string;
  /** Closes the connection kept open for `walOnlyPhotos` (SQLite then checkpoints and removes the -wal). */
  close: () => void;
}

// The reference DDL (LrC 11), one column definition per entry; the first word is the column's name.
const TABLES: Record<string, string[]> = {
  AgLibraryRootFolder: [
    'id_local INTEGER PRIMARY KEY',
    'id_global UNIQUE NOT NULL',
    "absolutePath UNIQUE NOT NULL DEFAULT ''",
    "name NOT NULL DEFAULT ''",
    'relativePathFromCatalog',
  ],
  AgLibraryFolder: [
    'id_local INTEGER PRIMARY KEY',
    'id_global UNIQUE NOT NULL',
    'parentId INTEGER',
    "pathFromRoot NOT NULL DEFAULT ''",
    'rootFolder INTEGER NOT NULL DEFAULT 0',
    'visibility INTEGER',
  ],
  AgLibraryFile: [
    'id_local INTEGER PRIMARY KEY',
    'id_global UNIQUE NOT NULL',
    "baseName NOT NULL DEFAULT ''",
    'errorMessage',
    'errorTime',
    "extension NOT NULL DEFAULT ''",
    'externalModTime',
    'folder INTEGER NOT NULL DEFAULT 0',
    "idx_filename NOT NULL DEFAULT ''",
    'importHash',
    "lc_idx_filename NOT NULL DEFAULT ''",
    "lc_idx_filenameExtension NOT NULL DEFAULT ''",
    'md5',
    'modTime',
    "originalFilename NOT NULL DEFAULT ''",
    'sidecarExtensions',
  ],
  Adobe_images: [
    'id_local INTEGER PRIMARY KEY',
    'id_global UNIQUE NOT NULL',
    'captureTime',
    'copyName',
    "fileFormat NOT NULL DEFAULT 'unset'",
    'masterImage INTEGER',
    'rootFile INTEGER NOT NULL DEFAULT 0',
  ],
  Adobe_variablesTable: ['id_local INTEGER PRIMARY KEY', 'id_global UNIQUE NOT NULL', 'name', 'type', "value NOT NULL DEFAULT ''"],
};

export const LOCK_APP_PATH = '/Applications/Adobe Lightroom Classic/Adobe Lightroom Classic 2024.app';

/** Writes `<folder>/<name>.lrcat` with SQLite, as Lightroom Classic would lay it out. */
export function buildLightroomCatalog(folder: string, spec: LightroomCatalogSpec = {}): BuiltCatalog {
  const catalogPath = path.join(folder, `${spec.name ?? 'Photos'}.lrcat`);
  const dbVersion = spec.dbVersion === undefined ? '1100000' : spec.dbVersion;
  const omit = new Set([...(spec.omit ?? []), ...(dbVersion === '0700003' ? ['AgLibraryFile.sidecarExtensions'] : [])]);
  fs.mkdirSync(folder, { recursive: true });
  const db = new SqliteDatabase(catalogPath);
  const writer = new CatalogWriter(db, omit);
  if (spec.journal === 'wal' || spec.walOnlyPhotos) db.pragma('journal_mode = WAL');
  if (dbVersion !== null) writer.insert('Adobe_variablesTable', { name: 'Adobe_DBVersion', type: 'string', value: dbVersion });
  for (const photo of spec.photos ?? []) writer.addPhoto(photo);
  if (spec.lockPid !== undefined) {
    const pid = spec.lockPid === null ? '' : String(spec.lockPid);
    fs.writeFileSync(`${catalogPath}.lock`, `${LOCK_APP_PATH}\n${pid}\n`);
  }
  if (!spec.walOnlyPhotos) {
    db.close();
    return { path: catalogPath, close: () => undefined };
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('wal_autocheckpoint = 0');
  for (const photo of spec.walOnlyPhotos) writer.addPhoto(photo);
  return { path: catalogPath, close: () => db.close() };
}

class CatalogWriter {
  private nextGlobalId = 1;
  private readonly roots = new Map<string, number>();
  private readonly folders = new Map<string, number>();

  constructor(
    private readonly db: SqliteDatabase,
    private readonly omit: ReadonlySet<string>,
  ) {
    for (const [table, columns] of Object.entries(TABLES)) {
      if (omit.has(table)) continue;
      const kept = columns.filter((c) => !omit.has(`${table}.${c.split(' ')[0]}`));
      db.exec(`CREATE TABLE ${table} (${kept.join(', ')})`);
    }
  }

  addPhoto(photo: CatalogPhotoSpec): void {
    const rootId = this.rootId(photo.root);
    const folderId = this.folderId(rootId, photo.folder);
    const fileName = `${photo.baseName}.${photo.extension}`;
    const fileId = this.insert('AgLibraryFile', {
      baseName: photo.baseName,
      extension: photo.extension,
      folder: folderId,
      idx_filename: fileName,
      lc_idx_filename: fileName.toLowerCase(),
      lc_idx_filenameExtension: photo.extension.toLowerCase(),
      originalFilename: fileName,
      sidecarExtensions: photo.sidecarExtensions ?? null,
    });
    const masterId = this.insert('Adobe_images', { rootFile: fileId, fileFormat: photo.extension.toUpperCase() });
    for (const copyName of photo.virtualCopies ?? []) {
      this.insert('Adobe_images', { rootFile: fileId, fileFormat: photo.extension.toUpperCase(), masterImage: masterId, copyName });
    }
  }

  /** Inserts the values whose columns exist; returns the new row's id_local. */
  insert(table: string, values: Record<string, unknown>): number {
    if (this.omit.has(table)) return 0;
    const row = Object.entries({ id_global: `G-${this.nextGlobalId++}`, ...values }).filter(([c]) => !this.omit.has(`${table}.${c}`));
    const sql = `INSERT INTO ${table} (${row.map(([c]) => c).join(', ')}) VALUES (${row.map(() => '?').join(', ')})`;
    return Number(this.db.prepare(sql).run(...row.map(([, v]) => v)).lastInsertRowid);
  }

  private rootId(absolutePath: string): number {
    let id = this.roots.get(absolutePath);
    if (id === undefined) {
      const name =
        absolutePath
          .split('/')
          .filter((s) => s !== '')
          .pop() ?? absolutePath;
      id = this.insert('AgLibraryRootFolder', { absolutePath, name });
      this.roots.set(absolutePath, id);
    }
    return id;
  }

  private folderId(rootId: number, pathFromRoot: string): number {
    const key = `${rootId}\n${pathFromRoot}`;
    let id = this.folders.get(key);
    if (id === undefined) {
      id = this.insert('AgLibraryFolder', { pathFromRoot, rootFolder: rootId });
      this.folders.set(key, id);
    }
    return id;
  }
}
