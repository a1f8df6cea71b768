/**
 * The bytes of `chunks`, in order, in chunks of `bytes` (the last may be shorter): a download's small
 * network chunks become few large writes. A chunk that large on its own, coming when nothing is held,
 * passes as it is; smaller ones are copied into a buffer of their own (a source may reuse a chunk's memory).
 */
export async function* gatherChunks(chunks: AsyncIterable<Uint8Array>, bytes: number): AsyncGenerator<Uint8Array> {
  let buffer: Buffer | undefined;
  let used = 0;
  for await (const chunk of chunks) {
    if (used === 0 && chunk.byteLength >= bytes) {
      yield chunk;
      continue;
    }
    for (let offset = 0; offset < chunk.byteLength; ) {
      buffer ??= Buffer.allocUnsafe(bytes);
      const n = Math.min(bytes - used, chunk.byteLength - offset);
      buffer.set(chunk.subarray(offset, offset + n), used);
      used += n;
      offset += n;
      if (used === bytes) {
        yield buffer;
        buffer = undefined;
        used = 0;
      }
    }
  }
  if (buffer !== undefined && used > 0) yield buffer.subarray(0, used);
}
