import { createXxh64 } from './xxh64';

/**
 * How a hashed write ended: every chunk read and written (`bytes` may be more than `expected`: reading stops
 * one chunk past it), or which side failed first, `read` or `write`, with its error.
 */
export type HashedWrite = { ok: true; bytes: number; xxh64: string } | { ok: false; side: 'read' | 'write'; error: unknown; bytes: number };

/**
 * Streams `chunks` into `write`, hashing them on the way (one read of the bytes for both). Reading stops as
 * soon as more than `expected` bytes came: those are not the recorded ones, and nothing past them is written.
 * `onBytes` hears each chunk once it is written. The caller compares `bytes` and `xxh64` with what it expects.
 */
export async function writeHashed(
  chunks: AsyncIterable<Uint8Array>,
  write: (chunk: Uint8Array) => Promise<void>,
  expected: number,
  onBytes?: (n: number) => void,
): Promise<HashedWrite> {
  const hasher = await createXxh64();
  let bytes = 0;
  try {
    for await (const chunk of chunks) {
      hasher.update(chunk);
      bytes += chunk.byteLength;
      if (bytes > expected) break;
      try {
        await write(chunk);
      } catch (error) {
        return { ok: false, side: 'write', error, bytes };
      }
      onBytes?.(chunk.byteLength);
    }
  } catch (error) {
    return { ok: false, side: 'read', error, bytes };
  }
  return { ok: true, bytes, xxh64: hasher.digestHex() };
}
