import { mapSourcePath } from '../../../src/paths/mapSourcePath';
import { planProtect, type ObservedSource, type PlanInput, type RecordedAsset, type RecordedCopy } from '../../../src/planning/planProtect';

const DESTS = ['hdd', 'nas', 'b2'];
const HASH = '0123456789abcdef';
const OTHER_HASH = 'fedcba9876543210';

function source(path: string, size = 1000, mtimeMs = 1_700_000_000_000): ObservedSource {
  return { path, size, mtimeMs };
}

function recordOf(s: ObservedSource, xxh64 = HASH): RecordedAsset {
  return { size: s.size, mtimeMs: s.mtimeMs, xxh64 };
}

function verified(destination: string, xxh64 = HASH): RecordedCopy {
  return { destination, xxh64, status: 'verified' };
}

type Entry = PlanInput['sources'][number];

function plan(sources: Entry[], destinations: readonly string[] = DESTS) {
  return planProtect({ sources, destinations });
}

describe('planProtect: new sources', () => {
  it('a new source gets one task to every destination, why "new", no expected hash', () => {
    const s = source('/Volumes/MEDIA/Proj/A001.mov', 4096);
    const p = plan([{ source: s, copies: [] }]);
    expect(p.tasks).toHaveLength(1);
    const task = p.tasks[0]!;
    expect(task).toEqual({ source: s, key: 'MEDIA/Proj/A001.mov', ownerKey: 'MEDIA/Proj/A001.mov', destinations: DESTS, why: 'new' });
    expect('expectXxh64' in task).toBe(false);
    expect(p.upToDate).toEqual([]);
    expect(p.rejected).toEqual([]);
    expect(p.bytesToRead).toBe(4096);
  });

  it('a new source ignores copies listed for it (there is no recorded content to match)', () => {
    const s = source('/home/ana/x.mov');
    const p = plan([{ source: s, copies: DESTS.map((d) => verified(d)) }]);
    expect(p.tasks).toHaveLength(1);
    expect(p.tasks[0]!.destinations).toEqual(DESTS);
    expect(p.tasks[0]!.why).toBe('new');
    expect(p.tasks[0]!.expectXxh64).toBeUndefined();
  });

  it("the task's destinations array is not the input array", () => {
    const destinations = ['hdd', 'nas'];
    const p = plan([{ source: source('/home/ana/x.mov'), copies: [] }], destinations);
    expect(p.tasks[0]!.destinations).toEqual(destinations);
    expect(p.tasks[0]!.destinations).not.toBe(destinations);
  });
});

describe('planProtect: unchanged sources', () => {
  it('verified copies of the recorded hash on every destination → up to date, no task', () => {
    const s = source('/home/ana/x.mov');
    const p = plan([{ source: s, recorded: recordOf(s), copies: DESTS.map((d) => verified(d)) }]);
    expect(p.tasks).toEqual([]);
    expect(p.upToDate).toEqual([s]);
    expect(p.rejected).toEqual([]);
    expect(p.bytesToRead).toBe(0);
  });

  it('copies on destinations outside this job do not matter', () => {
    const s = source('/home/ana/x.mov');
    const p = plan([{ source: s, recorded: recordOf(s), copies: [verified('hdd'), verified('elsewhere')] }], ['hdd']);
    expect(p.upToDate).toEqual([s]);
    expect(p.tasks).toEqual([]);
  });

  it('one destination without a copy → a task to that one only, expecting the recorded hash', () => {
    const s = source('/Volumes/MEDIA/Proj/A002.mov', 2048);
    const p = plan([{ source: s, recorded: recordOf(s), copies: [verified('hdd'), verified('b2')] }]);
    expect(p.tasks).toEqual([
      { source: s, key: 'MEDIA/Proj/A002.mov', ownerKey: 'MEDIA/Proj/A002.mov', destinations: ['nas'], expectXxh64: HASH, why: 'copies needed' },
    ]);
    expect(p.upToDate).toEqual([]);
    expect(p.bytesToRead).toBe(2048);
  });

  it('no copies at all → a task to every destination, why "copies needed", expecting the recorded hash', () => {
    const s = source('/home/ana/x.mov');
    const p = plan([{ source: s, recorded: recordOf(s), copies: [] }]);
    expect(p.tasks).toEqual([{ source: s, key: 'home/ana/x.mov', ownerKey: 'home/ana/x.mov', destinations: DESTS, expectXxh64: HASH, why: 'copies needed' }]);
  });

  it('a copy with a different xxh64 counts as missing', () => {
    const s = source('/home/ana/x.mov');
    const p = plan([{ source: s, recorded: recordOf(s), copies: [verified('hdd'), verified('nas', OTHER_HASH), verified('b2')] }]);
    expect(p.tasks).toHaveLength(1);
    expect(p.tasks[0]!.destinations).toEqual(['nas']);
    expect(p.tasks[0]!.expectXxh64).toBe(HASH);
    expect(p.tasks[0]!.why).toBe('copies needed');
  });

  it("a copy with status 'failed' counts as missing, even with the right hash", () => {
    const s = source('/home/ana/x.mov');
    const p = plan([
      {
        source: s,
        recorded: recordOf(s),
        copies: [verified('hdd'), verified('nas'), { destination: 'b2', xxh64: HASH, status: 'failed' }],
      },
    ]);
    expect(p.tasks).toHaveLength(1);
    expect(p.tasks[0]!.destinations).toEqual(['b2']);
    expect(p.tasks[0]!.why).toBe('copies needed');
  });

  it('a failed copy next to a verified one on the same destination does not need copying', () => {
    const s = source('/home/ana/x.mov');
    const p = plan([{ source: s, recorded: recordOf(s), copies: [{ destination: 'hdd', xxh64: HASH, status: 'failed' }, verified('hdd')] }], ['hdd']);
    expect(p.upToDate).toEqual([s]);
  });

  it('keeps the order of the job destinations in the task', () => {
    const s = source('/home/ana/x.mov');
    const p = plan([{ source: s, recorded: recordOf(s), copies: [verified('nas')] }], ['b2', 'nas', 'hdd']);
    expect(p.tasks[0]!.destinations).toEqual(['b2', 'hdd']);
  });
});

