import { sameMtime } from '../../src/format/sameMtime';
import fs from 'node:fs/promises';
import { assessAsset, type CopyFact, type SourceCondition } from '../../src/policy/assetState';
import type { Badge } from '../../src/protocol/badges';
import { type DrillDue, drillsDue } from '../../src/restore/drillDue';
import type { Overdue } from '../../src/protocol/plans';
import { describeAssessment } from '../../src/policy/describeAssessment';
import type { Policy } from '../../src/policy/policy';
import { summarize, type StateSummary } from '../../src/policy/summarize';
import type { AssetRow } from '../catalog/assetStore';
import type { Catalog } from '../catalog/catalog';
import type { CopyState } from '../catalog/copyStore';
import type { DrillRecord } from '../catalog/drillStore';
import type { Scope } from '../catalog/scope';
import { localDestinationFolders, type DestinationConfig, type ThreefoldConfig } from '../config/config';
import { destinationUrl } from '../destinations/openDestinations';
import type { AssetRole } from '../../src/projects/projectReading';
import type { SourceFile } from '../fsutil/collectSources';
import type { ReadOptions } from '../readers/readProject';
import { selectTargets, type SelectedFile, type Selection, type TargetType } from '../targets/selectTargets';

/** A file's badge (its state and the chip's text, `3-2-1 ✓` or what is missing), and the rest of what is known of it. */
export interface AssetStatus extends Badge {
  path: string;
  size: number;
  xxh64: string | null;
  /** `readBack` of a local copy: whether it was last read back from its medium or only from the cache. */
  locations: Array<{ destination: string; location: string; verifiedAt: string; readBack?: 'medium' | 'cache' }>;
  problem?: string;
  /** For a project's files: what the project uses it as, and its clip or photo names. */
  role?: AssetRole;
  clips?: string[];
  /** The project marked it offline when saved. */
  offline?: boolean;
  /** Present but not copied now, and why (a catalog Lightroom has open). */
  busy?: string;
}

/** A configured destination that did not answer its last job: its copies still count, since `since`. */
export interface UnreachableDestination {
  destination: string;
  since: string;
  /** When it last answered; null if never since this catalog knows it. */
  lastReachable: string | null;
  reason: string | null;
}

export interface StatusDocument {
  target: string | string[];
  projects: Array<{ target: string; kind: TargetType; name: string; version: string | null }>;
  policy: Policy;
  summary: StateSummary;
  assets: AssetStatus[];
  warnings: string[];
  /** Present when some destination has not been reachable. */
  unreachable?: UnreachableDestination[];
  /** The newest restore drill, null when none has run (present when destinations are configured). */
  lastDrill?: DrillRecord | null;
  /** Configured destinations no recent passing drill proves: never drilled, not for 90 days, or failed their last. */
  drillsDue?: DrillDue[];
  /** Present when a plan or a file is past its deadline (`withOverdue`). */
  overdue?: Overdue;
}

/**
 * The 3-2-1 status of every asset of the selection: what is on disk now (stat only, never a re-hash)
 * against what the catalog knows. Without a selection, every asset the catalog knows.
 */
export async function buildStatus(config: ThreefoldConfig, catalog: Catalog, selection: Selection | null): Promise<StatusDocument> {
  const statuses: AssetStatus[] = [];
  await forEachAssetStatus(config, catalog, selection, (status) => statuses.push(status));
  const unreachable = unreachableDestinations(config, catalog);
  return {
    ...statusHeader(config, selection),
    summary: summarize(statuses),
    assets: statuses,
    ...(unreachable.length > 0 ? { unreachable } : {}),
    ...drillStatus(config, catalog),
  };
}

/** The last drill and the destinations due one; nothing without destinations. */
export function drillStatus(config: ThreefoldConfig, catalog: Catalog): Pick<StatusDocument, 'lastDrill' | 'drillsDue'> {
  if (config.destinations.length === 0) return {};
  const names = new Map(config.destinations.map((d) => [destinationUrl(d), d.name]));
  const last = catalog.drills
    .lastByDestination()
    .flatMap((d) => (names.has(d.destinationUrl) ? [{ destination: names.get(d.destinationUrl)!, at: d.at, passed: d.passed }] : []));
  return { lastDrill: catalog.drills.last(), drillsDue: drillsDue([...names.values()], last, new Date()) };
}

