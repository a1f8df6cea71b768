import { ASSET_STATES, type AssetState } from '../../../src/policy/assetState';
import { summarize } from '../../../src/policy/summarize';

describe('summarize', () => {
  it('an empty list gives zero for every count', () => {
    expect(summarize([])).toEqual({
      assets: 0,
      bytes: 0,
      protected: 0,
      partial: 0,
      unprotected: 0,
      stale: 0,
      missing: 0,
      lost: 0,
      failed: 0,
    });
  });

  it('has exactly the keys assets, bytes and one per state', () => {
    expect(Object.keys(summarize([])).sort()).toEqual(['assets', 'bytes', ...ASSET_STATES].sort());
  });

  it('counts assets per state and sums their sizes', () => {
    const assets: Array<{ state: AssetState; size: number }> = [
      { state: 'protected', size: 100 },
      { state: 'protected', size: 200 },
      { state: 'partial', size: 1 },
      { state: 'unprotected', size: 2 },
      { state: 'stale', size: 3 },
      { state: 'missing', size: 4 },
      { state: 'lost', size: 5 },
      { state: 'failed', size: 6 },
      { state: 'failed', size: 7 },
      { state: 'failed', size: 0 },
    ];
    expect(summarize(assets)).toEqual({
      assets: 10,
      bytes: 328,
      protected: 2,
      partial: 1,
      unprotected: 1,
      stale: 1,
      missing: 1,
      lost: 1,
      failed: 3,
    });
  });

  it('the per-state counts add up to the number of assets', () => {
    const assets = Array.from({ length: 140 }, (_, i) => ({
      state: ASSET_STATES[i % ASSET_STATES.length] as AssetState,
      size: i * 1000,
    }));
    const s = summarize(assets);
    expect(s.assets).toBe(140);
    expect(ASSET_STATES.reduce((sum, state) => sum + s[state], 0)).toBe(140);
    expect(s.protected).toBe(20);
    expect(s.bytes).toBe((139 * 140 * 1000) / 2);
  });

  it('sums large sizes (terabytes) exactly', () => {
    const s = summarize([
      { state: 'protected', size: 1.2e12 },
      { state: 'partial', size: 600e9 },
    ]);
    expect(s.bytes).toBe(1.8e12);
    expect(s.protected).toBe(1);
    expect(s.partial).toBe(1);
  });

  it('returns a fresh object each call', () => {
    const a = summarize([{ state: 'lost', size: 1 }]);
    const b = summarize([]);
    expect(a).not.toBe(b);
    expect(b.lost).toBe(0);
    expect(a.lost).toBe(1);
  });
});
