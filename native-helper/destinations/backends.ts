import { z } from 'zod';
import type { BaseDestinationConfig } from '../../src/config/destinationFields';
import type { DestinationBackend } from './backend';
import { localFolderBackend } from './localFolderBackend';
import { s3Backend } from './s3/s3Backend';

/**
 * The registry of backends: each kind of storage Threefold writes to, by its `kind` in config.json. A new
 * backend is a folder of its own and one line here (and in `destinationSchema`).
 */
const BACKENDS = [s3Backend, localFolderBackend] as const;

export const destinationSchema = z.discriminatedUnion('kind', [localFolderBackend.schema, s3Backend.schema]);
export type DestinationConfig = z.infer<typeof destinationSchema>;
export type { LocalDestinationConfig } from './localFolderConfig';
export type { S3DestinationConfig } from './s3/s3Config';

/** The backend of a configured destination. */
export function backendOf<C extends BaseDestinationConfig>(config: C): DestinationBackend<C> {
  const backend = BACKENDS.find((b) => b.kind === config.kind);
  if (backend === undefined) throw new Error(`no backend for destinations of kind ${config.kind}`);
  // The kinds are the schema's discriminant: a config of a kind is that backend's.
  return backend as unknown as DestinationBackend<C>;
}

/** The backend whose URL form a place given to `dest add` is written in (a folder when no other's). */
export function backendForPlace(where: string): DestinationBackend<DestinationConfig> {
  return BACKENDS.find((b) => b.takes(where))! as unknown as DestinationBackend<DestinationConfig>;
}

/** Where a destination is, in words: a folder, or s3://bucket/prefix. */
export const destinationWhere = (config: DestinationConfig): string => backendOf(config).where(config);

/** The catalog's identity of a configured destination. */
export const destinationUrl = (config: DestinationConfig): string => backendOf(config).url(config);

/** The folder on this machine a destination's root is, if it is one. */
export const localFolderOf = (config: DestinationConfig): string | undefined => backendOf(config).localFolder(config);
