import { ASSET_STATES, type AssetState } from './assetState';

export type StateSummary = { assets: number; bytes: number } & Record<AssetState, number>;

export function summarize(assets: ReadonlyArray<{ state: AssetState; size: number }>): StateSummary {
  const summary = { assets: 0, bytes: 0 } as StateSummary;
  for (const state of ASSET_STATES) summary[state] = 0;
  for (const asset of assets) {
    summary.assets += 1;
    summary.bytes += asset.size;
    summary[asset.state] += 1;
  }
  return summary;
}