describe('planProtect: changed sources', () => {
  it('a different size → a task to every destination, why "changed", no expected hash', () => {
    const s = source('/home/ana/x.mov', 5000);
    const recorded = { ...recordOf(s), size: 4000 };
    const p = plan([{ source: s, recorded, copies: DESTS.map((d) => verified(d)) }]);
    expect(p.tasks).toHaveLength(1);
    const task = p.tasks[0]!;
    expect(task).toEqual({ source: s, key: 'home/ana/x.mov', ownerKey: 'home/ana/x.mov', destinations: DESTS, why: 'changed' });
    expect('expectXxh64' in task).toBe(false);
    expect(p.upToDate).toEqual([]);
    expect(p.bytesToRead).toBe(5000);
  });

  it('a different mtime → a task to every destination, why "changed", no expected hash', () => {
    const s = source('/home/ana/x.mov', 5000, 1_700_000_001_000);
    const recorded = { ...recordOf(s), mtimeMs: 1_700_000_000_000 };
    const p = plan([{ source: s, recorded, copies: DESTS.map((d) => verified(d)) }]);
    expect(p.tasks).toHaveLength(1);
    expect(p.tasks[0]!.destinations).toEqual(DESTS);
    expect(p.tasks[0]!.why).toBe('changed');
    expect('expectXxh64' in p.tasks[0]!).toBe(false);
  });

  it('a sub-millisecond mtime difference is a change', () => {
    const s = source('/home/ana/x.mov', 5000, 1_700_000_000_000.5);
    const recorded = { ...recordOf(s), mtimeMs: 1_700_000_000_000 };
    const p = plan([{ source: s, recorded, copies: DESTS.map((d) => verified(d)) }]);
    expect(p.tasks[0]!.why).toBe('changed');
  });
});

describe('planProtect: bytesToRead', () => {
  it('sums the sizes of the sources with tasks only', () => {
    const a = source('/home/ana/a.mov', 100);
    const b = source('/home/ana/b.mov', 20_000);
    const c = source('/home/ana/c.mov', 3_000_000);
    const d = source('/home/ana/d.mov', 7);
    const p = plan([
      { source: a, copies: [] }, // new
      { source: b, recorded: recordOf(b), copies: DESTS.map((x) => verified(x)) }, // up to date
      { source: c, recorded: recordOf(c), copies: [verified('hdd')] }, // copies needed
      { source: d, recorded: { ...recordOf(d), size: 8 }, copies: [] }, // changed
      { source: source('relative/e.mov', 1_000_000_000), copies: [] }, // rejected
    ]);
    expect(p.tasks.map((t) => t.source.path)).toEqual(['/home/ana/a.mov', '/home/ana/c.mov', '/home/ana/d.mov']);
    expect(p.tasks.map((t) => t.why)).toEqual(['new', 'copies needed', 'changed']);
    expect(p.upToDate).toEqual([b]);
    expect(p.rejected.map((r) => r.path)).toEqual(['relative/e.mov']);
    expect(p.bytesToRead).toBe(100 + 3_000_000 + 7);
  });

  it('counts a source once however many destinations it goes to', () => {
    const s = source('/home/ana/x.mov', 1234);
    const p = plan([{ source: s, copies: [] }], ['a', 'b', 'c', 'd', 'e']);
    expect(p.tasks[0]!.destinations).toHaveLength(5);
    expect(p.bytesToRead).toBe(1234);
  });

  it('an empty input plans nothing', () => {
    expect(plan([])).toEqual({ tasks: [], upToDate: [], rejected: [], bytesToRead: 0 });
  });
});

