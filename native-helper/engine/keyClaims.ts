import os from 'node:os';
import type { KeyClaims, KeyHolder } from '../../src/planning/assignKeys';
import type { CopyTask } from '../../src/planning/planProtect';
import { foldKey } from '../../src/paths/foldKey';
import { escapeReserved, RECORDS_FOLDER } from '../../src/paths/reservedNames';
import type { Catalog } from '../catalog/catalog';
import { FolderRefusedError, type Destination } from '../destinations/destination';

/** Where each home keeps, on a destination, the keys its sources own there: `.threefold/owners/<home id>.json`. */
export const OWNERS_FOLDER = `${RECORDS_FOLDER}/owners`;
const OWNERS_FILE = /^([0-9a-f]{32})\.json$/;
/** Folders listed at once on one destination. */
const LISTINGS_AT_ONCE = 8;

export interface OpenedDestination {
  destination: Destination;
  id: number;
}

interface OwnersRecord {
  home: string;
  host: string;
  keys: Array<[key: string, sourcePath: string]>;
}

/**
 * What a job knows, before it writes, of who holds which key on each destination: the catalog's owners,
 * the other homes' records on the destination (one listing and one read per home), and the files in
 * each folder the job adds copies to (one listing per folder, not a look per file). A destination that
 * cannot be looked at is given back with the reason, and gets nothing in this job.
 */
export async function gatherKeyClaims(
  catalog: Catalog,
  tasks: readonly CopyTask[],
  destinations: ReadonlyMap<string, OpenedDestination>,
): Promise<{ claims: KeyClaims; unusable: Map<string, string> }> {
  const homeId = catalog.homeId();
  const ownKeys = catalog.keyOwners.ownedKeys(tasks.map((t) => t.source.path));
  const NONE = new Map<number, string[]>();
  const ownKeysOf = (sourcePath: string): Map<number, string[]> => ownKeys.get(sourcePath) ?? NONE;
  // Who owns each task's natural key, asked in a few queries; a tagged key is asked on its own (rare).
  const naturalKeys = [...new Set(tasks.map((t) => foldKey(escapeReserved(t.ownerKey))))];
  const holders = new Map<string, Map<string, string[]>>();
  const otherHomes = new Map<string, Map<string, string>>();
  const listed = new Map<string, Map<string, Listing>>();
  const unusable = new Map<string, string>();

  await Promise.all(
    [...destinations].map(async ([name, { destination, id }]) => {
      const folders = new Set<string>();
      for (const task of tasks) {
        if (!task.destinations.includes(name)) continue;
        const own = ownKeysOf(task.source.path);
        const mine = own.get(id) ?? [];
        for (const key of [escapeReserved(task.ownerKey), ...[...own.values()].flat()]) if (!mine.includes(key)) folders.add(folderOf(key));
      }
      if (folders.size === 0) return;
      holders.set(name, catalog.keyOwners.holders(id, naturalKeys));
      try {
        otherHomes.set(name, await readOtherHomes(destination, homeId));
        listed.set(name, await listFolders(destination, [...folders]));
      } catch (error) {
        unusable.set(name, `who owns its paths could not be read (${(error as Error).message}); nothing was copied there`);
      }
    }),
  );
  const asked = new Set(naturalKeys);

  const claims: KeyClaims = {
    ownKeys: (sourcePath, name) => {
      const id = destinations.get(name)?.id;
      return id === undefined ? [] : (ownKeysOf(sourcePath).get(id) ?? []);
    },
    holderOf: (name, key, folded, sourcePath): KeyHolder => {
      const opened = destinations.get(name);
      // A destination that could not be looked at gets nothing in this job: it constrains no key.
      if (opened === undefined || unusable.has(name)) return undefined;
      if ((ownKeysOf(sourcePath).get(opened.id) ?? []).includes(key)) return { mine: true };
      const other = asked.has(folded)
        ? holders
            .get(name)
            ?.get(folded)
            ?.find((p) => p !== sourcePath)
        : catalog.keyOwners.holder(opened.id, folded, sourcePath);
      if (other !== undefined) return { mine: false, holder: `the copy of ${JSON.stringify(other)}` };
      const otherHome = otherHomes.get(name)?.get(folded);
      if (otherHome !== undefined) return { mine: false, holder: otherHome };
      const names = listed.get(name)?.get(folderOf(key));
      if (names === undefined) return { mine: false, holder: 'a folder this job did not look at' };
      // Every write in a refused folder fails with the reason itself, on this destination only.
      if (names === REFUSED_FOLDER) return undefined;
      if (typeof names === 'string') return { mine: false, holder: `a folder that could not be listed (${names})` };
      if (names.has(nameOf(folded))) return { mine: false, holder: 'a file Threefold has not recorded there' };
      return undefined;
    },
  };
  return { claims, unusable };
}

/**
 * Writes this home's record of the keys its sources own on a destination, with the keys this job is
 * about to write there: other homes sharing the destination read it before they give out keys.
 */
export async function publishKeyOwners(catalog: Catalog, opened: OpenedDestination, newKeys: ReadonlyArray<[key: string, sourcePath: string]>): Promise<void> {
  const home = catalog.homeId();
  const keys = new Map(catalog.keyOwners.onDestination(opened.id));
  for (const [key, sourcePath] of newKeys) keys.set(key, sourcePath);
  const record: OwnersRecord = { home, host: os.hostname(), keys: [...keys] };
  await opened.destination.putSmall(`${OWNERS_FOLDER}/${home}.json`, Buffer.from(JSON.stringify(record)));
}

async function readOtherHomes(destination: Destination, homeId: string): Promise<Map<string, string>> {
  const holders = new Map<string, string>();
  for (const file of await destination.names(OWNERS_FOLDER)) {
    const home = OWNERS_FILE.exec(file)?.[1];
    if (home === undefined || home === homeId) continue;
    const data = await destination.getSmall(`${OWNERS_FOLDER}/${file}`);
    if (data === undefined) continue;
    let record: OwnersRecord;
    try {
      record = JSON.parse(data.toString('utf8')) as OwnersRecord;
      if (!Array.isArray(record.keys)) throw new Error('it has no list of keys');
    } catch (error) {
      throw new Error(`${destination.locate(`${OWNERS_FOLDER}/${file}`)} is not a key owners record: ${(error as Error).message}`);
    }
    for (const [key, sourcePath] of record.keys) {
      holders.set(foldKey(String(key)), `the copy of ${JSON.stringify(String(sourcePath))} made by another Threefold home (on ${String(record.host)})`);
    }
  }
  return holders;
}

/** A folder's folded names; REFUSED_FOLDER where no write can go either; the reason it could not be listed. */
type Listing = Set<string> | typeof REFUSED_FOLDER | string;
const REFUSED_FOLDER = Symbol('refused folder');

/** Each folder's listing on its own: one that cannot be listed constrains its own keys only. */
async function listFolders(destination: Destination, folders: readonly string[]): Promise<Map<string, Listing>> {
  const listed = new Map<string, Listing>();
  let next = 0;
  const lister = async (): Promise<void> => {
    while (next < folders.length) {
      const folder = folders[next++]!;
      try {
        listed.set(folder, new Set((await destination.names(folder)).map(foldKey)));
      } catch (error) {
        listed.set(folder, error instanceof FolderRefusedError ? REFUSED_FOLDER : (error as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(LISTINGS_AT_ONCE, folders.length) }, lister));
  return listed;
}

const folderOf = (key: string): string => key.slice(0, Math.max(0, key.lastIndexOf('/')));
const nameOf = (key: string): string => key.slice(key.lastIndexOf('/') + 1);
