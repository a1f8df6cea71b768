import { allocateKey, KeyAllocationError } from '../paths/allocateKey';
import { foldKey } from '../paths/foldKey';
import { versionedKey } from '../paths/versionedKey';
import type { CopyTask, PlanRejection } from './planProtect';

/**
 * Who holds a key on one destination, as far as a source is concerned: the source itself (its recorded
 * copy, which a new copy may replace), nobody, or someone else, said in words for the user ("the copy of
 * /X/Proj/a.bin", "a file Threefold did not write").
 */
export type KeyHolder = { mine: true } | { mine: false; holder: string } | undefined;

export interface KeyClaims {
  /** The keys a source owns on a destination (its copies are there). */
  ownKeys(sourcePath: string, destination: string): readonly string[];
  /** Who holds this key, or a key of the same folded form (`folded`, its foldKey), on the destination. */
  holderOf(destination: string, key: string, folded: string, sourcePath: string): KeyHolder;
}

export interface KeyMove {
  path: string;
  key: string;
  destination: string;
  /** The natural key the source could not have there, and who holds it. */
  naturalKey: string;
  holder: string;
}

/**
 * Gives every task the key it owns on all of its destinations (see allocateKey): its recorded key if it
 * has one that is still its own everywhere, else its natural key if free everywhere, else a tagged one.
 * Within the job no two tasks get keys of one folded form on a destination. `moved` says which sources
 * could not have their natural key, and why; `rejected`, the rare one no key could be found for.
 */
export function assignKeys(tasks: readonly CopyTask[], claims: KeyClaims): { tasks: CopyTask[]; moved: KeyMove[]; rejected: PlanRejection[] } {
  const givenOut = new Map<string, Map<string, string>>();
  const moved: KeyMove[] = [];
  const rejected: PlanRejection[] = [];
  const assigned = tasks.flatMap((task) => {
    const path = task.source.path;
    const holderIn = (destination: string, key: string, folded = foldKey(key)): KeyHolder => {
      const inJob = givenOut.get(destination)?.get(folded);
      if (inJob !== undefined) return inJob === path ? { mine: true } : { mine: false, holder: `the copy of ${JSON.stringify(inJob)}` };
      return claims.holderOf(destination, key, folded, path);
    };
    const isFree = (key: string): boolean => {
      const folded = foldKey(key);
      return task.destinations.every((d) => holderIn(d, key, folded)?.mine !== false);
    };
    const ownKeys = [...new Set(task.destinations.flatMap((d) => claims.ownKeys(path, d)))];
    let key: string;
    try {
      key = allocateKey(task.ownerKey, path, isFree, ownKeys);
    } catch (error) {
      if (!(error instanceof KeyAllocationError)) throw error;
      rejected.push({ path, reason: error.message });
      return [];
    }
    const folded = foldKey(key);
    for (const d of task.destinations) {
      let given = givenOut.get(d);
      if (given === undefined) {
        given = new Map();
        givenOut.set(d, given);
      }
      given.set(folded, path);
    }
    if (key !== task.ownerKey && !ownKeys.includes(key)) {
      const taken = task.destinations.map((d) => ({ d, h: holderIn(d, task.ownerKey) })).find(({ h }) => h?.mine === false);
      if (taken !== undefined && taken.h?.mine === false) {
        moved.push({ path, key, destination: taken.d, naturalKey: task.ownerKey, holder: taken.h.holder });
      }
    }
    return [{ ...task, ownerKey: key, key: task.source.versioned ? versionedKey(key, task.source.mtimeMs) : key }];
  });
  return { tasks: assigned, moved, rejected };
}
