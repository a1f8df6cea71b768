/**
 * The helper's word on each file, by path: a badges answer replaces it all, `asset.status` events update
 * single files as their copies are recorded. Where a file's copies are comes with events, or when asked.
 */
import { badgedFiles, type BadgeSource, type Badges } from '../../src/protocol/badges';
import type { AssetStatusMessage } from '../../src/protocol/messages';

/** A file's badge, and what events or a full status added: where its copies are, how the project uses it. */
export type KnownStatus = BadgeSource & Partial<Pick<AssetStatusMessage, 'xxh64' | 'locations' | 'role' | 'clips'>>;
export type AssetStatuses = ReadonlyMap<string, KnownStatus>;

export const NO_STATUSES: AssetStatuses = new Map();

export function statusesFromBadges(badges: Badges): AssetStatuses {
  return new Map(badgedFiles(badges).map((f) => [f.path, f]));
}

/**
 * Newer statuses over older ones. An update that says nothing of how the project uses the file (role,
 * clip names, offline mark) keeps what was known.
 */
export function mergeStatuses(current: AssetStatuses, updates: readonly KnownStatus[]): AssetStatuses {
  if (updates.length === 0) return current;
  const next = new Map(current);
  for (const update of updates) {
    const previous = next.get(update.path);
    next.set(update.path, {
      ...update,
      ...(update.role === undefined && previous?.role !== undefined ? { role: previous.role } : {}),
      ...(update.clips === undefined && previous?.clips !== undefined ? { clips: previous.clips } : {}),
      ...(update.offline === undefined && previous?.offline !== undefined ? { offline: previous.offline } : {}),
    });
  }
  return next;
}
