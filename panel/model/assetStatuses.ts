/**
 * The helper's word on each file, by path: a status document replaces it all, `asset.status` events
 * update single files as their copies are recorded.
 */
import type { AssetStatusMessage, StatusDocumentMessage } from '../../src/protocol/messages';

export type AssetStatuses = ReadonlyMap<string, AssetStatusMessage>;

export const NO_STATUSES: AssetStatuses = new Map();

export function statusesFromDocument(document: StatusDocumentMessage): AssetStatuses {
  return new Map(document.assets.map((a) => [a.path, a]));
}

/**
 * Newer statuses over older ones. An event's status says nothing of how the project uses the file
 * (role, clip names, offline mark): those are kept from what the status document said.
 */
export function mergeStatuses(current: AssetStatuses, updates: readonly AssetStatusMessage[]): AssetStatuses {
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