/** The configured destinations whose last job could not reach them, and since when. */
export function unreachableDestinations(config: ThreefoldConfig, catalog: Catalog): UnreachableDestination[] {
  const states = new Map(catalog.destinations.states().map((s) => [s.url, s]));
  return config.destinations.flatMap((d) => {
    const state = states.get(destinationUrl(d));
    if (state?.unreachableSince == null) return [];
    return [{ destination: d.name, since: state.unreachableSince, lastReachable: state.reachableAt, reason: state.unreachableReason }];
  });
}

/** What a status says besides its assets: targets, projects, policy and warnings. */
export function statusHeader(config: ThreefoldConfig, selection: Selection | null): Omit<StatusDocument, 'summary' | 'assets'> {
  const targets = selection?.targets.map((t) => t.target) ?? [];
  const busy = (selection?.busy ?? []).map((f) => `${f.path}: not copied now: ${f.busy}`);
  return {
    target: targets.length === 1 ? targets[0]! : targets,
    projects: (selection?.targets ?? []).flatMap((t) => (t.project ? [{ target: t.target, kind: t.kind, ...t.project }] : [])),
    policy: config.policy,
    warnings: [...(selection?.warnings ?? []), ...busy],
  };
}

/**
 * Each asset's status, in path order, handed to `visit` as it is made: the catalog is read a slice of paths
 * at a time, so what is held at once is the selection and one slice's rows, whatever the number of files.
 */
export async function forEachAssetStatus(
  config: ThreefoldConfig,
  catalog: Catalog,
  selection: Selection | null,
  visit: (status: AssetStatus) => void,
): Promise<void> {
  // What the targets hold now: present files (with what their projects say of them), busy ones, and absent ones.
  const present = new Map<string, SelectedFile | BusyFile>();
  for (const f of selection?.files ?? []) present.set(f.path, f);
  for (const f of selection?.busy ?? []) present.set(f.path, f);
  const absent = new Map((selection?.absent ?? []).map((f) => [f.path, f]));
  const paths = new Set(present.keys());
  for (const p of absent.keys()) paths.add(p);
  // Recorded files the selection did not see (deleted, in an unlistable folder; the whole catalog without targets).
  for (const scope of selection ? selection.scopes : [{ kind: 'all' } satisfies Scope]) {
    if (scope.kind === 'paths') for (const p of scope.paths) paths.add(p);
    else for (const p of catalog.assets.paths(scope)) paths.add(p);
  }
  const sorted = [...paths].sort();
  paths.clear();

  const context = statusContext(config, catalog);
  for (let start = 0; start < sorted.length; start += SLICE) {
    const slice = sorted.slice(start, start + SLICE);
    const scope: Scope = { kind: 'paths', paths: slice };
    const assetByPath = new Map(catalog.assets.list(scope).map((a) => [a.path, a]));
    const copiesByAsset = byAsset(catalog.copies.states(scope));
    // A recorded file the selection did not see gets a stat of its own.
    const statted = new Map<string, SourceFile>();
    await Promise.all(
      [...assetByPath.keys()]
        .filter((p) => !present.has(p) && !absent.has(p))
        .map(async (p) => {
          const st = await fs.stat(p).catch(() => undefined);
          if (st?.isFile()) statted.set(p, { path: p, size: st.size, mtimeMs: st.mtimeMs });
        }),
    );
    for (const p of slice) {
      const asset = assetByPath.get(p);
      const file = present.get(p);
      const reference = absent.get(p);
      if (!asset && !file && !reference) continue; // a path of a scope that was never recorded
      const status = assetStatus(context, file ?? statted.get(p), asset, asset ? (copiesByAsset.get(asset.id) ?? NO_COPIES) : NO_COPIES, p);
      // What a project says of the file, set on the fresh object (a spread is slow on 100,000 assets).
      if (reference) {
        status.role = reference.role;
        status.clips = reference.clips;
        if (reference.offline) status.offline = true;
      } else if (file) {
        status.role = file.role;
        status.clips = file.clips;
        if ('busy' in file) status.busy = file.busy;
      }
      visit(status);
    }
    await breather();
  }
}

type BusyFile = Selection['busy'][number];

const NO_COPIES: readonly CopyState[] = [];

/** Files per catalog query and per stretch of work between breathers. */
const SLICE = 5000;

