import { ASSET_STATES, assessAsset, type AssetFacts, type CopyFact, type SourceCondition } from '../../../src/policy/assetState';
import { DEFAULT_POLICY, DEFAULT_SOURCE_MEDIA, type Policy } from '../../../src/policy/policy';

const POLICY: Policy = { ...DEFAULT_POLICY };
const SSD = DEFAULT_SOURCE_MEDIA;

/** A verified, non-failed copy unless told otherwise. */
function copy(destination: string, media: string, offsite = false, extra: Partial<CopyFact> = {}): CopyFact {
  return { destination, media, offsite, verified: true, failed: false, ...extra };
}

const hdd = (extra: Partial<CopyFact> = {}) => copy('hdd-1', 'hdd', false, extra);
const cloud = (extra: Partial<CopyFact> = {}) => copy('b2', 'cloud', true, extra);
const facts = (source: SourceCondition, copies: CopyFact[] = []): AssetFacts => ({ source, copies });

describe('ASSET_STATES', () => {
  it('lists the seven states of DESIGN.md, in order', () => {
    expect(ASSET_STATES).toEqual(['protected', 'partial', 'unprotected', 'stale', 'missing', 'lost', 'failed']);
  });
});

describe('assessAsset: states', () => {
  it('protected: source on ssd + verified hdd copy + verified offsite cloud copy meets 3-2-1', () => {
    expect(assessAsset(facts('unchanged', [hdd(), cloud()]), POLICY, SSD)).toEqual({
      state: 'protected',
      copies: 3,
      media: ['cloud', 'hdd', 'ssd'],
      offsite: 1,
      missing: [],
    });
  });

  it('partial: source + one verified local copy', () => {
    expect(assessAsset(facts('unchanged', [hdd()]), POLICY, SSD)).toEqual({
      state: 'partial',
      copies: 2,
      media: ['hdd', 'ssd'],
      offsite: 0,
      missing: ['copies', 'offsite'],
    });
  });

  it('partial: source + one verified offsite copy is short only of copies', () => {
    expect(assessAsset(facts('unchanged', [cloud()]), POLICY, SSD)).toEqual({
      state: 'partial',
      copies: 2,
      media: ['cloud', 'ssd'],
      offsite: 1,
      missing: ['copies'],
    });
  });

  it('unprotected: an unchanged source alone', () => {
    expect(assessAsset(facts('unchanged'), POLICY, SSD)).toEqual({
      state: 'unprotected',
      copies: 1,
      media: ['ssd'],
      offsite: 0,
      missing: ['copies', 'media', 'offsite'],
    });
  });

  it('unprotected: a new source (never hashed) alone', () => {
    expect(assessAsset(facts('new'), POLICY, SSD)).toEqual({
      state: 'unprotected',
      copies: 1,
      media: ['ssd'],
      offsite: 0,
      missing: ['copies', 'media', 'offsite'],
    });
  });

  it('stale: a changed source whose copies would otherwise meet the policy', () => {
    expect(assessAsset(facts('changed', [hdd(), cloud()]), POLICY, SSD)).toEqual({
      state: 'stale',
      copies: 1,
      media: ['ssd'],
      offsite: 0,
      missing: ['copies', 'media', 'offsite'],
    });
  });

  it('stale: a changed source with a single copy, even an unverified one', () => {
    expect(assessAsset(facts('changed', [hdd({ verified: false })]), POLICY, SSD).state).toBe('stale');
  });

  it('unprotected: a changed source with no copy at all', () => {
    expect(assessAsset(facts('changed'), POLICY, SSD)).toEqual({
      state: 'unprotected',
      copies: 1,
      media: ['ssd'],
      offsite: 0,
      missing: ['copies', 'media', 'offsite'],
    });
  });

  it('missing: source absent, verified copies exist (restorable)', () => {
    expect(assessAsset(facts('absent', [hdd(), cloud()]), POLICY, SSD)).toEqual({
      state: 'missing',
      copies: 2,
      media: ['cloud', 'hdd'],
      offsite: 1,
      missing: ['copies'],
    });
  });

  it('missing: source absent, one verified copy', () => {
    expect(assessAsset(facts('absent', [hdd()]), POLICY, SSD)).toEqual({
      state: 'missing',
      copies: 1,
      media: ['hdd'],
      offsite: 0,
      missing: ['copies', 'media', 'offsite'],
    });
  });

  it('lost: source absent, no copy', () => {
    expect(assessAsset(facts('absent'), POLICY, SSD)).toEqual({
      state: 'lost',
      copies: 0,
      media: [],
      offsite: 0,
      missing: ['copies', 'media', 'offsite'],
    });
  });

  it('lost: source absent, only unverified or failed copies', () => {
    const a = assessAsset(facts('absent', [hdd({ verified: false }), cloud({ failed: true })]), POLICY, SSD);
    expect(a.state).toBe('lost');
    expect(a.copies).toBe(0);
    expect(a.media).toEqual([]);
    expect(a.offsite).toBe(0);
  });

  it('failed: an unchanged source with a copy that failed its last verification', () => {
    expect(assessAsset(facts('unchanged', [hdd(), cloud({ verified: false, failed: true })]), POLICY, SSD)).toEqual({
      state: 'failed',
      copies: 2,
      media: ['hdd', 'ssd'],
      offsite: 0,
      missing: ['copies', 'offsite'],
    });
  });

  it('failed wins over protected: the policy is met by other copies but one copy failed', () => {
    const a = assessAsset(facts('unchanged', [hdd(), cloud(), copy('raid-1', 'raid', false, { failed: true })]), POLICY, SSD);
    expect(a.state).toBe('failed');
    expect(a.missing).toEqual([]);
    expect(a.copies).toBe(3);
  });

  it('failed: a copy marked both verified and failed is not counted', () => {
    const a = assessAsset(facts('unchanged', [hdd({ verified: true, failed: true })]), POLICY, SSD);
    expect(a.state).toBe('failed');
    expect(a.copies).toBe(1);
    expect(a.media).toEqual(['ssd']);
  });

  it('failed: a corrupt source (same size and mtime, different hash) does not count as a copy', () => {
    expect(assessAsset(facts('corrupt', [hdd(), cloud()]), POLICY, SSD)).toEqual({
      state: 'failed',
      copies: 2,
      media: ['cloud', 'hdd'],
      offsite: 1,
      missing: ['copies'],
    });
  });

  it('failed: a corrupt source with no copy counts zero copies', () => {
    expect(assessAsset(facts('corrupt'), POLICY, SSD)).toEqual({
      state: 'failed',
      copies: 0,
      media: [],
      offsite: 0,
      missing: ['copies', 'media', 'offsite'],
    });
  });

  it('every state is reachable', () => {
    const reached = new Set([
      assessAsset(facts('unchanged', [hdd(), cloud()]), POLICY, SSD).state,
      assessAsset(facts('unchanged', [hdd()]), POLICY, SSD).state,
      assessAsset(facts('unchanged'), POLICY, SSD).state,
      assessAsset(facts('changed', [hdd()]), POLICY, SSD).state,
      assessAsset(facts('absent', [hdd()]), POLICY, SSD).state,
      assessAsset(facts('absent'), POLICY, SSD).state,
      assessAsset(facts('unchanged', [hdd({ failed: true })]), POLICY, SSD).state,
    ]);
    expect([...reached].sort()).toEqual([...ASSET_STATES].sort());
  });
});

