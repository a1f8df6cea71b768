import fc from 'fast-check';
import { assignKeys, type KeyClaims, type KeyHolder } from '../../../src/planning/assignKeys';
import { planProtect, type CopyTask } from '../../../src/planning/planProtect';
import { foldKey } from '../../../src/paths/foldKey';
import { hasReservedSegment } from '../../../src/paths/reservedNames';
import { distinctSourcePaths } from './sourcePaths.arbitrary';

/** Destinations as a catalog and their folders know them: owners by folded key, and files nobody recorded. */
class Destinations {
  readonly owners = new Map<string, Map<string, { path: string; key: string }>>();
  readonly foreign = new Map<string, Set<string>>();

  claims(): KeyClaims {
    return {
      ownKeys: (path, d) => [...(this.owners.get(d)?.values() ?? [])].filter((o) => o.path === path).map((o) => o.key),
      holderOf: (d, key, folded, path): KeyHolder => {
        expect(folded).toBe(foldKey(key));
        const owner = this.owners.get(d)?.get(folded);
        if (owner !== undefined) return owner.path === path ? { mine: true } : { mine: false, holder: `the copy of ${JSON.stringify(owner.path)}` };
        if (this.foreign.get(d)?.has(folded)) return { mine: false, holder: 'a file Threefold has not recorded there' };
        return undefined;
      },
    };
  }

  /** A job: plans, assigns, records what it wrote. */
  protect(paths: readonly string[], destinations: readonly string[]): CopyTask[] {
    const plan = planProtect({ sources: paths.map((path) => ({ source: { path, size: 1, mtimeMs: 1 }, copies: [] })), destinations });
    const { tasks } = assignKeys(plan.tasks, this.claims());
    for (const t of tasks) {
      for (const d of t.destinations) {
        const owners = this.owners.get(d) ?? new Map();
        this.owners.set(d, owners);
        const holder = owners.get(foldKey(t.ownerKey));
        if (holder !== undefined && holder.path !== t.source.path)
          throw new Error(`${t.source.path} was given ${t.ownerKey}, which ${holder.path} owns on ${d}`);
        if (this.foreign.get(d)?.has(foldKey(t.ownerKey))) throw new Error(`${t.source.path} was given ${t.ownerKey}, a file Threefold did not write on ${d}`);
        owners.set(foldKey(t.ownerKey), { path: t.source.path, key: t.ownerKey });
      }
    }
    return tasks;
  }
}

