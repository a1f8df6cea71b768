import fs from 'node:fs/promises';
import { versionOfKey } from '../../../src/paths/versionedKey';
import { groupVersions, type KeptVersionCopy, type VersionGroup } from '../../../src/restore/versions';
import type { AssetRow } from '../../catalog/assetStore';
import { destinationUrl, openDestination } from '../../destinations/openDestinations';
import { UserError } from '../../errors';
import { BufferPool } from '../../fsutil/bufferPool';
import type { Workspace } from '../workspace';

/** A kept version's copy on one destination, with where it is and how its last check went. */
export interface VersionCopy extends KeptVersionCopy {
  location: string;
  local: boolean;
  copiedAt: string;
  /** Why its last check failed; null when it passed or it was never checked since it was kept. */
  failed: string | null;
}

export interface VersionEntry {
  id: string;
  /** Its modification time when it was kept, as ISO 8601 UTC. */
  mtime: string;
  mtimeMs: number;
  size: number;
  xxh64: string;
  /** The content the file has as recorded now. */
  current: boolean;
  copies: VersionCopy[];
}

export interface VersionsReport {
  path: string;
  /** The file on disk now, and the content the catalog records for it. */
  file: { exists: boolean; size: number | null; mtime: string | null; recorded: { size: number; mtime: string; xxh64: string } };
  versions: VersionEntry[];
  /** Said when there are none: why. */
  note: string | null;
}

/**
 * The kept versions of a file (a project file, a catalog: any file protect keeps versions of), newest first,
 * each with its copies per configured destination. A file never protected is a UserError saying so.
 */
export async function listVersions(ws: Workspace, file: string): Promise<VersionsReport> {
  const asset = ws.catalog.assets.list({ kind: 'file', path: file })[0];
  if (asset === undefined) {
    const onDisk = await fs.stat(file).catch(() => undefined);
    throw new UserError(`${file} was never protected by Threefold${onDisk ? '' : ' (and is not on disk)'}: no version of it is kept`);
  }
  const versions = keptVersionsOf(ws, asset).map((g) => entryOf(g, asset));
  const st = await fs.stat(file).catch(() => undefined);
  return {
    path: file,
    file: {
      exists: st?.isFile() === true,
      size: st?.isFile() ? st.size : null,
      mtime: st?.isFile() ? new Date(st.mtimeMs).toISOString() : null,
      recorded: { size: asset.size, mtime: new Date(asset.mtimeMs).toISOString(), xxh64: asset.xxh64 },
    },
    versions,
    note:
      versions.length > 0
        ? null
        : 'no version of it is kept: Threefold keeps versions of project files and catalogs it protects (its copies are restored with `threefold restore`)',
  };
}

/** Every kept version of an asset on the configured destinations, grouped and newest first. */
export function keptVersionsOf(ws: Workspace, asset: AssetRow): Array<VersionGroup<VersionCopy>> {
  const ids = ws.catalog.destinations.ids();
  const failures = new Map(
    ws.catalog.copies
      .list({ kind: 'file', path: asset.path })
      .filter((c) => c.status === 'failed')
      .map((c) => [`${c.destinationUrl} ${c.key}`, c.error ?? 'failed its last check']),
  );
  const pool = new BufferPool(64 * 1024, 1);
  const copies: VersionCopy[] = [];
  for (const config of ws.config.destinations) {
    const url = destinationUrl(config);
    const id = ids.get(url);
    if (id === undefined) continue;
    const kept = ws.catalog.versions.list(asset.id, id);
    if (kept.length === 0) continue;
    const destination = openDestination(config, pool, ws.catalog);
    try {
      for (const v of kept) {
        const version = versionOfKey(v.key);
        if (version === null) continue;
        copies.push({
          destination: config.name,
          key: v.key,
          ...version,
          xxh64: v.xxh64,
          size: v.size,
          location: destination.locate(v.key),
          // A copy read back from its own medium is on a disk here: read before the cloud.
          local: destination.capabilities.readBack,
          copiedAt: v.copiedAt,
          failed: failures.get(`${url} ${v.key}`) ?? null,
        });
      }
    } finally {
      destination.close();
    }
  }
  return groupVersions(copies);
}

function entryOf(g: VersionGroup<VersionCopy>, asset: AssetRow): VersionEntry {
  return {
    id: g.id,
    mtime: new Date(g.mtimeMs).toISOString(),
    mtimeMs: g.mtimeMs,
    size: g.size,
    xxh64: g.xxh64,
    current: g.xxh64 === asset.xxh64 && Math.floor(asset.mtimeMs) === g.mtimeMs,
    copies: g.copies,
  };
}
