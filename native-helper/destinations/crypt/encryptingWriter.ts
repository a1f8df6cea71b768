import { chunkCount, PLAIN_CHUNK } from '../../../src/crypt/ageStream';
import { createXxh64 } from '../../hash/xxh64';
import type { DestinationError, ObjectWriter } from '../destination';
import { type AgeStart, sealChunk } from './ageFormat';

/**
 * Encrypts what it is given, chunk by chunk, and writes the age file to the backend's writer: the header and
 * nonce first, then each 64 KiB chunk as soon as its bytes are in (the last one, flagged, once `size` bytes
 * came). The plaintext is hashed for `verify`; the ciphertext, for the backend's own check of what it sent.
 */
export async function createEncryptingWriter(
  inner: ObjectWriter,
  start: AgeStart,
  size: number,
  /** What commit returns: the location in the destination's words. */
  location: string,
  fail: (message: string) => DestinationError,
): Promise<ObjectWriter> {
  const plainHash = await createXxh64();
  const cipherHash = await createXxh64();
  const lastIndex = chunkCount(size) - 1;
  const pending = Buffer.allocUnsafe(PLAIN_CHUNK);
  let filled = 0;
  let index = 0;
  let given = 0;
  let started = false;

  // One buffer the ciphertext of each write is gathered in, reused once the backend's write has taken it (as
  // the engine reuses its read buffers): a fresh one per write cost more in page faults than the cipher.
  let out = Buffer.allocUnsafeSlow(0);
  const send = async (pieces: Buffer[]): Promise<void> => {
    const length = pieces.reduce((sum, piece) => sum + piece.byteLength, 0);
    if (out.byteLength < length) out = Buffer.allocUnsafeSlow(length);
    let at = 0;
    for (const piece of pieces) at += piece.copy(out, at);
    const bytes = out.subarray(0, length);
    cipherHash.update(bytes);
    await inner.write(bytes);
  };
  const sealed = (plain: Uint8Array): Buffer[] => sealChunk(start.payloadKey, index, index === lastIndex, plain);

  return {
    get etag() {
      return inner.etag;
    },
    write: async (chunk) => {
      if (given + chunk.byteLength > size) throw fail(`more bytes than the source's ${size} were given`);
      plainHash.update(chunk);
      given += chunk.byteLength;
      const pieces: Buffer[] = started ? [] : [start.prefix];
      started = true;
      let at = 0;
      while (at < chunk.byteLength) {
        // A whole chunk in what was given is sealed where it is, without a copy.
        if (filled === 0 && index < lastIndex && chunk.byteLength - at >= PLAIN_CHUNK) {
          pieces.push(...sealed(chunk.subarray(at, at + PLAIN_CHUNK)));
          at += PLAIN_CHUNK;
          index += 1;
          continue;
        }
        const take = Math.min(PLAIN_CHUNK - filled, chunk.byteLength - at);
        pending.set(chunk.subarray(at, at + take), filled);
        filled += take;
        at += take;
        if (filled === PLAIN_CHUNK && index < lastIndex) {
          pieces.push(...sealed(pending));
          filled = 0;
          index += 1;
        }
      }
      if (given === size) pieces.push(...sealed(pending.subarray(0, filled)));
      if (pieces.length > 0) await send(pieces);
    },
    seal: async () => {
      if (given !== size) throw fail(`only ${given} of the source's ${size} bytes were given`);
      // An empty file is its header, its nonce and one empty chunk.
      if (!started) await send([start.prefix, ...sealed(Buffer.alloc(0))]);
      started = true;
      await inner.seal();
    },
    verify: async (expected) => {
      const hash = plainHash.digestHex();
      if (hash !== expected) throw fail(`the bytes given hash to xxh64 ${hash}, not the source's ${expected}; the object was not completed`);
      await inner.verify(cipherHash.digestHex());
    },
    commit: async () => {
      await inner.commit();
      return location;
    },
    abort: (resumable) => inner.abort(resumable),
  };
}
