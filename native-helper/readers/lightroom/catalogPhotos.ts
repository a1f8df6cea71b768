import { CATALOG_MAX_PHOTOS, CATALOG_MAX_TEXT_CHARS, passedLimit } from '../../../src/limits/inputLimits';
import { lightroomFileName } from '../../../src/projects/lightroom/lightroomPaths';
import { UserError } from '../../errors';
import type { SqliteDatabase } from '../../sqlite/sqliteDatabase';
import type { CatalogSchema } from './catalogSchema';

/** One original file of the catalog, in Lightroom's own path form, with the photos that show it. */
export interface CatalogPhoto {
  absolutePath: string;
  pathFromRoot: string;
  baseName: string;
  extension: string;
  sidecarExtensions: string | null;
  /** The file name, then each virtual copy as `IMG_1.CR2 (Copy 1)`; no repeats. */
  names: string[];
}

export interface CatalogPhotos {
  photos: CatalogPhoto[];
  /** Photos whose file, folder or root-folder row is missing: the catalog does not say where they are. */
  unlocated: number;
}

interface PhotoRow {
  fileId: number | null;
  absolutePath: unknown;
  pathFromRoot: unknown;
  baseName: unknown;
  extension: unknown;
  sidecarExtensions: unknown;
  copyName: unknown;
}

/**
 * Every original once: virtual copies share their master's `rootFile`, so photos are grouped by file.
 * Refuses, naming `catalogPath`, a catalog past CATALOG_MAX_PHOTOS rows or CATALOG_MAX_TEXT_CHARS of
 * paths and names kept (each value was measured by readCatalogSchema).
 */
export function readCatalogPhotos(db: SqliteDatabase, schema: CatalogSchema, catalogPath: string): CatalogPhotos {
  const passed = (what: string): never => {
    throw new UserError(passedLimit(catalogPath, what, 'catalog'));
  };
  // One row each: readCatalogSchema checked that every table's id_local is its primary key.
  const photoRows = Number(db.prepare('SELECT count(*) FROM Adobe_images').pluck().get());
  if (photoRows > CATALOG_MAX_PHOTOS) passed(`it has more than ${CATALOG_MAX_PHOTOS.toLocaleString('en')} photos`);
  const rows = db
    .prepare(
      `SELECT f.id_local AS fileId, r.absolutePath, fo.pathFromRoot, f.baseName, f.extension,
         ${schema.hasSidecarExtensions ? 'f.sidecarExtensions' : 'NULL'} AS sidecarExtensions,
         ${schema.hasCopyName ? 'i.copyName' : 'NULL'} AS copyName
       FROM Adobe_images i
       LEFT JOIN AgLibraryFile f ON f.id_local = i.rootFile
       LEFT JOIN AgLibraryFolder fo ON fo.id_local = f.folder
       LEFT JOIN AgLibraryRootFolder r ON r.id_local = fo.rootFolder
       ORDER BY i.id_local`,
    )
    .iterate() as IterableIterator<PhotoRow>;
  const byFile = new Map<number, CatalogPhoto>();
  // Beside each photo's list, so a file with a million rows is not searched a million times.
  const namesByFile = new Map<number, Set<string>>();
  let unlocated = 0;
  let textChars = 0;
  for (const row of rows) {
    if (row.fileId === null || row.absolutePath === null || row.pathFromRoot === null) {
      unlocated++;
      continue;
    }
    let photo = byFile.get(row.fileId);
    if (!photo) {
      photo = newPhoto(row);
      byFile.set(row.fileId, photo);
      namesByFile.set(row.fileId, new Set(photo.names));
      textChars += photo.absolutePath.length + photo.pathFromRoot.length + photo.names[0]!.length + (photo.sidecarExtensions?.length ?? 0);
    }
    const copyName = row.copyName === null ? '' : String(row.copyName).trim();
    const name = copyName === '' ? photo.names[0]! : `${photo.names[0]} (${copyName.normalize('NFC')})`;
    const names = namesByFile.get(row.fileId)!;
    if (!names.has(name)) {
      names.add(name);
      photo.names.push(name);
      textChars += name.length;
    }
    if (textChars > CATALOG_MAX_TEXT_CHARS)
      passed(`the paths and names of its photos are longer than ${CATALOG_MAX_TEXT_CHARS.toLocaleString('en')} characters together`);
  }
  return { photos: [...byFile.values()], unlocated };
}

function newPhoto(row: PhotoRow): CatalogPhoto {
  const baseName = String(row.baseName);
  const extension = String(row.extension);
  return {
    absolutePath: String(row.absolutePath),
    pathFromRoot: String(row.pathFromRoot),
    baseName,
    extension,
    sidecarExtensions: row.sidecarExtensions === null ? null : String(row.sidecarExtensions),
    names: [lightroomFileName(baseName, extension)],
  };
}
