import type { Catalog } from '../catalog/catalog';
import type { DestinationConfig } from '../config/config';
import type { BufferPool } from '../fsutil/bufferPool';
import type { Destination } from './destination';
import { LocalFolderDestination, localDestinationUrl } from './localFolder';
import { s3DestinationClass } from './s3/loadS3Destination';
import { s3DestinationUrl } from './s3/s3Keys';

/** A configured destination, ready to use; a cloud one keeps its multipart uploads' journal in the catalog. */
export function openDestination(config: DestinationConfig, pool: BufferPool, catalog: Catalog): Destination {
  const info = { name: config.name, media: config.media, offsite: config.offsite };
  if (config.kind === 'local') return new LocalFolderDestination(info, config.path, pool);
  const destinationId = catalog.destinations.id({ url: destinationUrl(config), kind: config.kind, ...info });
  const S3Destination = s3DestinationClass();
  return new S3Destination(config, catalog.uploads.journal(destinationId));
}

/** The catalog's identity of a configured destination. */
export function destinationUrl(config: DestinationConfig): string {
  return config.kind === 'local' ? localDestinationUrl(config.path) : s3DestinationUrl(config);
}
