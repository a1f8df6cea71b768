export type SkippedMediaCounts = Record<'synthetic' | 'cache' | 'no-path', number>;

/** The reading's warnings: what was skipped on purpose, counted, with why. Nothing skipped, no warning. */
export function describeSkippedMedia(counts: SkippedMediaCounts): string[] {
  const warnings: string[] = [];
  const { synthetic, cache } = counts;
  const noPath = counts['no-path'];
  if (synthetic > 0) {
    const why = synthetic === 1 ? 'it is not a file' : 'they are not files';
    warnings.push(`${synthetic} synthetic ${plural(synthetic, 'item')} (titles, bars, black video) skipped: ${why}`);
  }
  if (cache > 0) {
    warnings.push(`${cache} media cache ${plural(cache, 'file')} skipped: Premiere regenerates ${cache === 1 ? 'it' : 'them'}`);
  }
  if (noPath > 0) warnings.push(`${noPath} media ${plural(noPath, 'item')} skipped: no usable file path recorded`);
  return warnings;
}

function plural(count: number, noun: string): string {
  return count === 1 ? noun : `${noun}s`;
}
