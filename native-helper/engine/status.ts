import fs from 'node:fs/promises';
import { assessAsset, type CopyFact, type SourceCondition } from '../../src/policy/assetState';
import type { Badge } from '../../src/protocol/badges';
import { describeAssessment } from '../../src/policy/describeAssessment';
import type { Policy } from '../../src/policy/policy';
import { summarize, type StateSummary } from '../../src/policy/summarize';
import type { AssetRow, Catalog, CopyRow, Scope } from '../catalog/catalog';
import { localDestinationFolders, type DestinationConfig, type ThreefoldConfig } from '../config/config';
import { destinationUrl } from '../destinations/openDestinations';
import type { AssetRole } from '../../src/projects/projectReading';
import type { SourceFile } from '../targets/collectSources';
import type { ReadOptions } from '../readers/readProject';
import { selectTargets, type Selection, type TargetType } from '../targets/selectTargets';

/** A file's badge (its state and the chip's text, `3-2-1 ✓` or what is missing), and the rest of what is known of it. */
export interface AssetStatus extends Badge {
  path: string;
  size: number;
  xxh64: string | null;
  locations: Array<{ destination: string; location: string; verifiedAt: string }>;
  problem?: string;
  /** For a project's files: what the project uses it as, and its clip or photo names. */
  role?: AssetRole;
  clips?: string[];
  /** The project marked it offline when saved. */
  offline?: boolean;
  /** Present but not copied now, and why (a catalog Lightroom has open). */
  busy?: string;
}

export interface StatusDocument {
  target: string | string[];
  projects: Array<{ target: string; kind: TargetType; name: string; version: string | null }>;
  policy: Policy;
  summary: StateSummary;
  assets: AssetStatus[];
  warnings: string[];
}

/**
 * The 3-2-1 status of every asset of the selection: what is on disk now (stat only, never a re-hash)
 * against what the catalog knows. Without a selection, every asset the catalog knows.
 */
export async function buildStatus(config: ThreefoldConfig, catalog: Catalog, selection: Selection | null): Promise<StatusDocument> {
  const scopes: Scope[] = selection ? selection.scopes.flatMap(inSlices) : [{ kind: 'all' }];
  const assetRows: AssetRow[] = [];
  const copyRows: CopyRow[] = [];
  for (const scope of scopes) {
    assetRows.push(...catalog.assets(scope));
    copyRows.push(...catalog.copies(scope));
    await breather();
  }
  const assets = dedupeBy(assetRows, (a) => a.path);
  const copies = dedupeBy(copyRows, (c) => String(c.id));

  const seen = new Map<string, SourceFile>();
  for (const f of [...(selection?.files ?? []), ...(selection?.busy ?? [])]) seen.set(f.path, f);
  const absent = new Set((selection?.absent ?? []).map((f) => f.path));
  // A recorded file the selection did not see (unlistable folder, whole-catalog status) gets a stat of its own.
  await Promise.all(
    assets
      .filter((a) => !seen.has(a.path) && !absent.has(a.path))
      .map(async (a) => {
        const st = await fs.stat(a.path).catch(() => undefined);
        if (st?.isFile()) seen.set(a.path, { path: a.path, size: st.size, mtimeMs: st.mtimeMs });
      }),
  );

  const copiesByAsset = byAsset(copies);
  const assetByPath = new Map(assets.map((a) => [a.path, a]));
  const referenced = referencedFiles(selection);
  const paths = [...new Set([...seen.keys(), ...absent, ...assetByPath.keys()])].sort();

  const context = { config, destinations: new Map(config.destinations.map((d) => [destinationUrl(d), d])) };
  const statuses: AssetStatus[] = [];
  for (const p of paths) {
    const status = assetStatus(context, seen.get(p), assetByPath.get(p), copiesByAsset.get(assetByPath.get(p)?.id ?? -1) ?? [], p);
    const reference = referenced.get(p);
    // A fresh object: extended in place (a spread followed by more properties is slow on 100,000 assets).
    statuses.push(reference ? Object.assign(status, reference) : status);
    if (statuses.length % SLICE === 0) await breather();
  }
  const targets = selection?.targets.map((t) => t.target) ?? [];
  const busy = (selection?.busy ?? []).map((f) => `${f.path}: not copied now: ${f.busy}`);
  return {
    target: targets.length === 1 ? targets[0]! : targets,
    projects: (selection?.targets ?? []).flatMap((t) => (t.project ? [{ target: t.target, kind: t.kind, ...t.project }] : [])),
    policy: config.policy,
    summary: summarize(statuses),
    assets: statuses,
    warnings: [...(selection?.warnings ?? []), ...busy],
  };
}

/** Files per catalog query and per stretch of work between breathers. */
const SLICE = 5000;

/** A long list of paths as several scopes: each query, and the work between breathers, stays short. */
function inSlices(scope: Scope): Scope[] {
  if (scope.kind !== 'paths' || scope.paths.length <= SLICE) return [scope];
  const slices: Scope[] = [];
  for (let i = 0; i < scope.paths.length; i += SLICE) slices.push({ kind: 'paths', paths: scope.paths.slice(i, i + SLICE) });
  return slices;
}

/** Lets the event loop answer others (the helper's other clients) during a status of 100,000 files. */
function breather(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** What the projects say of their files: role, clip names, offline and busy marks. */
function referencedFiles(selection: Selection | null): Map<string, Pick<AssetStatus, 'role' | 'clips' | 'offline' | 'busy'>> {
  const byPath = new Map<string, Pick<AssetStatus, 'role' | 'clips' | 'offline' | 'busy'>>();
  if (!selection) return byPath;
  for (const f of selection.files) byPath.set(f.path, { role: f.role, clips: f.clips });
  for (const f of selection.busy) byPath.set(f.path, { role: f.role, clips: f.clips, busy: f.busy });
  for (const f of selection.absent) byPath.set(f.path, { role: f.role, clips: f.clips, ...(f.offline ? { offline: true } : {}) });
  return byPath;
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

function byAsset(copies: readonly CopyRow[]): Map<number, CopyRow[]> {
  const byId = new Map<number, CopyRow[]>();
  for (const c of copies) {
    const list = byId.get(c.assetId);
    if (list) list.push(c);
    else byId.set(c.assetId, [c]);
  }
  return byId;
}

export function dedupeBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) if (!byKey.has(key(item))) byKey.set(key(item), item);
  return [...byKey.values()];
}

/**
 * The new status of files whose copies a job has just recorded. Their content was hashed moments ago, so
 * the catalog's size and mtime stand for the file's (no stat of each again); a change since then is
 * seen by the next status. Only what the catalog knows: no role, clip names or offline mark.
 */
export function statusOfRecorded(config: ThreefoldConfig, catalog: Catalog, paths: readonly string[]): AssetStatus[] {
  const scope: Scope = { kind: 'paths', paths };
  const copiesByAsset = byAsset(catalog.copies(scope));
  const context = { config, destinations: new Map(config.destinations.map((d) => [destinationUrl(d), d])) };
  return catalog.assets(scope).map((a) => assetStatus(context, { path: a.path, size: a.size, mtimeMs: a.mtimeMs }, a, copiesByAsset.get(a.id) ?? [], a.path));
}

/** The status of targets given by path (all known assets without any): reads them, then builds the status. */
export async function statusOfTargets(
  config: ThreefoldConfig,
  catalog: Catalog,
  targets: readonly string[],
  options: ReadOptions = {},
): Promise<StatusDocument> {
  const selection = targets.length > 0 ? await selectTargets(targets, localDestinationFolders(config.destinations), options) : null;
  return buildStatus(config, catalog, selection);
}
