import path from 'node:path';

export interface GlobalOptions {
  home?: string;
}

/** Command-line paths, absolute. */
export function absoluteTargets(targets: readonly string[]): string[] {
  return targets.map((t) => path.resolve(t));
}

/** `--to a,b --to c` → ['a', 'b', 'c']. */
export function collectNames(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ];
}

export const BWLIMIT_HELP = "cloud bandwidth, uploads and downloads together, in rclone's form: 20M (MiB/s), 512k, off, or a timetable '08:00,10M 19:00,off'";
