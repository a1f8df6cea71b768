import { clipOf, projectInfo, walkClips, type ItemFacts, type ProjectTree } from '../../../../panel/host/projectReading';

/** A project tree the way Premiere's API hands it out: bins to cast, and facts that arrive out of order. */
interface Bin {
  name: string;
  items: Node[];
}
type Node = Bin | (ItemFacts & { delayMs?: number }) | { unknown: string };

const bin = (name: string, ...items: Node[]): Bin => ({ name, items });
const media = (id: string, extra: Partial<ItemFacts> & { delayMs?: number } = {}): ItemFacts & { delayMs?: number } => ({
  id,
  name: `${id}.mov`,
  sequence: false,
  mediaPath: `/media/${id}.mov`,
  proxyPath: null,
  offline: false,
  ...extra,
});

const tree: ProjectTree<Bin, Node> = {
  items: async (b) => b.items,
  asBin: (item) => ('items' in item ? item : null),
  facts: async (item) => {
    if ('unknown' in item || 'items' in item) return null;
    await new Promise((resolve) => setTimeout(resolve, item.delayMs ?? 0));
    return item;
  },
};

const ids = async (root: Bin) => (await walkClips(tree, root)).map((f) => f.clip.id);

describe('walkClips', () => {
  it("walks breadth-first: a bin's own clips, then its sub-bins' level by level, in the host's order", async () => {
    const root = bin(
      '',
      bin('Footage', bin('Day 1', media('d1a'), media('d1b')), media('f1'), bin('Day 2', media('d2a'))),
      media('r1'),
      bin('Audio', media('a1'), bin('Stems', media('s1'))),
      media('r2'),
    );
    expect(await ids(root)).toEqual(['r1', 'r2', 'f1', 'a1', 'd1a', 'd1b', 'd2a', 's1']);
  });

  it("keeps the host's order within a bin when facts arrive out of order", async () => {
    const root = bin('', media('slow', { delayMs: 30 }), media('mid', { delayMs: 10 }), media('fast'));
    expect(await ids(root)).toEqual(['slow', 'mid', 'fast']);
  });

  it('gives each clip the bins from the root, and its project item', async () => {
    const deep = media('deep');
    const found = await walkClips(tree, bin('', bin('A', bin('B', deep)), media('top')));
    expect(found.map((f) => [f.clip.id, f.clip.bin])).toEqual([
      ['top', []],
      ['deep', ['A', 'B']],
    ]);
    expect(found[1]!.item).toBe(deep);
  });

  it('skips sequences, synthetic items, items that are not clips, and empty bins', async () => {
    const root = bin(
      '',
      media('seq', { sequence: true }),
      media('matte', { mediaPath: null }),
      media('title', { mediaPath: '' }),
      { unknown: 'a style item' },
      bin('Empty'),
      media('clip'),
    );
    expect(await ids(root)).toEqual(['clip']);
  });

  it('reads in slices and yields between them, across bins: never more facts in flight than a slice', async () => {
    const many = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => media(`${prefix}${i}`));
    const root = bin('', ...many('r', 5), bin('A', ...many('a', 7)), bin('B', ...many('b', 2)));
    let inFlight = 0;
    let most = 0;
    const counting: ProjectTree<Bin, Node> = {
      ...tree,
      facts: async (item) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        const facts = await tree.facts(item);
        inFlight -= 1;
        return facts;
      },
    };
    let yields = 0;
    const found = await walkClips(counting, root, { sliceSize: 4, yieldToHost: async () => void yields++ });
    expect(found.map((f) => f.clip.id)).toEqual([...many('r', 5), ...many('a', 7), ...many('b', 2)].map((m) => m.id));
    expect(most).toBeLessThanOrEqual(4);
    // 14 items in slices of 4 over three bins: a yield after every 4 read, wherever the bins end.
    expect(yields).toBe(3);
    let oneSlice = 0;
    await walkClips(counting, bin('', ...many('x', 4)), { sliceSize: 4, yieldToHost: async () => void oneSlice++ });
    expect(oneSlice).toBe(0); // exactly one slice: no yield
  });

  it('lists nothing in an empty project', async () => {
    expect(await walkClips(tree, bin(''))).toEqual([]);
  });
});

describe('clipOf', () => {
  it('is the clip with its media, proxy and offline state', () => {
    expect(clipOf(media('a', { proxyPath: '/proxies/a.mp4', offline: true }), ['Footage'])).toEqual({
      id: 'a',
      name: 'a.mov',
      bin: ['Footage'],
      mediaPath: '/media/a.mov',
      proxyPath: '/proxies/a.mp4',
      offline: true,
    });
  });

  it('has no proxy when the host gives an empty proxy path', () => {
    expect(clipOf(media('a', { proxyPath: '' }), [])?.proxyPath).toBeNull();
  });

  it('is null for a sequence, even one with a path, and for items without a media file', () => {
    expect(clipOf(media('s', { sequence: true }), [])).toBeNull();
    expect(clipOf(media('m', { mediaPath: null }), [])).toBeNull();
    expect(clipOf(media('m', { mediaPath: '' }), [])).toBeNull();
  });

  it('copies the bin path (the walk reuses its own)', () => {
    const path = ['A'];
    const clip = clipOf(media('a'), path)!;
    path.push('B');
    expect(clip.bin).toEqual(['A']);
  });
});

describe('projectInfo', () => {
  it('names the project without its .prproj extension', () => {
    expect(projectInfo('g', 'Feature.prproj', '/p/Feature.prproj')).toEqual({ id: 'g', name: 'Feature', path: '/p/Feature.prproj' });
    expect(projectInfo('g', 'Cut.v2.PRPROJ', '/p/Cut.v2.PRPROJ').name).toBe('Cut.v2');
    expect(projectInfo('g', 'Notes.txt', null).name).toBe('Notes.txt');
  });

  it('has no path for a project never saved', () => {
    expect(projectInfo('g', 'Untitled', '').path).toBeNull();
    expect(projectInfo('g', 'Untitled', undefined).path).toBeNull();
  });
});
