import fs from 'node:fs/promises';
import { assessAsset, type AssetState, type CopyFact, type Shortfall, type SourceCondition } from '../../src/policy/assetState';
import { describeAssessment } from '../../src/policy/describeAssessment';
import type { Policy } from '../../src/policy/policy';
import { summarize, type StateSummary } from '../../src/policy/summarize';
import type { AssetRow, Catalog, CopyRow, Scope } from '../catalog/catalog';
import type { DestinationConfig, ThreefoldConfig } from '../config/config';
import { destinationUrl } from '../destinations/openDestinations';
import { collectSources, targetKind, type SourceFile } from '../targets/collectSources';

export interface AssetStatus {
  path: string;
  size: number;
  xxh64: string | null;
  state: AssetState;
  /** The status chip: `3-2-1 ✓`, or what is missing. */
  label: string;
  copies: number;
  media: string[];
  offsite: number;
  missing: Shortfall[];
  locations: Array<{ destination: string; location: string; verifiedAt: string }>;
  problem?: string;
}

export interface StatusDocument {
  target: string | string[];
  policy: Policy;
  summary: StateSummary;
  assets: AssetStatus[];
  warnings: string[];
}

export interface Observation {
  files: readonly SourceFile[];
  warnings: readonly string[];
}

/**
 * The 3-2-1 status of every asset under the targets: what is on disk now (stat only, never a re-hash)
 * against what the catalog knows. With no target, every asset the catalog knows.
 */
export async function buildStatus(
  config: ThreefoldConfig,
  catalog: Catalog,
  targets: readonly string[],
  observed?: Observation,
): Promise<StatusDocument> {
  const scopes = await scopesOf(targets);
  const assets = dedupeBy(scopes.flatMap((s) => catalog.assets(s)), (a) => a.path);
  const copies = dedupeBy(scopes.flatMap((s) => catalog.copies(s)), (c) => String(c.id));

  const observation =
    observed ?? (targets.length > 0 ? await collectSources(targets, config.destinations.map((d) => d.path)) : undefined);
  const seen = new Map<string, SourceFile>();
  for (const f of observation?.files ?? []) seen.set(f.path, f);
  // A recorded file the walk did not see (unlistable folder, whole-catalog status) gets a stat of its own.
  await Promise.all(
    assets
      .filter((a) => !seen.has(a.path))
      .map(async (a) => {
        const st = await fs.stat(a.path).catch(() => undefined);
        if (st?.isFile()) seen.set(a.path, { path: a.path, size: st.size, mtimeMs: st.mtimeMs });
      }),
  );

  const copiesByAsset = new Map<number, CopyRow[]>();
  for (const c of copies) {
    const list = copiesByAsset.get(c.assetId);
    if (list) list.push(c);
    else copiesByAsset.set(c.assetId, [c]);
  }
  const assetByPath = new Map(assets.map((a) => [a.path, a]));
  const paths = [...new Set([...seen.keys(), ...assetByPath.keys()])].sort();

  const context = { config, destinations: new Map(config.destinations.map((d) => [destinationUrl(d), d])) };
  const statuses = paths.map((p) =>
    assetStatus(context, seen.get(p), assetByPath.get(p), copiesByAsset.get(assetByPath.get(p)?.id ?? -1) ?? [], p),
  );
  return {
    target: targets.length === 1 ? targets[0]! : [...targets],
    policy: config.policy,
    summary: summarize(statuses),
    assets: statuses,
    warnings: [...(observation?.warnings ?? [])],
  };
}

interface StatusContext {
  config: ThreefoldConfig;
  /** Configured destinations by catalog URL: copies elsewhere do not count. */
  destinations: Map<string, DestinationConfig>;
}

function assetStatus(
  { config, destinations }: StatusContext,
  file: SourceFile | undefined,
  asset: AssetRow | undefined,
  copyRows: readonly CopyRow[],
  assetPath: string,
): AssetStatus {
  const source = sourceCondition(file, asset);
  const current = copyRows.filter((c) => destinations.has(c.destinationUrl) && c.xxh64 === asset?.xxh64);
  const facts: CopyFact[] = current.map((c) => {
    const d = destinations.get(c.destinationUrl)!;
    return { destination: d.name, media: d.media, offsite: d.offsite, verified: c.status === 'verified', failed: c.status === 'failed' };
  });
  const assessment = assessAsset({ source, copies: facts }, config.policy, config.sourceMedia);
  const counted = source === 'changed' ? [] : current.filter((c) => c.status === 'verified');
  const problems = [
    ...(source === 'corrupt' && asset?.problem ? [asset.problem] : []),
    ...current.filter((c) => c.status === 'failed').map((c) => `copy on ${destinations.get(c.destinationUrl)!.name}: ${c.error ?? 'failed'}`),
  ];
  return {
    path: assetPath,
    size: file?.size ?? asset?.size ?? 0,
    xxh64: asset?.xxh64 ?? null,
    state: assessment.state,
    label: describeAssessment(assessment),
    copies: assessment.copies,
    media: assessment.media,
    offsite: assessment.offsite,
    missing: assessment.missing,
    locations: counted.map((c) => ({
      destination: destinations.get(c.destinationUrl)!.name,
      location: c.location,
      verifiedAt: c.verifiedAt,
    })),
    ...(problems.length > 0 ? { problem: problems.join('; ') } : {}),
  };
}

function sourceCondition(file: SourceFile | undefined, asset: AssetRow | undefined): SourceCondition {
  if (!file) return 'absent';
  if (!asset) return 'new';
  if (asset.size !== file.size || asset.mtimeMs !== file.mtimeMs) return 'changed';
  return asset.problem ? 'corrupt' : 'unchanged';
}

async function scopesOf(targets: readonly string[]): Promise<Scope[]> {
  if (targets.length === 0) return [{ kind: 'all' }];
  const scopes: Scope[] = [];
  for (const target of targets) {
    const kind = await targetKind(target);
    if (kind !== 'folder') scopes.push({ kind: 'file', path: target });
    if (kind !== 'file') scopes.push({ kind: 'folder', path: target });
  }
  return scopes;
}

export function dedupeBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) if (!byKey.has(key(item))) byKey.set(key(item), item);
  return [...byKey.values()];
}
