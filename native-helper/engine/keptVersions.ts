import type { Catalog } from '../catalog/catalog';
import type { Destination } from '../destinations/destination';

/** Versions of a project file or catalog kept on each destination: a month of daily saves. */
export const KEEP_VERSIONS = 30;

/** A versioned asset given a new version on a destination by this job. */
export interface NewVersion {
  assetId: number;
  destinationId: number;
  destination: string;
}

/** Removes the oldest versions beyond KEEP_VERSIONS; a removal that fails is retried on a later run. */
export async function pruneVersions(
  catalog: Catalog,
  newVersions: readonly NewVersion[],
  destinations: ReadonlyMap<string, Destination>,
  warnings: string[],
): Promise<void> {
  for (const { assetId, destinationId, destination } of newVersions) {
    for (const old of catalog.versions.beyond(assetId, destinationId, KEEP_VERSIONS)) {
      try {
        await destinations.get(destination)!.remove(old.key);
        catalog.versions.forget(old.id);
      } catch (error) {
        warnings.push(`${destination}: an old version (${old.key}) could not be removed: ${(error as Error).message}`);
      }
    }
  }
}
