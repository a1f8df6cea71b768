import { createXxh64 } from '../../hash/xxh64';
import { carriedMetadata, checkVerified, confirmStored, contentMd5, type ObjectTarget, type S3ObjectWriter } from './s3Object';

const SLICE = 512 * 1024;
const MIN_BODY = 64 * 1024;

/**
 * The bodies of objects sent whole, reused from one object to the next: a fresh buffer per file (256 KiB
 * each for 2,000 photos) made the garbage collector and the page faults of new memory cost more CPU than
 * the files' MD5s. Kept by power-of-two capacity, at most `maxKeptBytes` in all while unused.
 */
export class ObjectBodies {
  private readonly free = new Map<number, Buffer[]>();
  private kept = 0;

  constructor(private readonly maxKeptBytes: number) {}

  take(size: number): Buffer {
    const capacity = Math.max(MIN_BODY, 2 ** Math.ceil(Math.log2(Math.max(size, 1))));
    const reused = this.free.get(capacity)?.pop();
    if (reused === undefined) return Buffer.allocUnsafeSlow(capacity);
    this.kept -= capacity;
    return reused;
  }

  give(buffer: Buffer): void {
    if (this.kept + buffer.length > this.maxKeptBytes) return;
    const list = this.free.get(buffer.length) ?? [];
    list.push(buffer);
    this.free.set(buffer.length, list);
    this.kept += buffer.length;
  }
}

/**
 * An object no bigger than one part: kept in memory and sent with one PutObject at commit, so nothing
 * replaces an existing object before then. Its metadata is only needed then: when the source's hash was
 * not known up front, the object carries the hash its bytes were verified to have (so the source is read
 * once, not hashed in a pass of its own first).
 */
export async function createSmallObjectWriter(target: ObjectTarget, partSize: number, bodies: ObjectBodies): Promise<S3ObjectWriter> {
  const hasher = await createXxh64();
  // Every byte is written before commit (seal checks): no need to zero them first.
  const body = bodies.take(target.source.size);
  const bytes = body.subarray(0, target.source.size);
  let filled = 0;
  /** Committed or aborted: the body is given back (or in a request) once, and never again. */
  let done = false;
  let hash = '';
  let etag: string | undefined;
  const stats = { uploadId: undefined, partSize, partsSent: 0, partsReused: 0 };

  return {
    stats,
    get etag() {
      return etag;
    },
    write: async (chunk) => {
      if (filled + chunk.byteLength > bytes.length) throw target.fail(`more bytes than the source's ${bytes.length} were given for ${target.location}`);
      // Hashed where it is sent from, a slice at a time while it is still in the CPU cache.
      for (let at = 0; at < chunk.byteLength; at += SLICE) {
        const slice = chunk.subarray(at, Math.min(at + SLICE, chunk.byteLength));
        const copied = bytes.subarray(filled, filled + slice.byteLength);
        copied.set(slice);
        hasher.update(copied);
        filled += slice.byteLength;
      }
    },
    seal: async () => {
      if (filled !== bytes.length) throw target.fail(`only ${filled} of the source's ${bytes.length} bytes were given for ${target.location}`);
      hash = hasher.digestHex();
    },
    verify: async (expected) => {
      checkVerified(target, hash, expected);
    },
    commit: async () => {
      done = true;
      try {
        const md5 = contentMd5(bytes);
        const metadata = carriedMetadata(target.source, hash);
        const answered = await target.put({ objectKey: target.objectKey, body: bytes, contentMd5: md5, metadata, creation: target.creation });
        stats.partsSent = 1;
        // The store checked our Content-MD5 and answers with the MD5 of what it stored, in the same request
        // as the metadata: that proves the object. A different ETag (encrypted stores), or an encryption
        // asked for (only a HEAD shows whether it was applied), needs a HeadObject.
        etag = etagIsMd5(answered, md5) && target.encryption === undefined ? answered : await confirmStored(target, hash);
        // Only after a request that ended well: a failed one's socket might still be sending from it.
        bodies.give(body);
      } catch (error) {
        if ((error as Error).name === 'DestinationError') throw error;
        throw target.fail(`cannot upload ${target.location}: ${target.describe(error)}`);
      }
      return target.location;
    },
    abort: async () => {
      // Nothing was sent before commit.
      if (!done) bodies.give(body);
      done = true;
    },
  };
}

function etagIsMd5(etag: string | undefined, md5Base64: string): boolean {
  return etag !== undefined && Buffer.from(etag.replace(/"/g, ''), 'hex').toString('base64') === md5Base64;
}
