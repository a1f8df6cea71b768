import type { ByteRange } from '../../src/restore/byteRanges';
import type { CatalogDatabase } from './catalogDatabase';

/** The object a partial file is being filled from: a download resumes only from the same one. */
export interface RangedObject {
  destinationUrl: string;
  key: string;
  etag: string;
  size: number;
}

/** The journal of ranged cloud downloads into restore partial files, by the partial file's path. */
export class RestoreRangeStore {
  constructor(private readonly db: CatalogDatabase) {}

  /** The ranges written to `partial` from this very object; the journal of any other object there is forgotten. */
  done(partial: string, object: RangedObject): ByteRange[] {
    this.db
      .statement(`DELETE FROM restore_ranges WHERE partial = ? AND NOT (destination_url = ? AND key = ? AND etag = ? AND size = ?)`)
      .run(partial, object.destinationUrl, object.key, object.etag, object.size);
    return this.db.statement(`SELECT start, "end" FROM restore_ranges WHERE partial = ? ORDER BY start`).all(partial) as ByteRange[];
  }

  /** A range is on the partial file's medium (synced). */
  add(partial: string, object: RangedObject, range: ByteRange): void {
    this.db
      .statement(`INSERT INTO restore_ranges (partial, destination_url, key, etag, size, start, "end") VALUES (?, ?, ?, ?, ?, ?, ?)`)
      .run(partial, object.destinationUrl, object.key, object.etag, object.size, range.start, range.end);
  }

  /** The partial file is gone, placed or started over. */
  forget(partial: string): void {
    this.db.statement(`DELETE FROM restore_ranges WHERE partial = ?`).run(partial);
  }
}
