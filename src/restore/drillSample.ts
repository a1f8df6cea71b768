/** A verified copy a drill may restore. */
export interface DrillCandidate {
  /** The copy's id: each copy is drilled at most once. */
  id: number;
  destination: string;
  size: number;
}

/** What a drill may restore at most. */
export interface DrillBudget {
  files: number;
  bytes: number;
}

/**
 * The copies a drill restores: a random sample, the same for the same seed, that stays within the budget
 * in files and in bytes. Every destination with copies is drawn first (when the files allow it, and its
 * smallest copy fits what the others' smallest leave of the bytes), so every medium and the cloud are
 * proved; then the destinations take turns, each alternating between its larger and its smaller half of
 * copies, so large files and small ones are both restored.
 */
export function chooseDrillSample<C extends DrillCandidate>(candidates: readonly C[], budget: DrillBudget, seed: number): C[] {
  const random = seededRandom(seed);
  const byDestination = new Map<string, C[]>();
  for (const c of candidates) byDestination.set(c.destination, [...(byDestination.get(c.destination) ?? []), c]);
  const strata = [...byDestination.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([destination, copies]) => ({ destination, ...halves(copies), nextLarge: true }));
  shuffle(strata, random);

  const chosen: C[] = [];
  const taken = new Set<number>();
  let bytesLeft = budget.bytes;
  const take = (c: C): void => {
    chosen.push(c);
    taken.add(c.id);
    bytesLeft -= c.size;
  };
  const fitting = (copies: readonly C[], limit: number): C[] => copies.filter((c) => !taken.has(c.id) && c.size <= limit);

  // Every destination once: each keeps back the bytes the others' smallest copies need.
  const smallest = strata.map((s) => Math.min(...[...s.small, ...s.large].map((c) => c.size)));
  let reserved = smallest.reduce((sum, n) => sum + n, 0);
  for (const [i, s] of strata.entries()) {
    reserved -= smallest[i]!;
    if (chosen.length >= budget.files) break;
    const limit = bytesLeft - reserved;
    const pick = pickFrom(fitting(s.large, limit), random) ?? pickFrom(fitting(s.small, limit), random) ?? pickFrom(fitting(s.small, bytesLeft), random);
    if (pick !== undefined) {
      take(pick);
      s.nextLarge = !s.large.includes(pick);
    }
  }

  // Then in turns, larger and smaller copies alternately, until the budget or the copies run out.
  let progressed = true;
  while (chosen.length < budget.files && progressed) {
    progressed = false;
    for (const s of strata) {
      if (chosen.length >= budget.files) break;
      const [first, second] = s.nextLarge ? [s.large, s.small] : [s.small, s.large];
      const pick = pickFrom(fitting(first, bytesLeft), random) ?? pickFrom(fitting(second, bytesLeft), random);
      if (pick === undefined) continue;
      take(pick);
      s.nextLarge = !s.large.includes(pick);
      progressed = true;
    }
  }
  return chosen;
}

/** A destination's copies by size: the smaller half and the larger half (the larger holds the middle one). */
function halves<C extends DrillCandidate>(copies: readonly C[]): { small: C[]; large: C[] } {
  const sorted = [...copies].sort((a, b) => a.size - b.size || a.id - b.id);
  const middle = Math.floor(sorted.length / 2);
  return { small: sorted.slice(0, middle), large: sorted.slice(middle) };
}

function pickFrom<C>(list: readonly C[], random: () => number): C | undefined {
  return list.length === 0 ? undefined : list[Math.floor(random() * list.length)];
}

function shuffle<T>(list: T[], random: () => number): void {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
}

/** A small seeded generator (mulberry32): the same seed gives the same sample. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
