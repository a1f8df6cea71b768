import fc from 'fast-check';
import { emptyBucket, reserve, type TokenBucket } from '../../../src/bandwidth/tokenBucket';

/** Reservations made one after another, each at its caller's time (never before the previous one ended waiting). */
function run(bucket: TokenBucket, requests: Array<{ gapMs: number; bytes: number }>): Array<{ bytes: number; passedAt: number }> {
  let state = emptyBucket(0);
  let now = 0;
  const passed: Array<{ bytes: number; passedAt: number }> = [];
  for (const { gapMs, bytes } of requests) {
    now += gapMs;
    const r = reserve(bucket, state, bytes, now);
    state = r.state;
    now += r.waitMs;
    passed.push({ bytes, passedAt: now });
  }
  return passed;
}

const bucketArb = fc.record({ rate: fc.integer({ min: 1, max: 100_000_000 }), capacity: fc.integer({ min: 0, max: 100_000_000 }) });
const requestsArb = fc.array(fc.record({ gapMs: fc.integer({ min: 0, max: 5000 }), bytes: fc.integer({ min: 1, max: 50_000_000 }) }), { maxLength: 60 });

describe('token bucket', () => {
  it('lets no more than capacity + rate × t pass by any time t, whatever the sizes (larger than the bucket too)', () => {
    fc.assert(
      fc.property(bucketArb, requestsArb, (bucket, requests) => {
        let total = 0;
        for (const { bytes, passedAt } of run(bucket, requests)) {
          total += bytes;
          if (total > bucket.capacity + (bucket.rate * passedAt) / 1000 + 1e-6 * total) return false;
        }
        return true;
      }),
    );
  });

  it('keeps a steady taker at the rate: n chunks back to back take their bytes / rate, less what the bucket held', () => {
    fc.assert(
      fc.property(bucketArb, fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 50 }), (bucket, chunk, n) => {
        const passed = run(
          bucket,
          Array.from({ length: n }, () => ({ gapMs: 0, bytes: chunk })),
        );
        const expected = ((n * chunk) / bucket.rate) * 1000;
        return Math.abs(passed[n - 1]!.passedAt - expected) < 1e-6 * expected + 1e-6;
      }),
    );
    // 10 MB/s from empty: 1 MB waits 100 ms.
    expect(reserve({ rate: 10_000_000, capacity: 1_000_000 }, emptyBucket(0), 1_000_000, 0).waitMs).toBeCloseTo(100);
  });

  it('lets a burst of up to its capacity through at once after an idle spell, and no more', () => {
    const bucket = { rate: 1000, capacity: 5000 };
    const idle = { tokens: 0, at: 0 };
    expect(reserve(bucket, idle, 5000, 60_000).waitMs).toBe(0);
    expect(reserve(bucket, idle, 6000, 60_000).waitMs).toBeCloseTo(1000);
  });
});
