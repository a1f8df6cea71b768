import fs from 'node:fs/promises';
import path from 'node:path';
import type { BaseDestinationConfig } from '../../src/config/destinationFields';
import { tooWideDestination } from '../../src/paths/containment';
import { rootsOverlap } from '../../src/paths/rootOverlap';
import { describeFsError, UserError } from '../errors';
import type { DestinationBackend, DestinationSpec } from './backend';
import { LocalFolderDestination, localDestinationUrl } from './localFolder';
import { type LocalDestinationConfig, localDestinationSchema } from './localFolderConfig';
import { localRootIdentity, readMounts } from './localRootIdentity';

const isLocal = (d: BaseDestinationConfig): d is LocalDestinationConfig => d.kind === 'local';

/** A folder: any place not written in another kind's URL form. */
export const localFolderBackend = {
  kind: 'local',
  schema: localDestinationSchema,
  takes: () => true,
  where: (config) => config.path,
  listNote: () => '',
  reachableNow: (config) =>
    fs.stat(config.path).then(
      (s) => s.isDirectory(),
      () => false,
    ),
  url: (config) => localDestinationUrl(config.path),
  localFolder: (config) => config.path,
  configure,
  open: (config, { pool }) => new LocalFolderDestination({ name: config.name, media: config.media, offsite: config.offsite }, config.path, pool),
} satisfies DestinationBackend<LocalDestinationConfig>;

async function configure(home: string, spec: DestinationSpec, existing: readonly BaseDestinationConfig[]): Promise<LocalDestinationConfig> {
  // A key pair given for a folder would otherwise be dropped without a word.
  if (spec.keys || spec.provider) throw new UserError('--provider and --access-key-id are for an S3 bucket (s3://bucket/prefix), not a folder');
  if (spec.media === undefined)
    throw new UserError('a media label is required for a folder (--media): what kind of medium is it (ssd, hdd, raid, nas, lto, …)?');
  const root = await writableFolder(spec.where);
  const tooWide = tooWideDestination(root, await fs.realpath(home).catch(() => path.resolve(home)));
  if (tooWide) throw new UserError(tooWide);
  // Compared as the folders they really are: a bind mount of another root, of its parent or of its child is that root.
  const mounts = await readMounts();
  const identity = await localRootIdentity(root, mounts);
  for (const d of existing) {
    if (!isLocal(d) || !rootsOverlap(identity, await localRootIdentity(d.path, mounts))) continue;
    throw new UserError(`${root} overlaps destination "${d.name}" (${d.path}): destinations must be separate folders, not the same storage seen at two places`);
  }
  return { name: spec.name, kind: 'local', path: root, media: spec.media, offsite: spec.offsite ?? false };
}

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
