/**
 * The permission bits a copy may keep, given the modes of its source's folder and of each folder above it:
 * a class of users (group, others) that one of them does not let through (no x bit) cannot reach the
 * source, whatever the source's own bits say, so the copy gives that class nothing either. The owner's
 * bits always stay.
 */
export function reachableBits(folderModes: readonly number[]): number {
  let bits = 0o777;
  for (const mode of folderModes) {
    if ((mode & 0o010) === 0) bits &= ~0o070;
    if ((mode & 0o001) === 0) bits &= ~0o007;
  }
  return bits;
}
