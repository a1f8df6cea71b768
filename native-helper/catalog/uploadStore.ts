import type { UploadedPart, UploadJournal } from '../destinations/uploadJournal';
import type { CatalogDatabase } from './catalogDatabase';

/** The multipart uploads started and not finished, with their parts, so a killed run can resume them. */
export class UploadStore {
  constructor(private readonly db: CatalogDatabase) {}

  /** The multipart uploads journal of one destination, kept in this catalog. */
  journal(destinationId: number): UploadJournal {
    const db = this.db;
    const uploadRow = (uploadId: string): number | undefined =>
      (db.statement(`SELECT id FROM uploads WHERE destination_id = ? AND upload_id = ?`).get(destinationId, uploadId) as { id: number } | undefined)?.id;
    return {
      find: (key, content) => {
        const row = db
          .statement(
            `SELECT id, upload_id AS uploadId, part_size AS partSize, sealed_start AS sealedStart FROM uploads
             WHERE destination_id = ? AND key = ? AND size = ? AND xxh64 = ? ORDER BY id DESC LIMIT 1`,
          )
          .get(destinationId, key, content.size, content.xxh64) as { id: number; uploadId: string; partSize: number; sealedStart: string | null } | undefined;
        if (!row) return undefined;
        const parts = db
          .statement(`SELECT part_number AS partNumber, etag, size FROM upload_parts WHERE upload = ? ORDER BY part_number`)
          .all(row.id) as UploadedPart[];
        return { uploadId: row.uploadId, partSize: row.partSize, parts, ...(row.sealedStart !== null ? { sealedStart: row.sealedStart } : {}) };
      },
      started: (key, content, uploadId, partSize, sealedStart) => {
        db.statement(
          `INSERT INTO uploads (destination_id, key, upload_id, size, xxh64, part_size, started_at, sealed_start) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(destinationId, key, uploadId, content.size, content.xxh64, partSize, new Date().toISOString(), sealedStart ?? null);
      },
      partDone: (uploadId, part) => {
        const id = uploadRow(uploadId);
        if (id === undefined) return;
        db.statement(
          `INSERT INTO upload_parts (upload, part_number, etag, size) VALUES (?, ?, ?, ?)
           ON CONFLICT (upload, part_number) DO UPDATE SET etag = excluded.etag, size = excluded.size`,
        ).run(id, part.partNumber, part.etag, part.size);
      },
      finished: (uploadId) => {
        db.statement(`DELETE FROM uploads WHERE destination_id = ? AND upload_id = ?`).run(destinationId, uploadId);
      },
      startedBefore: (beforeIso) =>
        db
          .statement(`SELECT key, upload_id AS uploadId, started_at AS startedAt FROM uploads WHERE destination_id = ? AND started_at < ? ORDER BY id`)
          .all(destinationId, beforeIso) as Array<{ key: string; uploadId: string; startedAt: string }>,
    };
  }
}
