import { ListPartsCommand, type Part, type S3Client } from '@aws-sdk/client-s3';
import { isNoSuchUpload } from './s3Errors';
import type { UploadContent, UploadJournal, UploadedPart } from '../uploadJournal';

export const partCount = (size: number, partSize: number): number => Math.max(1, Math.ceil(size / partSize));

/** Every part is `partSize` long except the last, which holds the rest. */
export function partLength(partNumber: number, size: number, partSize: number): number {
  return partNumber < partCount(size, partSize) ? partSize : size - (partCount(size, partSize) - 1) * partSize;
}

export interface MultipartUpload {
  uploadId: string;
  partSize: number;
  /** Parts an interrupted run already uploaded, by number: not sent again. */
  reused: Map<number, UploadedPart>;
  /** A sealed upload's first bytes as the interrupted run journaled them. */
  sealedStart?: string;
}

/**
 * The upload of this very content that a killed run left unfinished, with the parts the store still has
 * exactly as the journal recorded them. Undefined when there is none, or the store no longer knows it.
 */
export async function findResumableUpload(
  client: S3Client,
  target: { bucket: string; objectKey: string },
  journal: UploadJournal,
  key: string,
  content: UploadContent,
): Promise<MultipartUpload | undefined> {
  const unfinished = journal.find(key, content);
  if (unfinished === undefined) return undefined;
  let stored: Part[];
  try {
    stored = await listParts(client, target.bucket, target.objectKey, unfinished.uploadId);
  } catch (error) {
    if (!isNoSuchUpload(error)) throw error;
    journal.finished(unfinished.uploadId);
    return undefined;
  }
  const recorded = new Map(unfinished.parts.map((p) => [p.partNumber, p]));
  const reused = new Map<number, UploadedPart>();
  for (const part of stored) {
    const mine = part.PartNumber === undefined ? undefined : recorded.get(part.PartNumber);
    if (
      mine !== undefined &&
      mine.partNumber <= partCount(content.size, unfinished.partSize) &&
      sameEtag(mine.etag, part.ETag) &&
      mine.size === part.Size &&
      mine.size === partLength(mine.partNumber, content.size, unfinished.partSize)
    ) {
      reused.set(mine.partNumber, mine);
    }
  }
  return { uploadId: unfinished.uploadId, partSize: unfinished.partSize, reused, ...(unfinished.sealedStart ? { sealedStart: unfinished.sealedStart } : {}) };
}

async function listParts(client: S3Client, bucket: string, objectKey: string, uploadId: string): Promise<Part[]> {
  const parts: Part[] = [];
  let marker: string | undefined;
  for (;;) {
    const page = await client.send(new ListPartsCommand({ Bucket: bucket, Key: objectKey, UploadId: uploadId, PartNumberMarker: marker }));
    parts.push(...(page.Parts ?? []));
    if (!page.IsTruncated || page.NextPartNumberMarker === undefined) return parts;
    marker = page.NextPartNumberMarker;
  }
}

/** Stores differ on quoting ETags in listings. */
const sameEtag = (a: string | undefined, b: string | undefined): boolean => a !== undefined && b !== undefined && a.replace(/"/g, '') === b.replace(/"/g, '');
