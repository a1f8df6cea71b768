import type { Policy } from './policy';

export const ASSET_STATES = ['protected', 'partial', 'unprotected', 'stale', 'missing', 'lost', 'failed'] as const;
export type AssetState = (typeof ASSET_STATES)[number];

export type Shortfall = 'copies' | 'media' | 'offsite';

/** What is known of the source file now, compared with what the catalog recorded. */
export type SourceCondition =
  /** Present, and its size and mtime are those recorded with its hash. */
  | 'unchanged'
  /** Present, never hashed (no catalog record yet). */
  | 'new'
  /** Present, but its size or mtime differ from the record: the copies are of older content. */
  | 'changed'
  /** Same size and mtime as recorded but a different hash: possible corruption. */
  | 'corrupt'
  /** Not there (or not a readable file). */
  | 'absent';

export interface CopyFact {
  destination: string;
  media: string;
  offsite: boolean;
  /** The copy's bytes hashed to the recorded source hash when it was last checked. */
  verified: boolean;
  /** The copy failed its last verification (mismatch or gone). */
  failed: boolean;
  /**
   * The storage it is on (the id of the identity marker at its destination's root): two destinations
   * that reach one storage (a bind mount, one bucket under two endpoints) hold one copy, not two.
   */
  storage?: string;
}

export interface AssetFacts {
  source: SourceCondition;
  /** Copies of the content the catalog recorded for this source. */
  copies: readonly CopyFact[];
}

export interface Assessment {
  state: AssetState;
  /** Counted copies: the source (when present and unchanged) plus verified destination copies, one per storage. */
  copies: number;
  /** Distinct media labels among the counted copies, sorted. */
  media: string[];
  /** Counted offsite copies. */
  offsite: number;
  /** What the policy still needs, in a fixed order. */
  missing: Shortfall[];
}

/**
 * Applies the 3-2-1 rule to one asset. A copy counts only when verified, and once per storage; the source
 * counts only when present; copies of content the source no longer has (a changed source) count for nothing.
 */
export function assessAsset(facts: AssetFacts, policy: Policy, sourceMedia: string): Assessment {
  // A present source is a copy of its own current content, unless its bytes no longer hash to the
  // record without a new mtime: then it is suspect, not a good copy of anything.
  const sourceCounts = facts.source !== 'absent' && facts.source !== 'corrupt';
  const contentMatches = facts.source !== 'changed' && facts.source !== 'new';
  const counted = contentMatches ? onePerStorage(facts.copies.filter((c) => c.verified && !c.failed)) : [];

  const media = new Set(counted.map((c) => c.media));
  if (sourceCounts) media.add(sourceMedia);
  const copies = counted.length + (sourceCounts ? 1 : 0);
  const offsite = counted.filter((c) => c.offsite).length;

  const missing: Shortfall[] = [];
  if (copies < policy.copies) missing.push('copies');
  if (media.size < policy.media) missing.push('media');
  if (offsite < policy.offsite) missing.push('offsite');

  const assessment = { copies, media: [...media].sort(), offsite, missing };
  return { state: stateOf(facts, counted.length, missing.length === 0), ...assessment };
}

/** The first copy on each storage; a copy whose storage is not known is on its destination's own. */
function onePerStorage(copies: readonly CopyFact[]): CopyFact[] {
  const seen = new Set<string>();
  return copies.filter((c) => {
    const storage = c.storage === undefined ? `destination:${c.destination}` : `marker:${c.storage}`;
    if (seen.has(storage)) return false;
    seen.add(storage);
    return true;
  });
}

function stateOf(facts: AssetFacts, countedCopies: number, meetsPolicy: boolean): AssetState {
  if (facts.source === 'absent') return countedCopies > 0 ? 'missing' : 'lost';
  if (facts.source === 'corrupt') return 'failed';
  // Copies of older content make a changed source stale; with none, it is judged like a new file.
  if (facts.source === 'changed' && facts.copies.length > 0) return 'stale';
  if (facts.copies.some((c) => c.failed)) return 'failed';
  if (meetsPolicy) return 'protected';
  return countedCopies > 0 ? 'partial' : 'unprotected';
}
