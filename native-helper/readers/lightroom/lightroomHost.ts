import fs from 'node:fs/promises';
import path from 'node:path';
import { newestBackupFolder, xmpSidecarPath } from '../../../src/projects/lightroom/lightroomHostFiles';
import type { ReferencedFile } from '../../../src/projects/projectReading';
import type { MediaRef } from '../../../src/protocol/messages';
import { isProcessAlive } from '../../system/isProcessAlive';
import { catalogCompanionFolders, companionFiles } from './catalogCompanions';
import { checkCatalogLock } from './catalogLock';

export interface LightroomHostFiles {
  files: ReferencedFile[];
  warnings: string[];
}

const STAT_BATCH = 64;

/**
 * The files a Lightroom Classic plug-in listed (the catalog, originals: paths from the SDK, so the live
 * catalog is never opened), completed as the catalog reader would: each original's XMP sidecar when it is
 * there, the catalog versioned with its `.lrcat-data` and Mobile Downloads, and the catalog marked busy
 * while Lightroom has it open. A busy catalog's newest backup (Lightroom makes them on quitting, in
 * `Backups/` beside it) is protected meanwhile: a consistent copy of the catalog.
 */
export async function lightroomHostFiles(media: readonly MediaRef[], isAlive: (pid: number) => boolean = isProcessAlive): Promise<LightroomHostFiles> {
  const files = new Map<string, ReferencedFile>();
  const warnings: string[] = [];
  const add = (file: ReferencedFile): void => {
    if (!files.has(file.path)) files.set(file.path, file);
  };
  const addFolder = async (folder: string, role: ReferencedFile['role']): Promise<void> => {
    const found = await companionFiles(folder, role);
    found.files.forEach(add);
    warnings.push(...found.warnings);
  };

  for (const ref of media.filter((m) => m.role === 'catalog')) {
    const catalog = path.resolve(ref.path);
    const lock = await checkCatalogLock(catalog, isAlive);
    add({ path: catalog, role: 'catalog', clips: [], offline: false, versioned: true, ...(lock.busy ? { busy: lock.busy } : {}) });
    if (lock.warning) warnings.push(lock.warning);
    const companions = catalogCompanionFolders(catalog);
    await addFolder(companions.data, 'catalog');
    await addFolder(companions.mobileDownloads, 'media');
    if (lock.busy) warnings.push(await addNewestBackup(catalog, add));
  }
  const others = media.filter((m) => m.role !== 'catalog').map((m) => ({ ...m, path: path.resolve(m.path) }));
  for (const m of others) add({ path: m.path, role: m.role, clips: m.clips, offline: m.offline, versioned: m.role === 'project' });
  // After every listed file, so an original that looks like another's sidecar keeps its own role.
  const originals = others.filter((m) => m.role === 'media');
  for (let i = 0; i < originals.length; i += STAT_BATCH) {
    const batch = originals.slice(i, i + STAT_BATCH);
    const sidecars = await Promise.all(batch.map(async (m) => ({ m, sidecar: await presentFile(xmpSidecarPath(m.path)) })));
    for (const { m, sidecar } of sidecars) if (sidecar) add({ path: sidecar, role: 'sidecar', clips: m.clips, offline: false, versioned: false });
  }
  return { files: [...files.values()], warnings };
}

/** Adds the files of the newest `Backups/<date time>/` folder beside the catalog; says what it found. */
async function addNewestBackup(catalog: string, add: (file: ReferencedFile) => void): Promise<string> {
  const backups = path.join(path.dirname(catalog), 'Backups');
  const names = await fs.readdir(backups).catch(() => [] as string[]);
  const newest = newestBackupFolder(names);
  if (newest === null) {
    return `${catalog}: no Lightroom catalog backup found in ${backups} (Lightroom makes one when it quits, if its catalog settings ask it to)`;
  }
  const folder = path.join(backups, newest);
  const entries = await fs.readdir(folder, { withFileTypes: true }).catch(() => []);
  for (const entry of entries.filter((e) => e.isFile())) {
    add({ path: path.join(folder, entry.name), role: 'catalog', clips: [], offline: false, versioned: false });
  }
  return `${catalog}: Lightroom's latest catalog backup (${newest}) stands in for the catalog until Lightroom quits`;
}

async function presentFile(candidate: string | null): Promise<string | null> {
  if (candidate === null) return null;
  const st = await fs.stat(candidate).catch(() => undefined);
  return st?.isFile() ? candidate : null;
}
