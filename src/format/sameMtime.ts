/**
 * How far apart two modification times of the same content may be. File systems keep nanoseconds, but a
 * time set again (a restore) travels as a double of seconds, exact to a fraction of a microsecond; a file
 * that really changed moves its time far more.
 */
export const MTIME_TOLERANCE_MS = 0.001;

/** Whether two modification times (milliseconds) are the same time, as a restore can give one back. */
export function sameMtime(aMs: number, bMs: number): boolean {
  return Math.abs(aMs - bMs) <= MTIME_TOLERANCE_MS;
}
