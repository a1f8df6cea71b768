/** A span of an object's bytes, `end` exclusive. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The ranges of `rangeBytes` (the last one shorter) that a download of `size` bytes still needs, given the
 * ranges already done: a range is skipped only when done ranges cover all of it.
 */
export function missingRanges(size: number, rangeBytes: number, done: readonly ByteRange[]): ByteRange[] {
  const covered = mergeRanges(done);
  const missing: ByteRange[] = [];
  for (let start = 0; start < size; start += rangeBytes) {
    const end = Math.min(size, start + rangeBytes);
    if (!covered.some((c) => c.start <= start && end <= c.end)) missing.push({ start, end });
  }
  return missing;
}

/** Overlapping or touching ranges joined, in order; empty ones dropped. */
export function mergeRanges(ranges: readonly ByteRange[]): ByteRange[] {
  const sorted = ranges.filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
  const merged: ByteRange[] = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  return merged;
}

/** How far from 0 the done ranges reach without a gap: the bytes that can be hashed in order. */
export function contiguousEnd(done: readonly ByteRange[]): number {
  const first = mergeRanges(done)[0];
  return first !== undefined && first.start === 0 ? first.end : 0;
}
