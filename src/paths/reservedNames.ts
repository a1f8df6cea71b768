import { foldSegment } from './foldKey';

/** Threefold's own names on a destination: no source's key may use them. */
export const HISTORY_FOLDER = 'ascmhl';
export const RECORDS_FOLDER = '.threefold';
export const VERSIONS_FOLDER = '.threefold-versions';
export const PARTIAL_SUFFIX = '.threefold-partial';
const PROBE_NAME = /^\.threefold-probe-[0-9a-f]*$/;
/** Appended to a reserved name in a source's key: `ascmhl/x.mov` → `ascmhl~/x.mov`. */
export const RESERVED_ESCAPE = '~';

/**
 * Whether a segment of a key, at this depth, is one of Threefold's names, in any case or normalisation:
 * at the top the manifests folder `ascmhl` and the records folder `.threefold` (identity marker, key
 * owners); at any depth the versions folder, copies in progress (`*.threefold-partial`) and probes.
 */
export function isReservedSegment(segment: string, depth: number): boolean {
  const folded = foldSegment(segment);
  if (depth === 0 && (folded === HISTORY_FOLDER || folded === RECORDS_FOLDER)) return true;
  return folded === VERSIONS_FOLDER || folded.endsWith(PARTIAL_SUFFIX) || PROBE_NAME.test(folded);
}

export function hasReservedSegment(key: string): boolean {
  return key.split('/').some((segment, depth) => isReservedSegment(segment, depth));
}

/** The key with each reserved segment made a name of the source's own by a trailing `~`. */
export function escapeReserved(key: string): string {
  return key
    .split('/')
    .map((segment, depth) => (isReservedSegment(segment, depth) ? `${segment}${RESERVED_ESCAPE}` : segment))
    .join('/');
}
