import { PAYLOAD_NONCE_BYTES, SEALED_CHUNK, TAG_BYTES } from '../../../src/crypt/ageStream';
import type { KeyObject } from 'node:crypto';
import { AgeError, headerEnd, MAX_HEADER_BYTES, openAgeHeader, openChunk, payloadKeyOf } from './ageFormat';

/**
 * The plaintext of an age file read as a stream: the header opened with `identity`, then each chunk opened
 * as it arrives (a chunk is the last when nothing follows it). An AgeError when any of it does not open.
 */
export async function* decryptChunks(source: AsyncIterable<Uint8Array>, identity: KeyObject): AsyncGenerator<Uint8Array> {
  let held = Buffer.alloc(0);
  let payloadKey: KeyObject | undefined;
  let index = 0;
  for await (const chunk of source) {
    held = held.byteLength === 0 ? Buffer.from(chunk) : Buffer.concat([held, chunk]);
    if (payloadKey === undefined) {
      const end = headerEnd(held);
      if (end === undefined) {
        if (held.byteLength > MAX_HEADER_BYTES) throw new AgeError('damaged', 'it does not start with an age header');
        continue;
      }
      if (held.byteLength < end + PAYLOAD_NONCE_BYTES) continue;
      const fileKey = openAgeHeader(held.subarray(0, end), identity);
      payloadKey = payloadKeyOf(fileKey, held.subarray(end, end + PAYLOAD_NONCE_BYTES));
      held = held.subarray(end + PAYLOAD_NONCE_BYTES);
    }
    const opened: Buffer[] = [];
    // A full chunk with more after it is not the last.
    while (held.byteLength > SEALED_CHUNK) {
      opened.push(openChunk(payloadKey, index, false, held.subarray(0, SEALED_CHUNK)));
      held = held.subarray(SEALED_CHUNK);
      index += 1;
    }
    if (opened.length > 0) yield opened.length === 1 ? opened[0]! : Buffer.concat(opened);
  }
  if (payloadKey === undefined || held.byteLength < TAG_BYTES) throw new AgeError('damaged', 'it is cut short');
  yield openChunk(payloadKey, index, true, held);
}

/** The plaintext chunks `first`… of a payload range (starting at chunk `first`'s first byte), `lastIndex` being the file's last chunk. */
export async function* decryptSpan(source: AsyncIterable<Uint8Array>, payloadKey: KeyObject, first: number, lastIndex: number): AsyncGenerator<Uint8Array> {
  let held = Buffer.alloc(0);
  let index = first;
  const take = (): Buffer => {
    const plain = openChunk(payloadKey, index, index === lastIndex, held.subarray(0, SEALED_CHUNK));
    held = held.subarray(Math.min(SEALED_CHUNK, held.byteLength));
    index += 1;
    return plain;
  };
  for await (const chunk of source) {
    held = held.byteLength === 0 ? Buffer.from(chunk) : Buffer.concat([held, chunk]);
    const opened: Buffer[] = [];
    while (held.byteLength >= SEALED_CHUNK) opened.push(take());
    if (opened.length > 0) yield Buffer.concat(opened);
  }
  if (held.byteLength > 0) yield take();
}
