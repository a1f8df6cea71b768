/**
 * The layout of age's payload (age-encryption.org/v1): a 16-byte nonce, then the plaintext in 64 KiB chunks,
 * each sealed with ChaCha20-Poly1305 (a 16-byte tag) under a nonce made of the chunk's index and whether it
 * is the last. Chunk i depends only on the file key, the payload nonce, i and its own plaintext, so any range
 * of the plaintext is read, and any part of an upload written, from its own chunks.
 */
export const PLAIN_CHUNK = 64 * 1024;
export const TAG_BYTES = 16;
export const SEALED_CHUNK = PLAIN_CHUNK + TAG_BYTES;
export const PAYLOAD_NONCE_BYTES = 16;

/** Chunks of a plaintext: at least one (an empty file is one empty chunk). */
export const chunkCount = (plainSize: number): number => Math.max(1, Math.ceil(plainSize / PLAIN_CHUNK));

/** Bytes of the payload after the header: nonce, every chunk and its tag. */
export const payloadSize = (plainSize: number): number => PAYLOAD_NONCE_BYTES + plainSize + TAG_BYTES * chunkCount(plainSize);

/** The plaintext size a payload of this many bytes holds, or undefined when no plaintext gives it. */
export function plainSizeOf(payloadBytes: number): number | undefined {
  const sealed = payloadBytes - PAYLOAD_NONCE_BYTES;
  if (sealed < TAG_BYTES) return undefined;
  const chunks = Math.ceil(sealed / SEALED_CHUNK);
  const plain = sealed - TAG_BYTES * chunks;
  // A last chunk is never empty unless it is the only one.
  return plain >= 0 && chunkCount(plain) === chunks && payloadSize(plain) === payloadBytes ? plain : undefined;
}

/** The 12-byte nonce of chunk `index`: an 11-byte big-endian counter, then 1 for the last chunk, else 0. */
export function chunkNonce(index: number, last: boolean): Uint8Array {
  const nonce = new Uint8Array(12);
  let rest = index;
  for (let at = 10; at >= 0 && rest > 0; at--) {
    nonce[at] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  nonce[11] = last ? 1 : 0;
  return nonce;
}

/** The chunks that hold plaintext bytes [start, end) and where they sit in the payload (after its nonce). */
export interface ChunkSpan {
  first: number;
  /** Exclusive. */
  end: number;
  /** Bytes of the payload to read, from its start (the nonce included in the count). */
  payloadStart: number;
  payloadEnd: number;
  /** Plaintext bytes to drop from the first chunk. */
  skip: number;
}

/** The chunks a plaintext range needs; empty (first === end) when the range holds nothing. */
export function chunkSpan(start: number, end: number, plainSize: number): ChunkSpan {
  const to = Math.min(end, plainSize);
  const from = Math.min(start, to);
  const first = Math.floor(from / PLAIN_CHUNK);
  const last = from === to ? first : Math.ceil(to / PLAIN_CHUNK);
  const payloadAt = (chunk: number): number => PAYLOAD_NONCE_BYTES + chunk * SEALED_CHUNK;
  const payloadEnd = Math.min(payloadAt(last), payloadSize(plainSize));
  return { first, end: last, payloadStart: payloadAt(first), payloadEnd, skip: from - first * PLAIN_CHUNK };
}