describe('assignKeys', () => {
  it('NFC then NFD in separate jobs: the second gets a key of its own, and says why', () => {
    const d = new Destinations();
    const [first] = d.protect(['/m/caf\u00e9.mov'], ['raid']);
    const plan = planProtect({ sources: [{ source: { path: '/m/cafe\u0301.mov', size: 1, mtimeMs: 1 }, copies: [] }], destinations: ['raid'] });
    const { tasks, moved } = assignKeys(plan.tasks, d.claims());
    expect(first!.key).toBe('m/caf\u00e9.mov');
    expect(tasks[0]!.key).toMatch(/^m\/caf\u00e9~[0-9a-f]{8}\.mov$/);
    expect(moved).toEqual([
      { path: '/m/cafe\u0301.mov', key: tasks[0]!.key, destination: 'raid', naturalKey: 'm/caf\u00e9.mov', holder: 'the copy of "/m/caf\u00e9.mov"' },
    ]);
  });

  it('within one job too: A.bin and a.bin, or NFC and NFD, get keys distinct after folding', () => {
    const tasks = new Destinations().protect(['/X/A.bin', '/X/a.bin', '/m/caf\u00e9.mov', '/m/cafe\u0301.mov'], ['raid']);
    expect(new Set(tasks.map((t) => foldKey(t.key))).size).toBe(4);
  });

  it('keeps a source on the key it owns', () => {
    const d = new Destinations();
    d.protect(['/Volumes/X/a.bin'], ['raid']);
    const [moved] = d.protect(['/X/a.bin'], ['raid']);
    expect(d.protect(['/X/a.bin'], ['raid'])[0]!.key).toBe(moved!.key);
    expect(d.protect(['/Volumes/X/a.bin'], ['raid'])[0]!.key).toBe('X/a.bin');
  });

  it('never takes the key of a file Threefold did not write', () => {
    const d = new Destinations();
    d.foreign.set('raid', new Set(['p/a.bin']));
    const [task] = d.protect(['/P/a.bin'], ['raid', 'usb']);
    expect(task!.key).toMatch(/^P\/a~[0-9a-f]{8}\.bin$/);
  });

  it('a key must be free on every destination of the task: the owned one on one, taken on another, moves', () => {
    const d = new Destinations();
    d.protect(['/P/a.bin'], ['raid']);
    d.foreign.set('usb', new Set(['p/a.bin']));
    const [task] = d.protect(['/P/a.bin'], ['raid', 'usb']);
    expect(task!.key).toMatch(/^P\/a~[0-9a-f]{8}\.bin$/);
  });

  it('a versioned source owns the key its versions sit beside, and its versions follow a moved key', () => {
    const d = new Destinations();
    d.foreign.set('raid', new Set(['p/ferry.prproj']));
    const plan = planProtect({
      sources: [{ source: { path: '/P/Ferry.prproj', size: 1, mtimeMs: Date.parse('2026-11-23T10:15:00Z'), versioned: true }, copies: [] }],
      destinations: ['raid'],
    });
    const [task] = assignKeys(plan.tasks, d.claims()).tasks;
    expect(task!.ownerKey).toMatch(/^P\/Ferry~[0-9a-f]{8}\.prproj$/);
    expect(task!.key).toBe(`P/.threefold-versions/${task!.ownerKey.slice(2, -'.prproj'.length)}.2026-11-23T101500Z.prproj`);
  });

  it('a source no key can be found for is rejected with the reason; the others go on', () => {
    const plan = planProtect({
      sources: ['/P/a.bin', '/P/b.bin'].map((path) => ({ source: { path, size: 1, mtimeMs: 1 }, copies: [] })),
      destinations: ['raid'],
    });
    const claims: KeyClaims = { ownKeys: () => [], holderOf: (_d, key) => (key.startsWith('P/a') ? { mine: false, holder: 'x' } : undefined) };
    const { tasks, rejected } = assignKeys(plan.tasks, claims);
    expect(tasks.map((t) => t.key)).toEqual(['P/b.bin']);
    expect(rejected).toEqual([{ path: '/P/a.bin', reason: expect.stringContaining('no destination path could be given') }]);
  });

  it('property: jobs of any sources, in any split, on two destinations, never give one folded key to two sources', () => {
    fc.assert(
      fc.property(distinctSourcePaths, fc.array(fc.nat(3), { minLength: 40, maxLength: 40 }), (paths, jobOf) => {
        const d = new Destinations();
        // A few foreign files at natural keys; protect() throws if a key is ever given to a second holder.
        d.foreign.set('usb', new Set(paths.filter((_, i) => jobOf[i] === 3).map((p) => foldKey(p.replace(/^[\\/?.A-Za-z:]*?[\\/]+/, '')))));
        for (let job = 0; job < 4; job++) {
          const these = paths.filter((_, i) => jobOf[i] === job);
          d.protect(these, job % 2 === 0 ? ['raid', 'usb'] : ['raid']);
        }
        const before = new Map(d.protect(paths, ['raid']).map((t) => [t.source.path, t.key]));
        for (const t of d.protect(paths, ['raid', 'usb'])) {
          expect(hasReservedSegment(t.key)).toBe(false);
          // A source keeps its key unless a new destination has that key taken.
          if (!t.destinations.includes('usb') || before.get(t.source.path) === t.key) continue;
          expect(d.claims().holderOf('usb', before.get(t.source.path)!, foldKey(before.get(t.source.path)!), t.source.path)).toMatchObject({ mine: false });
        }
      }),
      { numRuns: 300 },
    );
  });
});
