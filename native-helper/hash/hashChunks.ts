import { createXxh64 } from './xxh64';

/** XXH64 and length of a stream of chunks. */
export async function hashChunks(chunks: AsyncIterable<Uint8Array>): Promise<{ xxh64: string; size: number }> {
  const hasher = await createXxh64();
  let size = 0;
  for await (const chunk of chunks) {
    hasher.update(chunk);
    size += chunk.byteLength;
  }
  return { xxh64: hasher.digestHex(), size };
}
