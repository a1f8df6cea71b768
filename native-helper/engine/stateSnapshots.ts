import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import {
  catalogSnapshotKey,
  configSnapshotKey,
  namesToPrune,
  snapshotDue,
  snapshotGenerations,
  snapshotStamp,
  STATE_GENERATIONS,
  STATE_SNAPSHOT_INTERVAL_MS,
  stateFolder,
} from '../../src/paths/stateSnapshots';
import { withoutSecrets } from '../../src/records/withoutSecrets';
import type { Catalog } from '../catalog/catalog';
import type { DestinationConfig, ThreefoldConfig } from '../config/config';
import type { Destination } from '../destinations/destination';
import { openDestination } from '../destinations/openDestinations';
import { BufferPool } from '../fsutil/bufferPool';
import type { Workspace } from './workspace';

export interface StateSnapshotOptions {
  now?: Date;
  intervalMs?: number;
  keep?: number;
}

/** What putting the state on the destinations did: where it went, and a warning for each destination it could not go to. */
export interface StateSnapshotOutcome {
  written: string[];
  /** Destinations skipped because their newest snapshot is recent (the interval). */
  recent: string[];
  warnings: string[];
}

/**
 * Puts this home's state on each destination: a consistent snapshot of the catalog (VACUUM INTO, gzip) and
 * the config without secrets, under `.threefold/state/<home id>/`, keeping the newest generations. Made
 * once, put on every destination whose newest snapshot is older than the interval. Never throws: a failure is
 * a warning, since the job it follows has done its work.
 */
export async function putStateSnapshots(
  catalog: Catalog,
  config: ThreefoldConfig,
  destinations: readonly Destination[],
  options: StateSnapshotOptions = {},
): Promise<StateSnapshotOutcome> {
  const now = options.now ?? new Date();
  const keep = options.keep ?? STATE_GENERATIONS;
  const outcome: StateSnapshotOutcome = { written: [], recent: [], warnings: [] };
  const home = catalog.homeId();
  const stamp = snapshotStamp(now);
  const due: Array<{ destination: Destination; names: string[] }> = [];
  for (const destination of destinations) {
    try {
      const names = await destination.names(stateFolder(home));
      if (snapshotDue(snapshotGenerations(names), now, options.intervalMs ?? STATE_SNAPSHOT_INTERVAL_MS)) due.push({ destination, names });
      else outcome.recent.push(destination.info.name);
    } catch (error) {
      outcome.warnings.push(stateWarning(destination, error));
    }
  }
  if (due.length === 0) return outcome;
  let folder: string | undefined;
  try {
    folder = await fsp.mkdtemp(path.join(os.tmpdir(), 'threefold-state-'));
    const compressed = await compressedCatalogSnapshot(catalog, folder);
    const configJson = Buffer.from(`${JSON.stringify(withoutSecrets(config), null, 2)}\n`);
    for (const { destination, names } of due) {
      try {
        await destination.putFile(catalogSnapshotKey(home, stamp), compressed);
        await destination.putSmall(configSnapshotKey(home, stamp), configJson);
        outcome.written.push(destination.info.name);
        const kept = snapshotGenerations([...names, `catalog-${stamp}.sqlite.gz`]).slice(0, keep);
        for (const name of namesToPrune(names, kept)) await destination.remove(`${stateFolder(home)}/${name}`);
      } catch (error) {
        outcome.warnings.push(stateWarning(destination, error));
      }
    }
  } catch (error) {
    outcome.warnings.push(`the catalog could not be snapshotted for the destinations: ${(error as Error).message}`);
  } finally {
    if (folder !== undefined) await fsp.rm(folder, { recursive: true, force: true });
  }
  return outcome;
}

/** The catalog as of now, in a gzip file of its own in `folder`. */
async function compressedCatalogSnapshot(catalog: Catalog, folder: string): Promise<string> {
  const snapshot = path.join(folder, 'catalog.sqlite');
  catalog.rebuild.snapshotInto(snapshot);
  const compressed = `${snapshot}.gz`;
  await pipeline(fs.createReadStream(snapshot), zlib.createGzip({ level: 6 }), fs.createWriteStream(compressed, { flags: 'wx', mode: 0o600 }));
  await fsp.rm(snapshot);
  return compressed;
}

function stateWarning(destination: Destination, error: unknown): string {
  return `${destination.info.name}: Threefold's own state (catalog and config) could not be put there: ${(error as Error).message}`;
}

/**
 * After a job that changed the catalog: the state put on the destinations the job reached, opened for this
 * alone. Returns the warnings.
 */
export async function snapshotStateAfterJob(ws: Workspace, reached: readonly DestinationConfig[], options: StateSnapshotOptions = {}): Promise<string[]> {
  const pool = new BufferPool(STATE_BUFFER, 1);
  const opened: Destination[] = [];
  try {
    for (const config of reached) opened.push(openDestination(config, pool, ws.catalog));
    return (await putStateSnapshots(ws.catalog, ws.config, opened, options)).warnings;
  } catch (error) {
    return [`Threefold's own state (catalog and config) could not be put on the destinations: ${(error as Error).message}`];
  } finally {
    for (const destination of opened) destination.close();
  }
}

/** The state is put with putFile and putSmall, which need no buffers of the pool's. */
const STATE_BUFFER = 64 * 1024;