describe('planProtect: rejections', () => {
  it('sources of one natural key (NFC and NFD spellings) each get a task: assignKeys keeps their keys apart', () => {
    const first = source('/home/ana/caf\u00e9.mov', 10);
    const second = source('/home/ana/cafe\u0301.mov', 20);
    const p = plan([
      { source: first, copies: [] },
      { source: second, copies: [] },
    ]);
    expect(p.tasks.map((t) => [t.source.path, t.ownerKey])).toEqual([
      [first.path, 'home/ana/caf\u00e9.mov'],
      [second.path, 'home/ana/caf\u00e9.mov'],
    ]);
    expect(p.rejected).toEqual([]);
    expect(p.bytesToRead).toBe(30);
  });

  it('a rejected (unmappable) source does not claim its path for later sources', () => {
    const p = plan([
      { source: source('/a//b'), copies: [] },
      { source: source('/a/b'), copies: [] },
    ]);
    expect(p.rejected.map((r) => r.path)).toEqual(['/a//b']);
    expect(p.tasks.map((t) => t.key)).toEqual(['a/b']);
  });

  it.each(['relative/x.mov', '/home/ana/../bob/x.mov', '/a//b', '/a/b/', '/a/\0b', '/'])('an unmappable path is rejected, not thrown: %j', (path) => {
    let p: ReturnType<typeof plan> | undefined;
    expect(() => {
      p = plan([{ source: source(path), copies: [] }]);
    }).not.toThrow();
    expect(p!.tasks).toEqual([]);
    expect(p!.upToDate).toEqual([]);
    expect(p!.rejected).toHaveLength(1);
    expect(p!.rejected[0]!.path).toBe(path);
    expect(p!.rejected[0]!.reason).toMatch(/^cannot map /);
    expect(p!.bytesToRead).toBe(0);
  });

  it('the rejection reason is the mapping error message', () => {
    const p = plan([{ source: source('/a/./b'), copies: [] }]);
    let message = '';
    try {
      mapSourcePath('/a/./b');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).not.toBe('');
    expect(p.rejected[0]!.reason).toBe(message);
  });

  it('processing continues after a rejection', () => {
    const ok = source('/home/ana/ok.mov', 55);
    const p = plan([
      { source: source('nope'), copies: [] },
      { source: ok, copies: [] },
    ]);
    expect(p.tasks.map((t) => t.source)).toEqual([ok]);
    expect(p.bytesToRead).toBe(55);
  });
});

describe('planProtect: keys', () => {
  it('the key is the mapped source path', () => {
    const paths = ['/Volumes/MEDIA/Proj/A001.mov', 'D:\\Footage\\x.mov', '\\\\nas\\share\\x.mov', '/home/ana/x.mov'];
    const p = plan(paths.map((path) => ({ source: source(path), copies: [] })));
    expect(p.tasks.map((t) => t.key)).toEqual(['MEDIA/Proj/A001.mov', 'D/Footage/x.mov', 'nas/share/x.mov', 'home/ana/x.mov']);
  });
});

describe('planProtect: versioned sources (project files, catalogs)', () => {
  const saved = Date.parse('2026-11-23T10:15:00Z');

  it('a versioned source is copied to a key of its own version, beside the file', () => {
    const s = { ...source('/Users/ana/Ferry/Ferry Doc.prproj', 500, saved), versioned: true };
    const task = plan([{ source: s, copies: [] }]).tasks[0]!;
    expect(task.key).toBe('Users/ana/Ferry/.threefold-versions/Ferry Doc.2026-11-23T101500Z.prproj');
  });

  it('a new save is a new version: the task writes a new key, the older copy is left alone', () => {
    const old = { ...source('/P/x.prproj', 500, saved), versioned: true };
    const resaved = { ...old, size: 510, mtimeMs: saved + 60_000 };
    const p = plan([{ source: resaved, recorded: recordOf(old), copies: DESTS.map((d) => verified(d)) }]);
    expect(p.tasks).toHaveLength(1);
    expect(p.tasks[0]!.why).toBe('changed');
    expect(p.tasks[0]!.key).toBe('P/.threefold-versions/x.2026-11-23T101600Z.prproj');
  });

  it('an unchanged versioned source with verified copies everywhere is up to date', () => {
    const s = { ...source('/P/x.prproj', 500, saved), versioned: true };
    const p = plan([{ source: s, recorded: recordOf(s), copies: DESTS.map((d) => verified(d)) }]);
    expect(p.tasks).toEqual([]);
    expect(p.upToDate).toEqual([s]);
  });
});
