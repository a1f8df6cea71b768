import { ASSET_STATES, assessAsset, type Assessment, type CopyFact } from '../../../src/policy/assetState';
import { describeAssessment } from '../../../src/policy/describeAssessment';
import { DEFAULT_POLICY, type Policy } from '../../../src/policy/policy';

const POLICY: Policy = { ...DEFAULT_POLICY };

function copy(destination: string, media: string, offsite = false, extra: Partial<CopyFact> = {}): CopyFact {
  return { destination, media, offsite, verified: true, failed: false, ...extra };
}

function assessment(partial: Partial<Assessment>): Assessment {
  return { state: 'partial', copies: 1, media: ['ssd'], offsite: 0, missing: [], ...partial };
}

describe('describeAssessment: chips from real assessments', () => {
  it("protected → '3-2-1 ✓'", () => {
    const a = assessAsset({ source: 'unchanged', copies: [copy('hdd', 'hdd'), copy('b2', 'cloud', true)] }, POLICY, 'ssd');
    expect(describeAssessment(a)).toBe('3-2-1 ✓');
  });

  it("source + one verified copy on the same medium → '2 copies · 1 medium · no offsite'", () => {
    const a = assessAsset({ source: 'unchanged', copies: [copy('ssd-2', 'ssd')] }, POLICY, 'ssd');
    expect(describeAssessment(a)).toBe('2 copies · 1 medium · no offsite');
  });

  it("source alone → '1 copy · 1 medium · no offsite'", () => {
    const a = assessAsset({ source: 'unchanged', copies: [] }, POLICY, 'ssd');
    expect(describeAssessment(a)).toBe('1 copy · 1 medium · no offsite');
  });

  it("source + local copy on another medium → '2 copies · no offsite'", () => {
    const a = assessAsset({ source: 'unchanged', copies: [copy('hdd', 'hdd')] }, POLICY, 'ssd');
    expect(describeAssessment(a)).toBe('2 copies · no offsite');
  });

  it("source + offsite copy → '2 copies'", () => {
    const a = assessAsset({ source: 'unchanged', copies: [copy('b2', 'cloud', true)] }, POLICY, 'ssd');
    expect(describeAssessment(a)).toBe('2 copies');
  });

  it("three copies on one medium, none offsite → '1 medium · no offsite'", () => {
    const a = assessAsset({ source: 'unchanged', copies: [copy('ssd-2', 'ssd'), copy('ssd-3', 'ssd')] }, POLICY, 'ssd');
    expect(describeAssessment(a)).toBe('1 medium · no offsite');
  });

  it('stale', () => {
    const a = assessAsset({ source: 'changed', copies: [copy('hdd', 'hdd')] }, POLICY, 'ssd');
    expect(describeAssessment(a)).toBe('stale: source changed since its copies');
  });

  it('missing, with plural and singular copy counts', () => {
    const two = assessAsset({ source: 'absent', copies: [copy('hdd', 'hdd'), copy('b2', 'cloud', true)] }, POLICY, 'ssd');
    expect(describeAssessment(two)).toBe('source missing · 2 copies to restore from');
    const one = assessAsset({ source: 'absent', copies: [copy('hdd', 'hdd')] }, POLICY, 'ssd');
    expect(describeAssessment(one)).toBe('source missing · 1 copy to restore from');
  });

  it('lost', () => {
    const a = assessAsset({ source: 'absent', copies: [] }, POLICY, 'ssd');
    expect(describeAssessment(a)).toBe('lost: source missing, no copy');
  });

  it('failed (failed copy, and corrupt source)', () => {
    const a = assessAsset({ source: 'unchanged', copies: [copy('hdd', 'hdd', false, { failed: true })] }, POLICY, 'ssd');
    expect(describeAssessment(a)).toBe('failed verification');
    const b = assessAsset({ source: 'corrupt', copies: [copy('hdd', 'hdd')] }, POLICY, 'ssd');
    expect(describeAssessment(b)).toBe('failed verification');
  });
});

describe('describeAssessment: shortfall wording', () => {
  it('plural media', () => {
    expect(describeAssessment(assessment({ copies: 2, media: ['hdd', 'ssd'], missing: ['media'] }))).toBe('2 media');
  });

  it('zero counts are plural', () => {
    expect(describeAssessment(assessment({ state: 'unprotected', copies: 0, media: [], missing: ['copies', 'media'] }))).toBe('0 copies · 0 media');
  });

  it("some offsite but not enough → 'N offsite'", () => {
    expect(describeAssessment(assessment({ copies: 4, offsite: 1, missing: ['offsite'] }))).toBe('1 offsite');
    expect(describeAssessment(assessment({ copies: 4, offsite: 2, missing: ['offsite'] }))).toBe('2 offsite');
  });

  it('parts come in the fixed order copies · media · offsite', () => {
    expect(describeAssessment(assessment({ copies: 2, media: ['hdd', 'ssd'], offsite: 0, missing: ['copies', 'media', 'offsite'] }))).toBe(
      '2 copies · 2 media · no offsite',
    );
  });

  it('unprotected and partial use the same shortfall wording', () => {
    const base = { copies: 1, media: ['ssd'], offsite: 0, missing: ['copies', 'media', 'offsite'] as Assessment['missing'] };
    expect(describeAssessment(assessment({ ...base, state: 'unprotected' }))).toBe('1 copy · 1 medium · no offsite');
    expect(describeAssessment(assessment({ ...base, state: 'partial' }))).toBe('1 copy · 1 medium · no offsite');
  });

  it('the protected chip ignores the counts', () => {
    expect(describeAssessment(assessment({ state: 'protected', copies: 7, media: ['a', 'b'], offsite: 3 }))).toBe('3-2-1 ✓');
  });
});

describe('describeAssessment: every state has a non-empty chip', () => {
  it.each(ASSET_STATES)('%s', (state) => {
    const text = describeAssessment(assessment({ state, copies: 1, media: ['ssd'], offsite: 0, missing: ['copies', 'media', 'offsite'] }));
    expect(typeof text).toBe('string');
    expect(text.length).toBeGreaterThan(0);
  });

  it('the chips of different states are distinct (except partial/unprotected, which show the shortfall)', () => {
    const chips = ASSET_STATES.filter((s) => s !== 'partial').map((state) =>
      describeAssessment(assessment({ state, copies: 1, media: ['ssd'], offsite: 0, missing: ['copies', 'media', 'offsite'] })),
    );
    expect(new Set(chips).size).toBe(chips.length);
  });

  // Reachable with a valid policy: a source that changed and has no copy yet is 'unprotected', yet the
  // source alone meets {copies 1, media 1, offsite 0}, so the shortfall is empty. The chip must still
  // say something (see the report: this currently yields '').
  it('a changed source with no copy under policy {1,1,0} still gets a non-empty chip', () => {
    const a = assessAsset({ source: 'changed', copies: [] }, { copies: 1, media: 1, offsite: 0 }, 'ssd');
    expect(describeAssessment(a)).not.toBe('');
  });
});
