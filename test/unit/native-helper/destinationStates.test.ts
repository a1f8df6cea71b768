import path from 'node:path';
import { Catalog } from '../../../native-helper/catalog/catalog';
import { makeTempDir } from '../../helpers/tempDir';

let temp: ReturnType<typeof makeTempDir>;
let catalog: Catalog;
beforeEach(() => {
  temp = makeTempDir();
  catalog = Catalog.open(path.join(temp.dir, 'home', 'catalog.sqlite'));
});
afterEach(() => {
  catalog.close();
  temp.cleanup();
});

const destination = (name: string): number => catalog.destinations.id({ url: `local:/${name}`, name, kind: 'local', media: 'hdd', offsite: false });

describe('Catalog: what is known of each destination’s storage', () => {
  it('keeps since when a destination has not answered, the latest reason, and forgets both once it answers', () => {
    const raid = destination('raid');
    expect(catalog.destinations.states()).toEqual([
      { id: raid, url: 'local:/raid', name: 'raid', identity: null, reachableAt: null, unreachableSince: null, unreachableReason: null },
    ]);
    catalog.destinations.recordReachable(raid, '2026-01-01T00:00:00Z');
    catalog.destinations.recordUnreachable(raid, '2026-01-02T00:00:00Z', 'not mounted');
    catalog.destinations.recordUnreachable(raid, '2026-01-03T00:00:00Z', 'no such folder');
    expect(catalog.destinations.states()[0]).toMatchObject({
      reachableAt: '2026-01-01T00:00:00Z',
      unreachableSince: '2026-01-02T00:00:00Z',
      unreachableReason: 'no such folder',
    });
    catalog.destinations.recordReachable(raid, '2026-01-04T00:00:00Z');
    expect(catalog.destinations.states()[0]).toMatchObject({ reachableAt: '2026-01-04T00:00:00Z', unreachableSince: null, unreachableReason: null });
    catalog.destinations.setIdentity(raid, '0123456789abcdef0123456789abcdef');
    expect(catalog.destinations.states()[0]!.identity).toBe('0123456789abcdef0123456789abcdef');
  });

  it('condemns the verified copies of a storage proven gone as absent; a new copy or a passed check makes one present again', () => {
    const [raid, usb] = [destination('raid'), destination('usb')];
    const at = '2026-01-01T00:00:00Z';
    const asset = (p: string): number => catalog.assets.record({ path: p, size: 1, mtimeMs: 1, xxh64: '00000000000000aa' }, at);
    const [a, b] = [asset('/m/a'), asset('/m/b')];
    const copy = (assetId: number, destinationId: number): void =>
      catalog.copies.recordVerified({ assetId, destinationId, key: 'k', location: 'l', size: 1, xxh64: '00000000000000aa', at });
    copy(a, raid);
    copy(b, raid);
    copy(a, usb);
    const rotten = catalog.copies.list({ kind: 'file', path: '/m/b' })[0]!.id;
    catalog.copies.recordCheck(rotten, { ok: false, error: 'bit rot' });

    expect(catalog.copies.count(raid)).toBe(2);
    expect(catalog.copies.condemn(raid, 'bucket gone')).toBe(1);
    const states = (): Array<[number, number, 0 | 1, 0 | 1, string | null]> =>
      catalog.copies.states({ kind: 'all' }).map((c) => [c.assetId, c.destinationId, c.failed, c.absent, c.error]);
    expect(states()).toEqual(
      expect.arrayContaining([
        [a, raid, 1, 1, 'bucket gone'],
        [b, raid, 1, 0, 'bit rot'],
        [a, usb, 0, 0, null],
      ]),
    );
    // Found missing by a later check, it is still absent, not a failed verification.
    catalog.copies.recordCheck(catalog.copies.list({ kind: 'file', path: '/m/a' }).find((c) => c.destinationUrl === 'local:/raid')!.id, {
      ok: false,
      error: 'the copy is gone',
    });
    expect(states()).toContainEqual([a, raid, 1, 1, 'bucket gone']);
    copy(a, raid);
    expect(states()).toContainEqual([a, raid, 0, 0, null]);
  });
});
