import { setTimeout as sleep } from 'node:timers/promises';
import { type BucketState, emptyBucket, reserve } from '../../src/bandwidth/tokenBucket';

/** The bytes a pacer lets through at once after an idle spell: a quarter second of its rate. */
const BURST_SECONDS = 0.25;

/**
 * Holds bytes to a rate that may change with the time of day (`rateAt`: bytes per second, null for no
 * limit), through the lending token bucket of src/bandwidth: `take(n)` resolves once n more bytes may go.
 * One pacer shared by concurrent takers holds them together to the rate.
 */
export class Pacer {
  private state: BucketState = emptyBucket(performance.now());
  private rate: number | null = null;

  constructor(private readonly rateAt: () => number | null) {}

  /** Resolves when `bytes` may go; rejects with the signal's reason when it fires first. */
  async take(bytes: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const rate = this.rateAt();
    const now = performance.now();
    if (rate !== this.rate) {
      // A new rate starts from an empty bucket: nothing saved up under the old one bursts through.
      this.rate = rate;
      this.state = emptyBucket(now);
    }
    if (rate === null || bytes <= 0) return;
    const { state, waitMs } = reserve({ rate, capacity: rate * BURST_SECONDS }, this.state, bytes, now);
    this.state = state;
    if (waitMs > 0) await sleep(waitMs, undefined, signal ? { signal } : {});
  }
}

/** Each chunk of `chunks` once `pace` lets its bytes go (a slow reader holds the stream back). */
export async function* pacedChunks(chunks: AsyncIterable<Uint8Array>, pace: (bytes: number) => Promise<void>): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    await pace(chunk.byteLength);
    yield chunk;
  }
}
