import type { BufferPool } from '../fsutil/bufferPool';
import { type DestinationConfig, destinationUrl, openBackend } from './backends';
import type { Destination } from './destination';
import type { UploadJournal } from './uploadJournal';

/** What opening a destination keeps in the catalog: its row, and the journal of its unfinished uploads. */
export interface DestinationRecords {
  destinations: { id(d: { url: string; name: string; kind: string; media: string; offsite: boolean }): number };
  uploads: { journal(destinationId: number): UploadJournal };
}

/** A configured destination, ready to use; one that resumes uploads keeps their journal in the catalog. */
export function openDestination(config: DestinationConfig, pool: BufferPool, records: DestinationRecords): Destination {
  const info = { name: config.name, media: config.media, offsite: config.offsite };
  const journal = (): UploadJournal => records.uploads.journal(records.destinations.id({ url: destinationUrl(config), kind: config.kind, ...info }));
  return openBackend(config, { pool, journal });
}

export { destinationUrl };
