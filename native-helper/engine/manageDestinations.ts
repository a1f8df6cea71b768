import fs from 'node:fs/promises';
import path from 'node:path';
import { tooWideDestination } from '../../src/paths/containment';
import { parseS3Url } from '../../src/paths/parseS3Url';
import { rootsOverlap } from '../../src/paths/rootOverlap';
import { s3PlacesOverlap, s3StorageKey } from '../../src/paths/s3StorageKey';
import { Catalog } from '../catalog/catalog';
import { nullUploadJournal } from '../destinations/s3/uploadJournal';
import { s3DestinationClass } from '../destinations/s3/loadS3Destination';
import { testDestination, type DestinationVerdict } from '../destinations/testDestination';
import { openDestination } from '../destinations/openDestinations';
import type { Destination } from '../destinations/destination';
import { LocalFolderDestination } from '../destinations/localFolder';
import { localRootIdentity, readMounts } from '../destinations/localRootIdentity';
import { reachDestination } from './reachDestination';
import { BufferPool } from '../fsutil/bufferPool';
import type { Workspace } from './workspace';
import { describeFsError, UserError } from '../errors';
import { withConfigLock } from '../config/configLock';
import {
  catalogPath,
  destinationWhere,
  loadConfig,
  MEDIA_PATTERN,
  NAME_PATTERN,
  parseDestination,
  saveConfig,
  selectDestinations,
  type DestinationConfig,
  type S3DestinationConfig,
} from '../config/config';

/** What `dest add` (and the panel's "Add destination") asks for. */
export interface DestinationSpec {
  name: string;
  /** An existing, writable folder, or s3://bucket/prefix. */
  where: string;
  media?: string;
  offsite?: boolean;
  onsite?: boolean;
  endpoint?: string;
  region?: string;
  profile?: string;
  pathStyle?: boolean;
}

/** Checks a new destination (the folder is writable, the bucket answers) and saves it in config.json. */
export async function addDestination(home: string, spec: DestinationSpec): Promise<DestinationConfig> {
  const config = await loadConfig(home);
  const { name } = spec;
  if (!NAME_PATTERN.test(name)) throw new UserError(`"${name}" is not a valid name: use letters, digits, ".", "_" or "-"`);
  if (spec.media !== undefined && !MEDIA_PATTERN.test(spec.media)) {
    throw new UserError(`"${spec.media}" is not a valid media label: lowercase letters, digits or "-" (ssd, hdd, raid, nas, cloud, …)`);
  }
  if (config.destinations.some((d) => d.name === name)) throw new UserError(`a destination named "${name}" exists already`);
  const s3 = parseS3Url(spec.where);
  if (s3) {
    // One bucket and prefix however its endpoint is spelled (localhost or 127.0.0.1, a trailing slash…).
    const place = s3StorageKey({ ...s3, endpoint: spec.endpoint });
    const same = config.destinations.find((d): d is S3DestinationConfig => d.kind === 's3' && s3StorageKey(d) === place);
    if (same) throw new UserError(`s3://${s3.bucket}/${s3.prefix} is destination "${same.name}" already${same.endpoint ? ` (at ${same.endpoint})` : ''}`);
    // A prefix inside another destination's (or holding it) is that storage too: its copies would count twice.
    const nested = config.destinations.find((d): d is S3DestinationConfig => d.kind === 's3' && s3PlacesOverlap(d, { ...s3, endpoint: spec.endpoint }));
    if (nested) {
      throw new UserError(
        `s3://${s3.bucket}/${s3.prefix} overlaps destination "${nested.name}" (${destinationWhere(nested)}): destinations must be separate places, not one bucket's prefix and a prefix inside it`,
      );
    }
  }
  const added = s3 ? await s3Destination(name, s3, spec) : await localDestination(home, name, spec.where, spec, config.destinations);
  await claimIdentity(home, config.destinations, added);
  // Read again under the lock: the CLI or the helper may have changed the file while the bucket was tried.
  return withConfigLock(home, async () => {
    const latest = await loadConfig(home);
    if (latest.destinations.some((d) => d.name === name)) throw new UserError(`a destination named "${name}" exists already`);
    await saveConfig(home, { ...latest, destinations: [...latest.destinations, added] });
    return added;
  });
}

/** Stops using a destination; its files are left untouched. */
export async function removeDestination(home: string, name: string): Promise<DestinationConfig> {
  return withConfigLock(home, async () => {
    const config = await loadConfig(home);
    const removed = config.destinations.find((d) => d.name === name);
    if (!removed) throw new UserError(`no destination is named "${name}"`);
    await saveConfig(home, { ...config, destinations: config.destinations.filter((d) => d !== removed) });
    return removed;
  });
}