describe('assessAsset: policy edges', () => {
  it('two copies on the same media label count as one medium', () => {
    const a = assessAsset(facts('unchanged', [copy('hdd-1', 'hdd'), copy('hdd-2', 'hdd')]), POLICY, SSD);
    expect(a.copies).toBe(3);
    expect(a.media).toEqual(['hdd', 'ssd']);
    expect(a.missing).toEqual(['offsite']);
    expect(a.state).toBe('partial');
  });

  it('a destination copy on the same label as the source counts as the same medium', () => {
    const a = assessAsset(facts('unchanged', [copy('ssd-2', 'ssd'), copy('ssd-3', 'ssd')]), POLICY, SSD);
    expect(a.copies).toBe(3);
    expect(a.media).toEqual(['ssd']);
    expect(a.missing).toEqual(['media', 'offsite']);
  });

  it('three copies, two media, but not offsite: short only of offsite', () => {
    const a = assessAsset(facts('unchanged', [copy('hdd-1', 'hdd'), copy('nas', 'nas')]), POLICY, SSD);
    expect(a.missing).toEqual(['offsite']);
    expect(a.state).toBe('partial');
  });

  it('offsite counts only verified copies on offsite destinations', () => {
    const a = assessAsset(
      facts('unchanged', [
        copy('hdd-1', 'hdd', false),
        copy('b2', 'cloud', true, { verified: false }),
        copy('s3', 'cloud', true, { verified: true }),
        copy('r2', 'cloud', true, { verified: true }),
      ]),
      POLICY,
      SSD,
    );
    expect(a.offsite).toBe(2);
    expect(a.copies).toBe(4);
    expect(a.media).toEqual(['cloud', 'hdd', 'ssd']);
  });

  it('an unverified offsite copy does not satisfy offsite', () => {
    const a = assessAsset(facts('unchanged', [hdd(), cloud({ verified: false })]), POLICY, SSD);
    expect(a.offsite).toBe(0);
    expect(a.copies).toBe(2);
    expect(a.media).toEqual(['hdd', 'ssd']);
    expect(a.missing).toEqual(['copies', 'offsite']);
    expect(a.state).toBe('partial');
  });

  it('a local (non-offsite) copy never counts as offsite, whatever its label', () => {
    const a = assessAsset(facts('unchanged', [copy('cloud-cache', 'cloud', false)]), POLICY, SSD);
    expect(a.offsite).toBe(0);
    expect(a.missing).toContain('offsite');
  });

  it('an unverified copy does not count at all (copies, media or offsite)', () => {
    const a = assessAsset(facts('unchanged', [hdd({ verified: false }), cloud({ verified: false })]), POLICY, SSD);
    expect(a).toEqual({
      state: 'unprotected',
      copies: 1,
      media: ['ssd'],
      offsite: 0,
      missing: ['copies', 'media', 'offsite'],
    });
  });

  it('a failed copy does not count and makes the state failed', () => {
    const a = assessAsset(facts('unchanged', [hdd({ failed: true })]), POLICY, SSD);
    expect(a.copies).toBe(1);
    expect(a.media).toEqual(['ssd']);
    expect(a.state).toBe('failed');
  });

  it("a 'changed' source makes even verified offsite copies count for nothing", () => {
    const a = assessAsset(facts('changed', [cloud(), copy('s3', 'cloud', true)]), POLICY, SSD);
    expect(a.copies).toBe(1);
    expect(a.offsite).toBe(0);
    expect(a.media).toEqual(['ssd']);
  });

  it("a 'new' source has no recorded content: any listed copies count for nothing", () => {
    const a = assessAsset(facts('new', [hdd(), cloud()]), POLICY, SSD);
    expect(a.copies).toBe(1);
    expect(a.offsite).toBe(0);
    expect(a.media).toEqual(['ssd']);
    expect(a.state).toBe('unprotected');
  });

  it('policy {1,1,0}: the source alone is protected', () => {
    expect(assessAsset(facts('unchanged'), { copies: 1, media: 1, offsite: 0 }, SSD)).toEqual({
      state: 'protected',
      copies: 1,
      media: ['ssd'],
      offsite: 0,
      missing: [],
    });
    expect(assessAsset(facts('new'), { copies: 1, media: 1, offsite: 0 }, SSD).state).toBe('protected');
  });

  it('policy {1,1,0}: an absent source with one verified copy is still missing, not protected', () => {
    const a = assessAsset(facts('absent', [hdd()]), { copies: 1, media: 1, offsite: 0 }, SSD);
    expect(a.state).toBe('missing');
    expect(a.missing).toEqual([]);
  });

  it('a stricter policy: 4 copies, 3 media, 2 offsite', () => {
    const policy = { copies: 4, media: 3, offsite: 2 };
    const a = assessAsset(facts('unchanged', [hdd(), cloud()]), policy, SSD);
    expect(a.missing).toEqual(['copies', 'offsite']);
    const b = assessAsset(facts('unchanged', [hdd(), cloud(), copy('s3', 'cloud', true)]), policy, SSD);
    expect(b.state).toBe('protected');
    expect(b.offsite).toBe(2);
  });

  it('a custom source media label is used for the source', () => {
    const a = assessAsset(facts('unchanged', [copy('hdd-1', 'hdd')]), POLICY, 'raid');
    expect(a.media).toEqual(['hdd', 'raid']);
    const b = assessAsset(facts('unchanged', [copy('raid-2', 'raid')]), POLICY, 'raid');
    expect(b.media).toEqual(['raid']);
    expect(b.missing).toEqual(['copies', 'media', 'offsite']);
  });

  it('the source media label is not counted when the source is absent or corrupt', () => {
    expect(assessAsset(facts('absent', [hdd()]), POLICY, 'raid').media).toEqual(['hdd']);
    expect(assessAsset(facts('corrupt', [hdd()]), POLICY, 'raid').media).toEqual(['hdd']);
  });

  it('missing[] is always in the order copies, media, offsite', () => {
    const a = assessAsset(facts('absent'), { copies: 2, media: 2, offsite: 1 }, SSD);
    expect(a.missing).toEqual(['copies', 'media', 'offsite']);
    const b = assessAsset(facts('unchanged', [copy('ssd-2', 'ssd')]), { copies: 3, media: 2, offsite: 1 }, SSD);
    expect(b.missing).toEqual(['copies', 'media', 'offsite']);
    const c = assessAsset(facts('unchanged', [copy('ssd-2', 'ssd'), copy('ssd-3', 'ssd')]), POLICY, SSD);
    expect(c.missing).toEqual(['media', 'offsite']);
    const d = assessAsset(facts('unchanged', [copy('s3', 'ssd', true)]), POLICY, SSD);
    expect(d.missing).toEqual(['copies', 'media']);
  });

  it('media is sorted, whatever the order of the copies', () => {
    const a = assessAsset(facts('unchanged', [copy('z', 'tape'), copy('y', 'optical'), copy('x', 'cloud', true), copy('w', 'hdd')]), POLICY, 'nvme');
    expect(a.media).toEqual(['cloud', 'hdd', 'nvme', 'optical', 'tape']);
  });

  it('media lists each label once', () => {
    const a = assessAsset(facts('unchanged', [copy('a', 'hdd'), copy('b', 'hdd'), copy('c', 'cloud', true), copy('d', 'cloud', true)]), POLICY, SSD);
    expect(a.media).toEqual(['cloud', 'hdd', 'ssd']);
    expect(a.copies).toBe(5);
    expect(a.offsite).toBe(2);
  });

  it('copies on one storage (destinations sharing an identity marker) count once', () => {
    const twice = facts('unchanged', [copy('a', 'hdd', false, { storage: 'm1' }), copy('b', 'cloud', true, { storage: 'm1' })]);
    expect(assessAsset(twice, POLICY, SSD)).toEqual({ state: 'partial', copies: 2, media: ['hdd', 'ssd'], offsite: 0, missing: ['copies', 'offsite'] });
    const apart = facts('unchanged', [copy('a', 'hdd', false, { storage: 'm1' }), copy('b', 'cloud', true, { storage: 'm2' })]);
    expect(assessAsset(apart, POLICY, SSD)).toMatchObject({ state: 'protected', copies: 3 });
    // Unknown storages are their destinations' own.
    expect(assessAsset(facts('unchanged', [copy('a', 'hdd'), copy('b', 'cloud', true)]), POLICY, SSD).copies).toBe(3);
  });

  it('does not mutate its inputs', () => {
    const input = facts('unchanged', [cloud(), hdd()]);
    const snapshot = JSON.parse(JSON.stringify(input));
    const policy = { ...POLICY };
    assessAsset(input, policy, SSD);
    expect(input).toEqual(snapshot);
    expect(policy).toEqual(DEFAULT_POLICY);
  });
});
