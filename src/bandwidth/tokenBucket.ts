/**
 * A token bucket that lends: a reservation of any size is granted at once and the caller waits until the
 * bucket would have refilled the debt, so a chunk larger than the bucket still passes. By any time t the
 * bytes whose wait has ended are at most `capacity + rate × t` (t from an empty start), whatever the sizes.
 */
export interface TokenBucket {
  /** Bytes per second. */
  rate: number;
  /** The most bytes that may pass at once after an idle spell. */
  capacity: number;
}

/** Tokens held (negative: owed) at `at` (milliseconds). */
export interface BucketState {
  tokens: number;
  at: number;
}

/** An empty bucket at `now`: what passes is paced from the first byte. */
export function emptyBucket(now: number): BucketState {
  return { tokens: 0, at: now };
}

/** Takes `bytes` at `now`: the bucket after it, and how long the caller waits before using them. */
export function reserve(bucket: TokenBucket, state: BucketState, bytes: number, now: number): { state: BucketState; waitMs: number } {
  const at = Math.max(now, state.at);
  const tokens = Math.min(bucket.capacity, state.tokens + ((at - state.at) / 1000) * bucket.rate) - bytes;
  return { state: { tokens, at }, waitMs: tokens < 0 ? (-tokens / bucket.rate) * 1000 : 0 };
}
