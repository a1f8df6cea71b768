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
