/** A recorded copy of an asset, as a restore chooses among them. */
export interface RecordedCandidate {
  destination: string;
  /** A local folder (read at disk speed) or a cloud store. */
  local: boolean;
  status: 'verified' | 'failed';
  /** Its storage proved not to hold it any more. */
  absent: boolean;
  /** The copy holds the asset's recorded content (an older copy of a changed source does not). */
  current: boolean;
}

export interface CandidateOrder {
  /** Only this destination (`--from`). */
  from?: string;
  /** Destination names, most preferred first (the reachable ones before the others, then as configured). */
  preference: readonly string[];
}

/**
 * The copies a restore tries, in order: verified copies of the recorded content only; local ones before the
 * cloud (a disk answers faster and costs nothing); then as `preference` says. A copy on a destination not in
 * `preference` (no longer configured) cannot be opened and is left out.
 */
export function orderCandidates<C extends RecordedCandidate>(copies: readonly C[], order: CandidateOrder): C[] {
  const rank = new Map(order.preference.map((name, i) => [name, i]));
  return copies
    .filter((c) => c.status === 'verified' && !c.absent && c.current && rank.has(c.destination))
    .filter((c) => order.from === undefined || c.destination === order.from)
    .sort((a, b) => Number(b.local) - Number(a.local) || rank.get(a.destination)! - rank.get(b.destination)!);
}

/** Why a file has no copy to try, in words: what the catalog says of its copies. */
export function noCandidateReason(copies: readonly RecordedCandidate[], from: string | undefined): string {
  const relevant = from === undefined ? copies : copies.filter((c) => c.destination === from);
  if (relevant.length === 0) return from === undefined ? 'no copy of it is recorded' : `no copy of it is recorded on "${from}"`;
  const parts = relevant.map((c) =>
    c.absent
      ? `${c.destination}: not there any more`
      : c.status === 'failed'
        ? `${c.destination}: failed its last check`
        : `${c.destination}: an older version`,
  );
  return `no verified copy of it (${parts.join('; ')})`;
}
