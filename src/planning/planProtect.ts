import { sameMtime } from '../format/sameMtime';
import { mapSourcePath, PathMappingError } from '../paths/mapSourcePath';
import { versionedKey } from '../paths/versionedKey';

export interface ObservedSource {
  path: string;
  size: number;
  mtimeMs: number;
  /** Each content is kept as its own version on destinations (see versionedKey). */
  versioned?: boolean;
}

export interface RecordedAsset {
  size: number;
  mtimeMs: number;
  xxh64: string;
}

export interface RecordedCopy {
  destination: string;
  xxh64: string;
  status: 'verified' | 'failed';
}

export interface PlanInput {
  sources: ReadonlyArray<{ source: ObservedSource; recorded?: RecordedAsset; copies: readonly RecordedCopy[] }>;
  /** Names of the destinations this job writes to. */
  destinations: readonly string[];
}

export interface CopyTask {
  source: ObservedSource;
  /** Path under every destination root: the owner key, or a version's key beside it (versionedKey). */
  key: string;
  /**
   * The key the source owns on its destinations: its natural key (mapSourcePath) until assignKeys gives
   * it the one it may have there.
   */
  ownerKey: string;
  destinations: string[];
  /**
   * Set when the source's size and mtime are those recorded: its bytes must hash to this, or the source
   * has changed without a new mtime (possible corruption) and nothing may be copied from it.
   */
  expectXxh64?: string;
  why: 'new' | 'changed' | 'copies needed';
}

export interface PlanRejection {
  path: string;
  reason: string;
}

export interface ProtectPlan {
  tasks: CopyTask[];
  /** Sources that already have a verified copy of their current content on every destination. */
  upToDate: ObservedSource[];
  rejected: PlanRejection[];
  bytesToRead: number;
}

/**
 * One task per source that lacks a verified copy of its current content on one or more destinations.
 * A source reads once per job, however many destinations it goes to. Its key is its natural one here;
 * assignKeys gives it the key it may have on its destinations (two sources never share one).
 */
export function planProtect(input: PlanInput): ProtectPlan {
  const plan: ProtectPlan = { tasks: [], upToDate: [], rejected: [], bytesToRead: 0 };

  for (const { source, recorded, copies } of input.sources) {
    let key: string;
    try {
      key = mapSourcePath(source.path);
    } catch (error) {
      if (!(error instanceof PathMappingError)) throw error;
      plan.rejected.push({ path: source.path, reason: error.message });
      continue;
    }

    const unchanged = recorded !== undefined && recorded.size === source.size && sameMtime(recorded.mtimeMs, source.mtimeMs);
    const needing = unchanged
      ? input.destinations.filter((d) => !copies.some((c) => c.destination === d && c.status === 'verified' && c.xxh64 === recorded.xxh64))
      : [...input.destinations];

    if (needing.length === 0) {
      plan.upToDate.push(source);
      continue;
    }
    plan.tasks.push({
      source,
      key: source.versioned ? versionedKey(key, source.mtimeMs) : key,
      ownerKey: key,
      destinations: needing,
      ...(unchanged ? { expectXxh64: recorded.xxh64 } : {}),
      why: recorded === undefined ? 'new' : unchanged ? 'copies needed' : 'changed',
    });
    plan.bytesToRead += source.size;
  }
  return plan;
}
