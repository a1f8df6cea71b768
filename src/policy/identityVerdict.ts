/**
 * What a job (or `dest add`) does with the identity marker it finds at a destination's root, against the
 * identity the catalog recorded for that destination. Copies are bound to the storage they were verified
 * on: a destination whose storage turns out to be another one (or one emptied) no longer holds them.
 */
export interface IdentityFacts {
  /**
   * The root is a folder whose disk can be unmounted (a destination's `mountedRoot` capability): without
   * its marker it is an empty mount point far more often than an emptied disk.
   */
  mountedRoot: boolean;
  /** The marker's id the catalog recorded for this destination; null before any was read. */
  known: string | null;
  /** The marker's id at the root now; null when there is none. */
  found: string | null;
  /** Another configured destination recorded with `found`: the same storage under two names. */
  ownerOfFound: string | null;
  /** `dest add`: the user points at this folder or bucket now, as it is. */
  adding: boolean;
  /** The catalog records copies on this destination. */
  recordedCopies: boolean;
  /** The root holds Threefold's manifests (`ascmhl/`): a storage Threefold wrote to. */
  hasHistory: boolean;
}

export type IdentityVerdict =
  /** The recorded storage: go on. */
  | { action: 'use' }
  /** Write a new marker (exclusively) and record it. */
  | { action: 'claim'; condemn?: string }
  /** Record the marker found (written by another home, or by an earlier `dest add`). */
  | { action: 'adopt'; condemn?: string }
  /** Refused: another configured destination is this storage; its copies count once, under that name. */
  | { action: 'duplicate'; of: string; condemn?: string }
  /** A local root without its marker: the disk is not mounted. Nothing is written, its copies still count. */
  | { action: 'unreachable'; reason: string };

const REPLACED = 'the storage is not the one this copy was made on: its identity marker is another (a different disk or bucket?)';
const EMPTIED = 'the destination no longer holds its identity marker: it was emptied or replaced, and this copy with it';
const NOT_MOUNTED =
  'its identity marker (.threefold/identity.json) is not there: the disk is not mounted (if the folder was emptied on purpose, remove the destination and add it again)';
const LEGACY_NOT_MOUNTED = 'it holds neither an identity marker nor the manifests (ascmhl/) of the copies recorded there: the disk is not mounted?';

export function identityVerdict(f: IdentityFacts): IdentityVerdict {
  const changed = f.known !== null && f.known !== f.found;
  if (f.found !== null) {
    const condemn = changed ? { condemn: REPLACED } : {};
    if (f.ownerOfFound !== null) return { action: 'duplicate', of: f.ownerOfFound, ...condemn };
    if (f.known === f.found) return { action: 'use' };
    return { action: 'adopt', ...condemn };
  }
  // No marker. Pointed at by the user: it is the storage now, and copies recorded for an earlier one are not on it.
  if (f.adding) return { action: 'claim', ...(changed ? { condemn: EMPTIED } : {}) };
  // A mounted root without its marker is an empty mount point far more often than an emptied disk.
  if (f.mountedRoot) {
    if (f.known !== null) return { action: 'unreachable', reason: NOT_MOUNTED };
    if (f.recordedCopies && !f.hasHistory) return { action: 'unreachable', reason: LEGACY_NOT_MOUNTED };
    return { action: 'claim' };
  }
  // A bucket answers only when it exists: a marker gone from it was deleted with what was beside it.
  return { action: 'claim', ...(changed ? { condemn: EMPTIED } : {}) };
}
