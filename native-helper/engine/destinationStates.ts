/**
 * What a client lists of each configured destination: its configuration, whether a local folder is there
 * now, its volume's free space, and when it last received a copy (the catalog). A bucket is not asked over
 * the network here: listing must stay quick, and `destinations.test` is the way to try one.
 */
import fs from 'node:fs/promises';
import type { DestinationInfo } from '../../src/protocol/messages';
import type { Catalog } from '../catalog/catalog';
import { destinationWhere, localDestinationFolders, type DestinationConfig, type ThreefoldConfig } from '../config/config';
import { backendOf } from '../destinations/backends';
import { destinationUrl } from '../destinations/openDestinations';

/** A destination as configured, without what is looked up now. */
export function destinationInfo(d: DestinationConfig): DestinationInfo {
  const detail = backendOf(d).listNote(d).trim();
  return { name: d.name, kind: d.kind, where: destinationWhere(d), media: d.media, offsite: d.offsite, ...(detail ? { detail } : {}) };
}

export async function destinationStates(config: ThreefoldConfig, catalog: Catalog): Promise<DestinationInfo[]> {
  const ids = catalog.destinations.ids();
  const lastCopies = catalog.copies.lastCopiedAt();
  return Promise.all(
    config.destinations.map(async (d) => {
      const id = ids.get(destinationUrl(d));
      const lastCopyAt = id === undefined ? null : (lastCopies.get(id) ?? null);
      const [folder] = localDestinationFolders([d]);
      const local = folder === undefined ? { connected: null, freeBytes: null } : await folderState(folder);
      return { ...destinationInfo(d), ...local, lastCopyAt };
    }),
  );
}

/** A folder that is a directory now (an unplugged disk's is not), and the free bytes of its volume. */
async function folderState(folder: string): Promise<{ connected: boolean; freeBytes: number | null }> {
  try {
    if (!(await fs.stat(folder)).isDirectory()) return { connected: false, freeBytes: null };
  } catch {
    return { connected: false, freeBytes: null };
  }
  try {
    const stats = await fs.statfs(folder);
    return { connected: true, freeBytes: stats.bavail * stats.bsize };
  } catch {
    return { connected: true, freeBytes: null };
  }
}
