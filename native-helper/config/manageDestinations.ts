import fs from 'node:fs/promises';
import path from 'node:path';
import { tooWideDestination } from '../../src/paths/containment';
import { parseS3Url } from '../../src/paths/parseS3Url';
import { nullUploadJournal } from '../destinations/s3/uploadJournal';
import { s3DestinationClass } from '../destinations/s3/loadS3Destination';
import { testDestination, type DestinationVerdict } from '../destinations/testDestination';
import { openDestination } from '../destinations/openDestinations';
import { BufferPool } from '../fsutil/bufferPool';
import type { Workspace } from '../engine/workspace';
import { describeFsError, UserError } from '../errors';
import { withConfigLock } from './configLock';
import { destinationWhere, loadConfig, MEDIA_PATTERN, NAME_PATTERN, parseDestination, saveConfig, selectDestinations, type DestinationConfig } from './config';

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
    const same = config.destinations.find((d) => d.kind === 's3' && d.bucket === s3.bucket && d.prefix === s3.prefix && (d.endpoint ?? null) === (spec.endpoint ?? null));
    if (same) throw new UserError(`s3://${s3.bucket}/${s3.prefix} is destination "${same.name}" already`);
  }
  const added = s3 ? await s3Destination(name, s3, spec) : await localDestination(home, name, spec.where, spec, config.destinations);
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
  const verdict = await testDestination(destination).finally(() => destination.close());
  return { config: config!, verdict };
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

async function localDestination(home: string, name: string, folder: string, options: DestinationSpec, existing: readonly DestinationConfig[]): Promise<DestinationConfig> {
  if (options.media === undefined) throw new UserError('a media label is required for a folder (--media): what kind of medium is it (ssd, hdd, raid, nas, lto, …)?');
  const root = await writableFolder(folder);
  const tooWide = tooWideDestination(root, await fs.realpath(home).catch(() => path.resolve(home)));
  if (tooWide) throw new UserError(tooWide);
  const clash = existing.find((d) => d.kind === 'local' && (isInside(root, d.path) || isInside(d.path, root)));
  if (clash) throw new UserError(`${root} overlaps destination "${clash.name}" (${destinationWhere(clash)}): destinations must be separate folders`);
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

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
