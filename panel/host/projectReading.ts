/**
 * Reading a project, whatever holds it (Premiere's API, the simulated fixture): its bins walked
 * breadth-first, and which items are clips. Both hosts go through these functions, so the simulated host
 * skips exactly what the Premiere host skips.
 */
import type { HostClip, HostProjectInfo } from './host';

/** What a host says about one project item that is not a bin. */
export interface ItemFacts {
  id: string;
  name: string;
  /** A sequence: its media are other clips of the project. */
  sequence: boolean;
  /** The media file; empty or null for synthetic items (color mattes, bars and tone, titles). */
  mediaPath: string | null;
  proxyPath: string | null;
  offline: boolean;
}

/** A project's tree as a host exposes it. */
export interface ProjectTree<Bin extends { readonly name: string }, Item> {
  items(bin: Bin): Promise<readonly Item[]>;
  /** The item as a bin, or null (a synchronous cast, like Premiere's `FolderItem.cast`). */
  asBin(item: Item): Bin | null;
  /** Facts of an item that is not a bin; null for items that are not clips at all. */
  facts(item: Item): Promise<ItemFacts | null>;
}

export interface FoundClip<Item> {
  clip: HostClip;
  item: Item;
}

/** The clip an item stands for, or null when it has no media file of its own (sequences, synthetic items). */
export function clipOf(facts: ItemFacts, bin: readonly string[]): HostClip | null {
  if (facts.sequence || !facts.mediaPath) return null;
  return {
    id: facts.id,
    name: facts.name,
    bin: [...bin],
    mediaPath: facts.mediaPath,
    proxyPath: facts.proxyPath || null,
    offline: facts.offline,
  };
}

/** How a walk shares the thread with the host's UI: items read per slice, and a pause between slices. */
export interface WalkPace {
  sliceSize: number;
  /** Resolves once the host's UI has had its turn (a macrotask: events and drawing run before it). */
  yieldToHost(): Promise<void>;
}

/** Items whose facts are read per slice: each is a round trip to the host, a slice of them a few milliseconds. */
export const WALK_SLICE_SIZE = 200;

export const DEFAULT_WALK_PACE: WalkPace = {
  sliceSize: WALK_SLICE_SIZE,
  yieldToHost: () => new Promise((resolve) => setTimeout(resolve, 0)),
};

/**
 * Every clip under `root`, breadth-first: a bin's own clips in the host's order, then its sub-bins' in
 * theirs, level by level. An item's facts are read concurrently within a slice of its bin (each is a round
 * trip to the host) and kept in order; between slices the walk yields, so a project of thousands of clips
 * never holds the host's UI for long.
 */
export async function walkClips<Bin extends { readonly name: string }, Item>(
  tree: ProjectTree<Bin, Item>,
  root: Bin,
  pace: WalkPace = DEFAULT_WALK_PACE,
): Promise<FoundClip<Item>[]> {
  const found: FoundClip<Item>[] = [];
  const queue: Array<{ bin: Bin; path: string[] }> = [{ bin: root, path: [] }];
  let inSlice = 0;
  for (let next = 0; next < queue.length; next++) {
    const { bin, path } = queue[next];
    const others: Item[] = [];
    for (const item of await tree.items(bin)) {
      const sub = tree.asBin(item);
      if (sub) queue.push({ bin: sub, path: [...path, sub.name] });
      else others.push(item);
    }
    for (let start = 0; start < others.length; ) {
      if (inSlice >= pace.sliceSize) {
        await pace.yieldToHost();
        inSlice = 0;
      }
      const slice = others.slice(start, start + pace.sliceSize - inSlice);
      const facts = await Promise.all(slice.map((item) => tree.facts(item)));
      slice.forEach((item, i) => {
        const clip = facts[i] ? clipOf(facts[i], path) : null;
        if (clip) found.push({ clip, item });
      });
      start += slice.length;
      inSlice += slice.length;
    }
  }
  return found;
}

/** The project as the panel names it: Premiere's `name` carries the file's extension. */
export function projectInfo(id: string, name: string, path: string | null | undefined): HostProjectInfo {
  return { id, name: name.replace(/\.prproj$/i, ''), path: path || null };
}
