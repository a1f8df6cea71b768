import path from 'node:path';
import { lightroomPhotoPath, lightroomRootPlatform, lightroomSidecarPaths } from '../../../src/projects/lightroom/lightroomPaths';
import { describeLightroomVersion } from '../../../src/projects/lightroom/lightroomVersion';
import type { ProjectReading, ReferencedFile } from '../../../src/projects/projectReading';
import { catalogCompanionFolders, companionFiles } from './catalogCompanions';
import { withCatalogCopy } from './catalogCopy';
import { isProcessAlive } from '../../system/isProcessAlive';
import { checkCatalogLock } from './catalogLock';
import { readCatalogPhotos } from './catalogPhotos';
import { readCatalogSchema } from './catalogSchema';

export interface ReadLightroomCatalogOptions {
  /** Also protect `<name> Previews.lrdata` and `<name> Smart Previews.lrdata` (regenerable, often large). */
  includePreviews?: boolean;
  /** Whether the process named in the lock file runs (tests replace the real check). */
  isProcessAlive?: (pid: number) => boolean;
}

/**
 * Every file a Lightroom Classic catalog depends on: the catalog, its `.lrcat-data`, Mobile Downloads,
 * each original and its sidecars (and previews on request). The catalog is read from a private copy.
 */
export async function readLightroomCatalog(catalogPath: string, options: ReadLightroomCatalogOptions = {}): Promise<ProjectReading> {
  const catalog = path.resolve(catalogPath);
  const { schema, photos, unlocated } = await withCatalogCopy(catalog, (db) => {
    const schema = readCatalogSchema(db, catalog);
    return { schema, ...readCatalogPhotos(db, schema, catalog) };
  });
  const lock = await checkCatalogLock(catalog, options.isProcessAlive ?? isProcessAlive);

  const files = new Map<string, ReferencedFile>();
  // Beside each file's list, so that a path named by a million photos is not searched a million times.
  const clipsByPath = new Map<string, Set<string>>();
  const warnings: string[] = [];
  const add = (file: ReferencedFile): void => {
    const known = files.get(file.path);
    if (!known) {
      files.set(file.path, file);
      clipsByPath.set(file.path, new Set(file.clips));
      return;
    }
    const clips = clipsByPath.get(file.path)!;
    for (const clip of file.clips) {
      if (clips.has(clip)) continue;
      clips.add(clip);
      known.clips.push(clip);
    }
  };
  const addFolder = async (folder: string, role: ReferencedFile['role']): Promise<void> => {
    const found = await companionFiles(folder, role);
    found.files.forEach(add);
    warnings.push(...found.warnings);
  };

  add({ path: catalog.normalize('NFC'), role: 'catalog', clips: [], offline: false, versioned: true, ...(lock.busy ? { busy: lock.busy } : {}) });
  if (lock.warning) warnings.push(lock.warning);
  const companions = catalogCompanionFolders(catalog);
  await addFolder(companions.data, 'catalog');
  await addFolder(companions.mobileDownloads, 'media');
  // Lightroom records no "missing" flag for an original (errorMessage holds read errors, not absence):
  // offline stays false and the planner finds missing originals on disk.
  const sidecars: ReferencedFile[] = [];
  for (const p of photos) {
    const platform = lightroomRootPlatform(p.absolutePath);
    const clips = [...p.names];
    add({
      path: lightroomPhotoPath(p.absolutePath, p.pathFromRoot, p.baseName, p.extension, platform),
      role: 'media',
      clips,
      offline: false,
      versioned: false,
    });
    for (const sidecar of lightroomSidecarPaths(p.absolutePath, p.pathFromRoot, p.baseName, p.sidecarExtensions, platform)) {
      sidecars.push({ path: sidecar, role: 'sidecar', clips: [...clips], offline: false, versioned: false });
    }
  }
  // After every original, so a file that is both an original and a sidecar is reported as an original.
  sidecars.forEach(add);
  if (unlocated > 0) warnings.push(`${unlocated} photo${unlocated === 1 ? '' : 's'} skipped: the catalog does not record where the file is`);
  if (options.includePreviews) for (const folder of companions.previews) await addFolder(folder, 'catalog');

  return {
    kind: 'lightroom',
    project: { name: path.basename(catalog).replace(/\.lrcat$/i, ''), version: schema.dbVersion === null ? null : describeLightroomVersion(schema.dbVersion) },
    files: [...files.values()],
    warnings,
  };
}