/** `dest test`: the round trip a protect job needs, on a configured destination. */
export async function testConfiguredDestination(ws: Workspace, name: string): Promise<{ config: DestinationConfig; verdict: DestinationVerdict }> {
  const [config] = selectDestinations(ws.config.destinations, [name]);
  const destination = openDestination(config!, new BufferPool(PROBE_BUFFER, 1), ws.catalog);
  try {
    const tested = await testDestination(destination);
    // A destination added by an earlier version gets its identity marker here, if no job has written one.
    const reached = tested.ok ? await reachDestination(ws.catalog, ws.config.destinations, config!, destination) : tested;
    return { config: config!, verdict: reached.ok ? { ok: true } : reached };
  } finally {
    destination.close();
  }
}

/**
 * The new destination's identity marker, read (or written) and recorded: a storage whose marker belongs to
 * another configured destination is that destination, under another name.
 */
async function claimIdentity(home: string, configured: readonly DestinationConfig[], added: DestinationConfig): Promise<void> {
  const destination = openNewDestination(added);
  const catalog = Catalog.open(catalogPath(home));
  try {
    const reached = await reachDestination(catalog, configured, added, destination, { adding: true });
    if (!reached.ok) throw new UserError(`${destinationWhere(added)} cannot be added: ${reached.error}`);
  } finally {
    catalog.close();
    destination.close();
  }
}

function openNewDestination(config: DestinationConfig): Destination {
  const info = { name: config.name, media: config.media, offsite: config.offsite };
  if (config.kind === 'local') return new LocalFolderDestination(info, config.path, new BufferPool(PROBE_BUFFER, 1));
  const S3Destination = s3DestinationClass();
  return new S3Destination(config, nullUploadJournal());
}

const PROBE_BUFFER = 64 * 1024;

async function writableFolder(folder: string): Promise<string> {
  let root: string;
  try {
    root = await fs.realpath(path.resolve(folder));
  } catch (error) {
    throw new UserError(`${folder} cannot be used: ${describeFsError(error)}`);
  }
  const st = await fs.stat(root);
  if (!st.isDirectory()) throw new UserError(`${root} is not a folder`);
  const probe = path.join(root, `.threefold-probe-${process.pid}`);
  try {
    // Never through a link at that name: whatever is there goes (a link itself), and `wx` creates a new file.
    await fs.rm(probe, { force: true });
    await fs.writeFile(probe, 'threefold', { flag: 'wx' });
    await fs.rm(probe);
  } catch (error) {
    throw new UserError(`${root} is not writable: ${describeFsError(error)}`);
  }
  return root;
}

async function localDestination(
  home: string,
  name: string,
  folder: string,
  options: DestinationSpec,
  existing: readonly DestinationConfig[],
): Promise<DestinationConfig> {
  if (options.media === undefined)
    throw new UserError('a media label is required for a folder (--media): what kind of medium is it (ssd, hdd, raid, nas, lto, …)?');
  const root = await writableFolder(folder);
  const tooWide = tooWideDestination(root, await fs.realpath(home).catch(() => path.resolve(home)));
  if (tooWide) throw new UserError(tooWide);
  // Compared as the folders they really are: a bind mount of another root, of its parent or of its child is that root.
  const mounts = await readMounts();
  const identity = await localRootIdentity(root, mounts);
  for (const d of existing) {
    if (d.kind !== 'local' || !rootsOverlap(identity, await localRootIdentity(d.path, mounts))) continue;
    throw new UserError(
      `${root} overlaps destination "${d.name}" (${destinationWhere(d)}): destinations must be separate folders, not the same storage seen at two places`,
    );
  }
  return { name, kind: 'local', path: root, media: options.media, offsite: options.offsite ?? false };
}

/** Checked before it is saved: a bucket that cannot be reached is reported now, not at the first protect. */
async function s3Destination(name: string, where: { bucket: string; prefix: string }, options: DestinationSpec): Promise<DestinationConfig> {
  const candidate = parseDestination({
    name,
    kind: 's3',
    ...where,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    region: options.region ?? 'us-east-1',
    ...(options.profile ? { profile: options.profile } : {}),
    pathStyle: options.pathStyle ?? false,
    media: options.media ?? 'cloud',
    offsite: !options.onsite,
  });
  if (candidate.kind !== 's3') throw new Error('unreachable');
  const S3Destination = s3DestinationClass();
  const destination = new S3Destination(candidate, nullUploadJournal());
  const verdict = await testDestination(destination).finally(() => destination.close());
  if (!verdict.ok) throw new UserError(`s3://${where.bucket}/${where.prefix} cannot be used: ${verdict.error}`);
  return candidate;
}
