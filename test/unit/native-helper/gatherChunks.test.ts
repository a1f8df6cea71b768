import fc from 'fast-check';
import { gatherChunks } from '../../../native-helper/fsutil/gatherChunks';

async function* from(chunks: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) yield chunk;
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const chunk of chunks) out.push(Uint8Array.from(chunk));
  return out;
}

describe('gatherChunks', () => {
  it('gives the same bytes in order, every chunk but the last exactly the size asked, unless one came that large alone', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 30 }), fc.integer({ min: 1, max: 32 }), async (chunks, bytes) => {
        const out = await collect(gatherChunks(from(chunks), bytes));
        expect(Buffer.concat(out)).toEqual(Buffer.concat(chunks));
        for (const chunk of out.slice(0, -1)) expect(chunk.byteLength).toBeGreaterThanOrEqual(bytes);
        expect(out.every((chunk) => chunk.byteLength > 0)).toBe(true);
      }),
    );
  });

  it('turns many small network chunks into one write per buffer', async () => {
    const chunks = Array.from({ length: 16 }, (_, i) => new Uint8Array(16 * 1024).fill(i));
    const out = await collect(gatherChunks(from(chunks), 1024 * 1024));
    expect(out.map((c) => c.byteLength)).toEqual([256 * 1024]);
  });

  it('keeps the bytes of a source that reuses one buffer for every chunk', async () => {
    const shared = new Uint8Array(4);
    async function* reusing(): AsyncGenerator<Uint8Array> {
      for (let i = 1; i <= 3; i++) {
        shared.fill(i);
        yield shared;
      }
    }
    const out = await collect(gatherChunks(reusing(), 100));
    expect(Buffer.concat(out)).toEqual(Buffer.from([1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]));
  });
});
