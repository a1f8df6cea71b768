import type { DestinationConfig } from '../config/config';
import type { BufferPool } from '../fsutil/bufferPool';
import type { Destination } from './destination';
import { LocalFolderDestination, localDestinationUrl } from './localFolder';

export function openDestination(config: DestinationConfig, pool: BufferPool): Destination {
  return new LocalFolderDestination({ name: config.name, media: config.media, offsite: config.offsite }, config.path, pool);
}

/** The catalog's identity of a configured destination. */
export function destinationUrl(config: DestinationConfig): string {
  return localDestinationUrl(config.path);
}
