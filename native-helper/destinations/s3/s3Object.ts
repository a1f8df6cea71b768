import { createHash } from 'node:crypto';
import { DeleteObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { DestinationError, ObjectWriter } from '../destination';
import { mtimeMetadata } from '../../../src/format/mtimeMetadata';
import { encryptionProblem, type ServerSideEncryption } from '../../../src/providers/serverSideEncryption';
import type { PutSender } from './directPut';
import type { ObjectCreation } from './objectCreation';

/** The object one writer creates, and how it reports trouble. */
export interface ObjectTarget {
  client: S3Client;
  /** Sends a body (PutObject, UploadPart) with its Content-MD5; returns the store's ETag. */
  put: PutSender;
  /** The Content-MD5 of a part (on a worker thread when it can). */
  partMd5(bytes: Buffer): Promise<string>;
  bucket: string;
  objectKey: string;
  /** `s3://bucket/prefix/key`, what commit returns. */
  location: string;
  /**
   * xxh64 absent: an object sent whole at commit, which carries the hash its verified bytes have; or a sealed
   * object (client-side encryption), which carries `sealed` instead.
   */
  source: { size: number; mtimeMs: number; xxh64?: string; sealed?: Record<string, string> };
  /** A sealed object's first bytes (base64), journaled with its multipart upload. */
  sealedStart?: string;
  /** What the object is created with (server-side encryption, storage class). */
  creation: ObjectCreation;
  /** The encryption asked for: a stored object must have it (confirmStored). */
  encryption: ServerSideEncryption | undefined;
  /** Whether the store reports every object's encryption on HEAD (AWS), so that silence means none. */
  storeReportsEncryption: boolean;
  fail(message: string): DestinationError;
  describe(error: unknown): string;
}

export interface WriterStats {
  uploadId: string | undefined;
  partSize: number;
  /** Parts (or whole objects) sent by this writer. */
  partsSent: number;
  /** Parts an earlier, interrupted run had already uploaded: hashed again, not sent again. */
  partsReused: number;
}

export interface S3ObjectWriter extends ObjectWriter {
  readonly stats: WriterStats;
}

/**
 * User metadata every object carries (`x-amz-meta-xxh64`, since the ETag is no content hash, and
 * `x-amz-meta-mtime` in seconds, as rclone and other S3 tools read it).
 */
export function objectMetadata(source: { mtimeMs: number; xxh64: string }): Record<string, string> {
  return { xxh64: source.xxh64, mtime: mtimeMetadata(source.mtimeMs) };
}

/** What an object carries: its hash, or for a sealed object the layer's fields in place of it. */
export function carriedMetadata(source: ObjectTarget['source'], hash: string): Record<string, string> {
  return source.sealed ? { ...source.sealed, mtime: mtimeMetadata(source.mtimeMs) } : objectMetadata({ mtimeMs: source.mtimeMs, xxh64: hash });
}

export const contentMd5 = (bytes: Uint8Array): string => createHash('md5').update(bytes).digest('base64');

/** The bytes given to a writer must hash to what the caller expects and to what the metadata says. */
export function checkVerified(target: ObjectTarget, hash: string, expected: string): void {
  if (hash !== expected) {
    throw target.fail(`the bytes given for ${target.location} hash to xxh64 ${hash}, not the source's ${expected}; the object was not completed`);
  }
  if (target.source.xxh64 !== undefined && hash !== target.source.xxh64) {
    throw target.fail(`${target.location} was started as xxh64 ${target.source.xxh64} but its bytes hash to ${hash}; the object was not completed`);
  }
}

/**
 * After the store says it has the object: its size and recorded hash must be ours, and its encryption
 * the one asked for where the store says, or it is deleted. Returns the object's ETag.
 */
export async function confirmStored(target: ObjectTarget, hash: string): Promise<string | undefined> {
  const head = await target.client.send(new HeadObjectCommand({ Bucket: target.bucket, Key: target.objectKey }));
  const unencrypted = encryptionProblem(target.encryption, { algorithm: head.ServerSideEncryption, kmsKeyId: head.SSEKMSKeyId }, target.storeReportsEncryption);
  const { sealed } = target.source;
  const problem =
    head.ContentLength !== target.source.size
      ? `holds ${head.ContentLength} bytes, not ${target.source.size}`
      : sealed !== undefined && Object.entries(sealed).some(([field, value]) => head.Metadata?.[field] !== value)
        ? 'does not carry the metadata it was sent with'
        : sealed === undefined && head.Metadata?.xxh64 !== hash
          ? `records xxh64 ${head.Metadata?.xxh64 ?? '(none)'}, not ${hash}`
          : unencrypted !== undefined
            ? `is not encrypted as this destination asks: ${unencrypted}`
            : undefined;
  if (problem === undefined) return head.ETag;
  await target.client.send(new DeleteObjectCommand({ Bucket: target.bucket, Key: target.objectKey })).catch(() => undefined);
  throw target.fail(`after upload, ${target.location} ${problem}; it was deleted`);
}