/** Lets the event loop answer others (the helper's other clients) during a status of 100,000 files. */
function breather(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

interface StatusContext {
  config: ThreefoldConfig;
  /** Configured destinations by catalog id: copies elsewhere do not count. */
  destinations: Map<number, DestinationConfig>;
  /** The storage (identity marker) of each configured destination whose marker has been read. */
  storages: Map<number, string>;
  /** Badges worked out so far, by source condition and copies: 100,000 files share a handful. */
  badges: Map<string, Badge>;
}

function statusContext(config: ThreefoldConfig, catalog: Catalog): StatusContext {
  const states = new Map(catalog.destinations.states().map((s) => [s.url, s]));
  const destinations = new Map<number, DestinationConfig>();
  const storages = new Map<number, string>();
  for (const d of config.destinations) {
    const state = states.get(destinationUrl(d));
    if (state === undefined) continue;
    destinations.set(state.id, d);
    if (state.identity !== null) storages.set(state.id, state.identity);
  }
  return { config, destinations, storages, badges: new Map() };
}

function assetStatus(
  context: StatusContext,
  file: SourceFile | undefined,
  asset: AssetRow | undefined,
  copyStates: readonly CopyState[],
  assetPath: string,
): AssetStatus {
  const { destinations } = context;
  const source = sourceCondition(file, asset);
  const current = copyStates.filter((c) => destinations.has(c.destinationId));
  const badge = badgeOf(context, source, current);
  // Loops rather than chains of filter and map: this runs for each of 100,000 files.
  const locations: AssetStatus['locations'] = [];
  const problems: string[] = [];
  if (source === 'corrupt' && asset?.problem) problems.push(asset.problem);
  for (const c of current) {
    const name = destinations.get(c.destinationId)!.name;
    if (c.failed) problems.push(`copy on ${name}: ${c.error ?? 'failed'}`);
    else if (source !== 'changed') {
      locations.push(
        c.readBack === null
          ? { destination: name, location: c.location, verifiedAt: c.verifiedAt }
          : { destination: name, location: c.location, verifiedAt: c.verifiedAt, readBack: c.readBack },
      );
    }
  }
  const status: AssetStatus = {
    path: assetPath,
    size: file?.size ?? asset?.size ?? 0,
    xxh64: asset?.xxh64 ?? null,
    state: badge.state,
    label: badge.label,
    copies: badge.copies,
    media: badge.media,
    offsite: badge.offsite,
    missing: badge.missing,
    locations,
  };
  if (problems.length > 0) status.problem = problems.join('; ');
  return status;
}

/** The badge of a source in this condition with these copies (of its recorded content, on configured destinations). */
function badgeOf({ config, destinations, storages, badges }: StatusContext, source: SourceCondition, current: readonly CopyState[]): Badge {
  let key: string = source;
  for (const c of current) key += `|${c.destinationId}:${c.failed}${c.absent}`;
  const known = badges.get(key);
  if (known) return known;
  const facts: CopyFact[] = current.map((c) => {
    const d = destinations.get(c.destinationId)!;
    const storage = storages.get(c.destinationId);
    // An absent copy is not there: neither counted nor a failed verification.
    const fact: CopyFact = { destination: d.name, media: d.media, offsite: d.offsite, verified: !c.failed, failed: c.failed === 1 && c.absent === 0 };
    if (storage !== undefined) fact.storage = storage;
    return fact;
  });
  const { state, copies, media, offsite, missing } = assessAsset({ source, copies: facts }, config.policy, config.sourceMedia);
  const badge = { state, label: describeAssessment({ state, copies, media, offsite, missing }), copies, media, offsite, missing };
  badges.set(key, badge);
  return badge;
}

function sourceCondition(file: SourceFile | undefined, asset: AssetRow | undefined): SourceCondition {
  if (!file) return 'absent';
  if (!asset) return 'new';
  if (asset.size !== file.size || !sameMtime(asset.mtimeMs, file.mtimeMs)) return 'changed';
  return asset.problem ? 'corrupt' : 'unchanged';
}

function byAsset(copies: readonly CopyState[]): Map<number, CopyState[]> {
  const byId = new Map<number, CopyState[]>();
  for (const c of copies) {
    const list = byId.get(c.assetId);
    if (list) list.push(c);
    else byId.set(c.assetId, [c]);
  }
  return byId;
}

/**
 * The new status of files whose copies a job has just recorded. Their content was hashed moments ago, so
 * the catalog's size and mtime stand for the file's (no stat of each again); a change since then is
 * seen by the next status. Only what the catalog knows: no role, clip names or offline mark.
 */
export function statusOfRecorded(config: ThreefoldConfig, catalog: Catalog, paths: readonly string[]): AssetStatus[] {
  const scope: Scope = { kind: 'paths', paths };
  const copiesByAsset = byAsset(catalog.copies.states(scope));
  const context = statusContext(config, catalog);
  return catalog.assets
    .list(scope)
    .map((a) => assetStatus(context, { path: a.path, size: a.size, mtimeMs: a.mtimeMs }, a, copiesByAsset.get(a.id) ?? NO_COPIES, a.path));
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
