import { AbortMultipartUploadCommand, CompleteMultipartUploadCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { createXxh64 } from '../../hash/xxh64';
import { partCount, partLength, type MultipartUpload } from './multipartPlan';
import { isNoSuchUpload } from './s3Errors';
import { checkVerified, confirmStored, type ObjectTarget, type S3ObjectWriter } from './s3Object';
import type { UploadJournal, UploadedPart } from '../uploadJournal';

/** Copied and hashed this much at a time: a slice fits the CPU cache between the copy and the hash. */
const SLICE = 512 * 1024;

interface PendingPart {
  partNumber: number;
  bytes: Buffer;
}

/**
 * Streams an object as a multipart upload: bytes fill one part buffer at a time; full parts go out with
 * their Content-MD5, at most `partsInFlight` at once (write() waits beyond that: bounded memory). Every
 * finished part is journaled, so a killed run resumes the same upload. Parts a previous run already
 * uploaded are hashed as they pass and, when their MD5 matches the store's ETag, not sent again. Nothing is at the key before CompleteMultipartUpload.
 */
export async function createMultipartWriter(
  target: ObjectTarget,
  journal: UploadJournal,
  upload: MultipartUpload,
  partsInFlight: number,
): Promise<S3ObjectWriter> {
  const { uploadId, partSize, reused } = upload;
  const { size } = target.source;
  const hasher = await createXxh64();
  const finished: UploadedPart[] = [...reused.values()];
  const inFlight = new Set<Promise<void>>();
  const stats = { uploadId, partSize, partsSent: 0, partsReused: reused.size };
  let offset = 0;
  let filling: PendingPart | undefined;
  // Part buffers are reused once their part is sent: a 2 GiB file is 64 parts, not 64 allocations. They are
  // shared memory, so that the MD5 worker reads them where they are.
  const spare: Buffer[] = [];
  const partBuffer = (length: number): Buffer => (spare.pop() ?? Buffer.from(new SharedArrayBuffer(partSize))).subarray(0, length);
  const release = (bytes: Buffer): void => {
    if (spare.length <= partsInFlight) spare.push(Buffer.from(bytes.buffer, bytes.byteOffset, partSize));
  };
  let failure: Error | undefined;
  /** A part could not be sent even after the SDK's retries: the network or the store, not the bytes. */
  let partFailed = false;
  let hash = '';
  let etag: string | undefined;

  const throwIfFailed = (): void => {
    if (failure) throw failure;
  };

  const uploadPart = async (part: PendingPart): Promise<void> => {
    const md5 = await target.partMd5(part.bytes);
    const etag = await target.put({ objectKey: target.objectKey, body: part.bytes, contentMd5: md5, part: { uploadId, partNumber: part.partNumber } });
    if (etag === undefined) throw new Error('the store answered without an ETag');
    const done = { partNumber: part.partNumber, etag, size: part.bytes.length };
    journal.partDone(uploadId, done);
    finished.push(done);
    stats.partsSent++;
  };

  const send = async (part: PendingPart): Promise<void> => {
    while (inFlight.size >= partsInFlight) await Promise.race(inFlight);
    throwIfFailed();
    const sending: Promise<void> = uploadPart(part)
      .catch((error) => {
        partFailed = true;
        failure ??= target.fail(`part ${part.partNumber} of ${target.location} could not be uploaded: ${target.describe(error)}`);
      })
      .then(() => release(part.bytes))
      .finally(() => inFlight.delete(sending));
    inFlight.add(sending);
  };

  /**
   * A part an earlier run sent counts only if it holds this run's bytes: the store's ETag of a part is the
   * MD5 of what it received. Otherwise (bytes read wrong then, or a store whose ETags are not MD5s) it is sent again.
   */
  const keepsReusedPart = (part: PendingPart): boolean => {
    const earlier = reused.get(part.partNumber);
    if (!earlier) return false;
    if (earlier.etag.replace(/"/g, '').toLowerCase() === createHash('md5').update(part.bytes).digest('hex')) return true;
    finished.splice(finished.indexOf(earlier), 1);
    stats.partsReused--;
    return false;
  };

  const settle = async (): Promise<void> => {
    while (inFlight.size > 0) await Promise.all(inFlight);
  };

  return {
    stats,
    ...(upload.sealedStart !== undefined && reused.size > 0 ? { resumedStart: upload.sealedStart } : {}),
    get etag() {
      return etag;
    },
    write: async (chunk) => {
      throwIfFailed();
      if (offset + chunk.byteLength > size) throw target.fail(`more bytes than the source's ${size} were given for ${target.location}`);
      let at = 0;
      while (at < chunk.byteLength) {
        const partNumber = Math.floor(offset / partSize) + 1;
        const partStart = (partNumber - 1) * partSize;
        const partEnd = partStart + partLength(partNumber, size, partSize);
        const take = Math.min(chunk.byteLength - at, partEnd - offset, SLICE);
        filling ??= { partNumber, bytes: partBuffer(partEnd - partStart) };
        // The bytes are hashed where they are sent from, a slice at a time while it is still in the CPU cache.
        const copied = filling.bytes.subarray(offset - partStart, offset - partStart + take);
        copied.set(chunk.subarray(at, at + take));
        hasher.update(copied);
        offset += take;
        at += take;
        if (offset === partEnd) {
          const full = filling;
          filling = undefined;
          if (keepsReusedPart(full)) release(full.bytes);
          else await send(full);
        }
      }
    },
    seal: async () => {
      if (offset !== size) throw target.fail(`only ${offset} of the source's ${size} bytes were given for ${target.location}`);
      await settle();
      throwIfFailed();
      hash = hasher.digestHex();
    },
    verify: async (expected) => {
      checkVerified(target, hash, expected);
    },
    commit: async () => {
      if (finished.length !== partCount(size, partSize))
        throw target.fail(`${target.location} has ${finished.length} of its ${partCount(size, partSize)} parts`);
      const parts = [...finished].sort((a, b) => a.partNumber - b.partNumber).map((p) => ({ PartNumber: p.partNumber, ETag: p.etag }));
      try {
        await target.client.send(
          new CompleteMultipartUploadCommand({ Bucket: target.bucket, Key: target.objectKey, UploadId: uploadId, MultipartUpload: { Parts: parts } }),
        );
        journal.finished(uploadId);
        etag = await confirmStored(target, hash);
      } catch (error) {
        if ((error as Error).name === 'DestinationError') throw error;
        throw target.fail(`cannot complete the upload of ${target.location}: ${target.describe(error)}`);
      }
      return target.location;
    },
    abort: async (resumable = false) => {
      filling = undefined;
      // A part still on its way would otherwise land after the abort.
      await settle();
      // After a network failure the parts already sent are good: the upload stays (journaled) and the next
      // run resumes it. Wrong bytes or an unreadable source discard it.
      if (partFailed || resumable) return;
      try {
        await target.client.send(new AbortMultipartUploadCommand({ Bucket: target.bucket, Key: target.objectKey, UploadId: uploadId }));
      } catch (error) {
        // Left in the journal (and on the store): a later run resumes it, or `dest clean` removes it.
        if (!isNoSuchUpload(error)) return;
      }
      journal.finished(uploadId);
    },
  };
}
