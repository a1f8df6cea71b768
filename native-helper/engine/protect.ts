import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { assignKeys } from '../../src/planning/assignKeys';
import { ownerKeyOf } from '../../src/paths/versionedKey';
import { planProtect, type CopyTask, type ObservedSource, type PlanInput, type ProtectPlan, type RecordedCopy } from '../../src/planning/planProtect';
import type { JobItem } from '../catalog/jobStore';
import { destinationWhere, localDestinationFolders, selectDestinations, type DestinationConfig } from '../config/config';
import type { Destination } from '../destinations/destination';
import { destinationUrl, openDestination } from '../destinations/openDestinations';
import { UserError } from '../errors';
import { BufferPool } from '../fsutil/bufferPool';
import { MhlEntrySpool } from '../mhl/entrySpool';
import { appendGeneration, historyRootName } from '../mhl/history';
import type { MhlEntry } from '../mhl/manifest';
import type { ReferencedFile } from '../../src/projects/projectReading';
import { projectKindOf } from '../readers/readProject';
import { targetKind } from '../targets/collectSources';
import { selectTargets, type HostProject, type SelectOptions, type Selection } from '../targets/selectTargets';
import { copyToDestinations, type CopyOutcome } from './copyToDestinations';
import { isProcessAlive } from '../system/isProcessAlive';
import { acquireDestinationLocks, type LockWait } from './destinationLocks';
import { reachDestinations } from './reachDestination';
import { gatherKeyClaims, publishKeyOwners } from './keyClaims';
import { JobProgress, type ProgressSnapshot } from './progress';
import { DEFAULT_PART_SIZE } from '../destinations/s3/partSize';
import { uploadToCloud, type CloudSource } from './cloudUpload';
import { dropSourcesInsideDestinations, overlappingDestinations } from './overlappingDestinations';
import { createWorkQueue, runWeighted } from './runPool';
import { buildStatus, type StatusDocument } from './status';
import type { Workspace } from './workspace';

export const CHUNK_SIZE = 4 * 1024 * 1024;
/** Large files copied at once. */
const DEFAULT_CONCURRENCY = 4;
/** A file smaller than this is read in one read into a small buffer, and is copied many at a time. */
const SMALL_FILE_BYTES = 512 * 1024;
/**
 * Small files copied at once per large one: a small file's time is waits on the kernel (create, write,
 * fsync, rename), which overlap when many run at once (the CLI's thread pool has 16 threads).
 */
const SMALL_FILES_PER_LARGE = 8;
/** Large files uploaded at once (each with several parts in flight). */
const CLOUD_LARGE_FILES = 2;
/**
 * Files sent whole (one PUT each) at once: they wait on round trips, not bandwidth. More did worse against
 * a busy server (Swift's proxy then lost its memcached and looked up the container on every request).
 */
const CLOUD_SMALL_FILES = 16;
const BATCH_FILES = 64;
const BATCH_MS = 1000;
const PROGRESS_MS = 200;
/** Versions of a project file or catalog kept on each destination: a month of daily saves. */
export const KEEP_VERSIONS = 30;

export interface ProtectRequest {
  /** Absolute paths of folders, files, Premiere projects or Lightroom catalogs. */
  targets: string[];
  /** Lightroom previews are regenerable: copied only when asked. */
  includePreviews?: boolean;
  /** Destination names; all configured ones when absent. */
  only?: string[];
  dryRun?: boolean;
  concurrency?: number;
  onProgress?: (snapshot: ProgressSnapshot) => void;
  /** The files a host application listed (the panel's open project), protected like a project's. */
  host?: HostProject;
  /** Stops the job: no new file starts, copies in flight are abandoned (nothing partial at a final name). */
  signal?: AbortSignal;
  /** Told when the job waits for a destination another job is using. */
  onLockWait?: LockWait['onWait'];
  /** The catalog row of a job queued earlier (the helper's queue); a new row otherwise. */
  queuedJobId?: number;
  /** Sources whose copies were just recorded (their 3-2-1 state may have changed). */
  onRecorded?: (paths: string[]) => void;
  /**
   * Whether the report carries the 3-2-1 status of every asset of the targets (the default). Without it,
   * only the job's outcome: the helper's queue, which announces assets as they are recorded, needs no more.
   */
  withStatus?: boolean;
}

export interface JobFailure {
  path: string;
  /** null when the source itself could not be copied anywhere. */
  destination: string | null;
  error: string;
}

export interface JobOutcome {
  id: number | null;
  /** As recorded in the catalog; a dry run 'succeeded'. */
  state: 'succeeded' | 'failed' | 'cancelled';
  dryRun: boolean;
  files: number;
  bytes: number;
  seconds: number;
  upToDate: number;
  failed: JobFailure[];
  /** Copies that count though their read-back came from the operating system's cache, not the medium. */
  readFromCache: CacheReadBacks[];
  planned?: Array<{ path: string; destinations: string[]; why: string }>;
}

/** A destination's copies read back from the cache only, and why its medium could not be read. */
export interface CacheReadBacks {
  destination: string;
  copies: number;
  reason: string;
}

export interface ProtectReport extends StatusDocument {
  job: JobOutcome;
}

/** plan → copy → verify → record → ASC MHL, for folder and file targets; then the status of their assets. */
export async function protect(ws: Workspace, request: ProtectRequest & { withStatus: false }): Promise<{ job: JobOutcome }>;
export async function protect(ws: Workspace, request: ProtectRequest): Promise<ProtectReport>;
export async function protect(ws: Workspace, request: ProtectRequest): Promise<ProtectReport | { job: JobOutcome }> {
  const { job, selection } = await runJob(ws, request);
  if (!selection) return { job };
  // Built once the job is over and its state for every file is garbage: never both at once.
  return { ...(await buildStatus(ws.config, ws.catalog, selection)), job };
}

/** The job; the selection comes back only for a closing status. */
async function runJob(ws: Workspace, request: ProtectRequest): Promise<{ job: JobOutcome; selection?: Selection }> {
  const started = performance.now();
  if (ws.config.destinations.length === 0) {
    throw new UserError('no destinations are configured: add one with `threefold dest add NAME PATH --media LABEL`');
  }
  const selected = selectDestinations(ws.config.destinations, request.only);
  for (const target of request.targets) {
    if (projectKindOf(target) !== null) continue; // its reader says what is wrong with it
    const known = ws.catalog.assets.any({ kind: 'file', path: target }) || ws.catalog.assets.any({ kind: 'folder', path: target });
    if (!known && (await targetKind(target)) === 'absent') throw new UserError(`${target}: no such file or folder`);
  }
  // A destination overlapping a target is refused for this job; the others still get their copies.
  const refusals = await overlappingDestinations(ws.home, request.targets, selected, ws.config.destinations);
  const chosen = selected.filter((d) => !refusals.some((r) => r.destination === d.name));
  if (chosen.length === 0 && refusals.length > 0) throw new UserError(`${refusals[0]!.reason}; no other destination is left for this job`);
  const refused: JobFailure[] = refusals.map((r) => ({ path: r.target, destination: r.destination, error: r.reason }));
  const signal = request.signal;
  const urls = new Map(chosen.map((d) => [d.name, destinationUrl(d)]));
  const wait = { ...(signal ? { signal } : {}), ...(request.onLockWait ? { onWait: request.onLockWait } : {}) };
  // Taken before planning: a job that waited for another plans with what that one recorded.
  const releaseLock = request.dryRun ? async () => undefined : await acquireDestinationLocks(ws.home, urls, wait);
  try {
    const { plan, failed, usable, selection } = await planJob(ws, request, chosen);
    failed.unshift(...refused);
    if (request.dryRun) {
      return {
        job: {
          id: null,
          state: 'succeeded',
          dryRun: true,
          files: plan.tasks.length,
          bytes: plan.bytesToRead,
          seconds: (performance.now() - started) / 1000,
          upToDate: plan.upToDate.length,
          failed,
          readFromCache: [],
          planned: plan.tasks.map((t) => ({ path: t.source.path, destinations: t.destinations, why: t.why })),
        },
        ...(selection ? { selection } : {}),
      };
    }

    ws.catalog.jobs.markInterrupted(isProcessAlive);
    const jobId = ws.catalog.jobs.start('protect', request.targets, request.queuedJobId);
    const run = new CopyRun(ws, jobId, usable, plan.tasks, request);
    if (plan.tasks.length > 0) {
      try {
        await run.execute();
      } finally {
        await run.close();
      }
    }
    failed.push(...run.failed);
    selection?.warnings.push(...run.warnings);
    const seconds = (performance.now() - started) / 1000;
    const outcome = signal?.aborted ? 'cancelled' : failed.length > 0 ? 'failed' : 'succeeded';
    ws.catalog.jobs.finish(jobId, outcome, { files: run.filesCopied, bytes: run.bytesRead });
    return {
      job: {
        id: jobId,
        state: outcome,
        dryRun: false,
        files: run.filesCopied,
        bytes: run.bytesRead,
        seconds,
        upToDate: plan.upToDate.length,
        failed,
        readFromCache: run.readFromCache,
      },
      ...(selection ? { selection } : {}),
    };
  } finally {
    await releaseLock();
  }
}

/** Destinations opened only to be reached: a small buffer for a probe. */
function probeOpener(ws: Workspace): (config: DestinationConfig) => Destination {
  const pool = new BufferPool(PROBE_BUFFER, 1);
  return (config) => openDestination(config, pool, ws.catalog);
}

const PROBE_BUFFER = 64 * 1024;

/**
 * What the job copies, and what fails before anything is copied. The selection (every file of the
 * targets) is kept only when a closing status needs it.
 */
async function planJob(
  ws: Workspace,
  request: ProtectRequest,
  chosen: readonly DestinationConfig[],
): Promise<{ plan: ProtectPlan; failed: JobFailure[]; usable: DestinationConfig[]; selection?: Selection }> {
  const selection = await selectTargets(request.targets, localDestinationFolders(ws.config.destinations), selectOptions(request));
  const failed: JobFailure[] = selection.errors.map((e) => ({ path: e.path, destination: null, error: e.error }));
  failed.push(...selection.absent.map((f) => ({ path: f.path, destination: null, error: absentReason(f) })));
  // Once the targets are read (unreadable ones write nothing anywhere) and before planning, so that copies
  // condemned on the way are planned again; not in a dry run, which writes nothing (no identity marker).
  const { usable, refused } = request.dryRun
    ? { usable: [...chosen], refused: [] }
    : await reachDestinations(ws.catalog, ws.config.destinations, chosen, probeOpener(ws));
  failed.push(
    ...refused.map(({ config, error }) => ({ path: destinationWhere(config), destination: config.name, error: `${error}; nothing was copied there` })),
  );
  const plan = planProtect(planInput(ws, selection, usable));
  failed.push(...plan.rejected.map((r) => ({ path: r.path, destination: null, error: r.reason })));
  failed.push(...(await dropSourcesInsideDestinations(plan, usable)).map((r) => ({ path: r.target, destination: r.destination, error: r.reason })));
  return { plan, failed, usable, ...(request.withStatus === false ? {} : { selection }) };
}

function selectOptions(request: ProtectRequest): SelectOptions {
  return { requireMedia: true, ...(request.includePreviews ? { includePreviews: true } : {}), ...(request.host ? { host: request.host } : {}) };
}

function absentReason(file: ReferencedFile): string {
  return file.offline
    ? 'not found: the project marks it offline (relink it in the project, or restore it from a copy)'
    : 'not found where the project says it is (moved, renamed, or on a drive that is not connected)';
}

function planInput(ws: Workspace, selection: Selection, chosen: readonly DestinationConfig[]): PlanInput {
  // What the catalog knows of the selected files: a few queries for all of them, not one per file.
  const nameByUrl = new Map(ws.config.destinations.map((d) => [destinationUrl(d), d.name]));
  const recorded = ws.catalog.assets.recordedContents(
    selection.files.map((f) => f.path),
    nameByUrl,
  );
  return {
    destinations: chosen.map((d) => d.name),
    // Plain object literals, and one shared empty list: this runs once per file, and all of it is alive at once.
    sources: selection.files.map((file) => {
      const content = recorded.get(file.path);
      const source: ObservedSource = file.versioned
        ? { path: file.path, size: file.size, mtimeMs: file.mtimeMs, versioned: true }
        : { path: file.path, size: file.size, mtimeMs: file.mtimeMs };
      return content ? { source, recorded: content, copies: content.copies } : { source, copies: NO_COPIES };
    }),
  };
}

const NO_COPIES: readonly RecordedCopy[] = [];

/** What recording a batch adds to the job's tallies and manifests, applied only if its transaction commits. */
interface BatchEffects {
  failed: JobFailure[];
  readFromCache: Array<{ destination: string; reason: string }>;
  copied: string[];
  newVersions: Array<{ assetId: number; destinationId: number; destination: string }>;
  manifestEntries: Map<string, MhlEntry[]>;
}

/** Where each destination's ASC MHL entries wait for the end of the job; `problem` once one could not be kept. */
interface ManifestSpool {
  spool: MhlEntrySpool;
  problem?: string;
}

/** The copying part of one protect job, with its batched catalog writes and its manifests. */
class CopyRun {
  readonly failed: JobFailure[] = [];
  private readonly cacheReadBacks = new Map<string, CacheReadBacks>();
  private readonly copiedPaths = new Set<string>();
  bytesRead = 0;
  private readonly destinations = new Map<string, Destination>();
  private readonly destinationIds = new Map<string, number>();
  private readonly manifests = new Map<string, ManifestSpool>();
  /** A local temporary folder for the manifests' spools. */
  private spoolFolder: string | undefined;
  private readonly progress: JobProgress;
  private pending: CopyOutcome[] = [];
  private lastBatch = performance.now();
  private lastProgress = 0;
  private batchChain: Promise<void> = Promise.resolve();
  private readonly startedAt = new Date();
  private readonly versionedPaths: Set<string>;
  /** Versioned assets given a new version this run, per destination: pruned at the end. */
  private readonly newVersions: Array<{ assetId: number; destinationId: number; destination: string }> = [];
  readonly warnings: string[] = [];

  constructor(
    private readonly ws: Workspace,
    private readonly jobId: number,
    private readonly chosen: readonly DestinationConfig[],
    private tasks: readonly CopyTask[],
    private readonly request: ProtectRequest,
  ) {
    this.progress = new JobProgress(
      tasks,
      chosen.map((d) => d.name),
    );
    this.versionedPaths = new Set(tasks.filter((t) => t.source.versioned).map((t) => t.source.path));
  }

  async execute(): Promise<void> {
    const concurrency = this.request.concurrency ?? DEFAULT_CONCURRENCY;
    const capacity = concurrency * SMALL_FILES_PER_LARGE;
    // A pair per file being read, one per upload (read-backs have their own buffers, see hashFile).
    const pool = new BufferPool(CHUNK_SIZE, concurrency + CLOUD_LARGE_FILES + CLOUD_SMALL_FILES, {
      bufferSize: SMALL_FILE_BYTES,
      pairs: capacity + CLOUD_SMALL_FILES,
    });
    this.spoolFolder = await fs.mkdtemp(path.join(os.tmpdir(), 'threefold-job-'));
    for (const config of this.chosen) {
      const destination = openDestination(config, pool, this.ws.catalog);
      try {
        await destination.probe();
      } catch (error) {
        this.failed.push({ path: destinationWhere(config), destination: config.name, error: `${(error as Error).message}; nothing was copied there` });
        continue;
      }
      this.destinations.set(config.name, destination);
      this.destinationIds.set(
        config.name,
        this.ws.catalog.destinations.id({ url: destination.url, name: config.name, kind: config.kind, media: config.media, offsite: config.offsite }),
      );
      this.manifests.set(config.name, { spool: await MhlEntrySpool.create(path.join(this.spoolFolder, `${this.manifests.size}.jsonl`)) });
    }
    await this.assignKeys();
    const isCloud = (name: string): boolean => this.chosen.find((d) => d.name === name)?.kind === 's3';
    const signal = this.request.signal;
    const progress = {
      onSourceBytes: (n: number) => {
        this.progress.sourceBytes(n);
        this.reportProgress(false);
      },
      onDestinationBytes: (name: string, n: number) => this.progress.destinationBytes(name, n),
      ...(signal ? { signal } : {}),
    };
    const upload = async ({ task, from }: { task: CopyTask; from: CloudSource }): Promise<void> => {
      if (signal?.aborted) return;
      const targets = task.destinations.filter(isCloud).flatMap((name) => this.destinations.get(name) ?? []);
      let outcome: CopyOutcome;
      try {
        outcome = await uploadToCloud(task, from, targets, pool, { ...progress, onSourceBytes: () => undefined });
      } catch (error) {
        // Whatever went wrong is this file's failure on these destinations, not the end of the job.
        const reason = `the upload failed: ${(error as Error).message}`;
        outcome = {
          source: { ...task.source },
          key: task.key,
          outcomes: new Map(targets.map((d) => [d.info.name, { ok: false, error: reason }])),
          bytesRead: 0,
        };
      }
      if (from.localCopy === undefined) this.bytesRead += outcome.bytesRead;
      await this.finishFile(outcome, true);
    };
    const largeUploads = createWorkQueue(CLOUD_LARGE_FILES, upload);
    const smallUploads = createWorkQueue(CLOUD_SMALL_FILES, upload);
    const cloud = {
      push: (item: { task: CopyTask; from: CloudSource }) => (item.task.source.size > DEFAULT_PART_SIZE ? largeUploads : smallUploads).push(item),
      drained: () => Promise.all([largeUploads.drained(), smallUploads.drained()]),
    };

    try {
      const weight = (task: CopyTask): number => (task.source.size < SMALL_FILE_BYTES ? 1 : SMALL_FILES_PER_LARGE);
      await runWeighted(this.tasks, capacity, weight, async (task) => {
        if (signal?.aborted) return;
        const local = task.destinations.filter((name) => !isCloud(name)).flatMap((name) => this.destinations.get(name) ?? []);
        const toCloud = task.destinations.some((name) => isCloud(name) && this.destinations.has(name));
        if (local.length === 0) {
          if (toCloud) cloud.push({ task, from: task.expectXxh64 ? { xxh64: task.expectXxh64 } : {} });
          return;
        }
        const outcome = await copyToDestinations(task, local, pool, progress);
        this.bytesRead += outcome.bytesRead;
        if (outcome.cancelled) return;
        // A source that could not be read is reported once, for every destination; failed local disks are
        // no reason to skip the cloud.
        const uploadNext = toCloud && outcome.sourceError === undefined;
        await this.finishFile(outcome, !uploadNext);
        if (!uploadNext) return;
        // The cascade: the cloud reads the first verified local copy, in its own lane.
        const localCopy = [...outcome.outcomes.values()].find((o) => o.ok);
        cloud.push({
          task,
          from: {
            ...(outcome.xxh64 !== undefined ? { xxh64: outcome.xxh64 } : {}),
            ...(localCopy?.ok ? { localCopy: { location: localCopy.location, source: outcome.source } } : {}),
          },
        });
      });
    } finally {
      // Uploads already queued finish (or fail) before the job records and lets go of its destinations.
      await cloud.drained();
    }
    await this.recordBatch();
    this.reportProgress(true);
    await this.writeManifests();
    await this.pruneVersions();
  }

  /**
   * Gives each task the key it may have on its destinations (never another source's, never a file
   * Threefold did not write), and records the new ones on each destination before anything is written.
   */
  private async assignKeys(): Promise<void> {
    const opened = new Map([...this.destinations].map(([name, destination]) => [name, { destination, id: this.destinationIds.get(name)! }]));
    const { claims, unusable } = await gatherKeyClaims(this.ws.catalog, this.tasks, opened);
    for (const [name, reason] of unusable) this.dropDestination(name, reason);
    const { tasks, moved, rejected } = assignKeys(this.tasks, claims);
    this.tasks = tasks;
    this.failed.push(...rejected.map((r) => ({ path: r.path, destination: null, error: r.reason })));
    for (const m of moved) {
      this.warnings.push(`${m.path}: copied as ${m.key}, since ${m.naturalKey} on ${m.destination} is ${m.holder}`);
    }
    await Promise.all(
      [...this.destinations].map(async ([name, destination]) => {
        const newKeys = tasks
          .filter((t) => t.destinations.includes(name) && !claims.ownKeys(t.source.path, name).includes(t.ownerKey))
          .map((t): [string, string] => [t.ownerKey, t.source.path]);
        if (newKeys.length === 0) return;
        try {
          await publishKeyOwners(this.ws.catalog, { destination, id: this.destinationIds.get(name)! }, newKeys);
        } catch (error) {
          this.dropDestination(name, `its record of who owns its paths could not be written (${(error as Error).message}); nothing was copied there`);
        }
      }),
    );
  }

  private dropDestination(name: string, reason: string): void {
    const config = this.chosen.find((d) => d.name === name)!;
    this.failed.push({ path: destinationWhere(config), destination: name, error: reason });
    this.destinations.get(name)?.close();
    this.destinations.delete(name);
  }

  private async finishFile(outcome: CopyOutcome, complete: boolean): Promise<void> {
    if (outcome.cancelled) return;
    this.progress.fileDone(outcome.outcomes, complete);
    this.pending.push(outcome);
    if (this.pending.length >= BATCH_FILES || performance.now() - this.lastBatch > BATCH_MS) await this.recordBatch();
  }

  /** Removes the oldest versions beyond KEEP_VERSIONS; a removal that fails is retried on a later run. */
  private async pruneVersions(): Promise<void> {
    for (const { assetId, destinationId, destination } of this.newVersions) {
      for (const old of this.ws.catalog.versions.beyond(assetId, destinationId, KEEP_VERSIONS)) {
        try {
          await this.destinations.get(destination)!.remove(old.key);
          this.ws.catalog.versions.forget(old.id);
        } catch (error) {
          this.warnings.push(`${destination}: an old version (${old.key}) could not be removed: ${(error as Error).message}`);
        }
      }
    }
  }

  async close(): Promise<void> {
    for (const destination of this.destinations.values()) destination.close();
    await Promise.all([...this.manifests.values()].map(({ spool }) => spool.close().catch(() => undefined)));
    if (this.spoolFolder !== undefined) await fs.rm(this.spoolFolder, { recursive: true, force: true });
  }

  get readFromCache(): CacheReadBacks[] {
    return [...this.cacheReadBacks.values()];
  }

  get filesCopied(): number {
    return this.copiedPaths.size;
  }

  private reportProgress(force: boolean): void {
    const now = performance.now();
    if (!this.request.onProgress || (!force && now - this.lastProgress < PROGRESS_MS)) return;
    this.lastProgress = now;
    this.request.onProgress(this.progress.snapshot());
  }

  /** Queues the pending outcomes for recording, one batch after another. */
  private recordBatch(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.lastBatch = performance.now();
    this.batchChain = this.batchChain.then(() => this.recordOutcomes(batch));
    return this.batchChain;
  }

  /** One batch; if the catalog cannot take it, its files are reported as not recorded and later batches go on. */
  private async recordOutcomes(batch: readonly CopyOutcome[]): Promise<void> {
    try {
      await this.writeBatch(batch);
    } catch (error) {
      const reason = `copied, but the catalog could not record it (${(error as Error).message}); it is copied again next time`;
      for (const outcome of batch) this.failed.push({ path: outcome.source.path, destination: null, error: reason });
    }
  }

  /** Makes the batch's copies durable on their destinations, then records them in one transaction. */
  private async writeBatch(batch: readonly CopyOutcome[]): Promise<void> {
    if (batch.length === 0) return;
    const unsynced = new Map<string, string>();
    for (const [name, destination] of this.destinations) {
      try {
        await destination.flush();
      } catch (error) {
        unsynced.set(name, `the copy could not be made durable: ${(error as Error).message}`);
      }
    }
    const at = new Date().toISOString();
    const items: JobItem[] = [];
    // Counted only once the transaction commits: a batch the catalog refuses is reported once, as not recorded.
    const effects: BatchEffects = { failed: [], readFromCache: [], copied: [], newVersions: [], manifestEntries: new Map() };
    this.ws.catalog.transaction(() => {
      for (const outcome of batch) this.recordOutcome(outcome, unsynced, at, items, effects);
      this.ws.catalog.jobs.addItems(this.jobId, items);
    });
    this.failed.push(...effects.failed);
    for (const { destination, reason } of effects.readFromCache) {
      const tally = this.cacheReadBacks.get(destination) ?? { destination, copies: 0, reason };
      tally.copies += 1;
      this.cacheReadBacks.set(destination, tally);
    }
    for (const p of effects.copied) this.copiedPaths.add(p);
    this.newVersions.push(...effects.newVersions);
    await this.spoolManifestEntries(effects.manifestEntries);
    this.request.onRecorded?.(batch.map((o) => o.source.path));
    this.reportProgress(false);
  }

  private recordOutcome(outcome: CopyOutcome, unsynced: ReadonlyMap<string, string>, at: string, items: JobItem[], effects: BatchEffects): void {
    const { source } = outcome;
    if (outcome.sourceError !== undefined) {
      if (outcome.corrupt) this.ws.catalog.assets.setProblem(source.path, outcome.sourceError);
      effects.failed.push({ path: source.path, destination: null, error: outcome.sourceError });
      items.push({ path: source.path, destinationId: null, state: 'failed', bytesDone: outcome.bytesRead, error: outcome.sourceError });
      return;
    }
    // Without a hash (every writer failed before the end), only the failures are recorded.
    const assetId = outcome.xxh64 === undefined ? undefined : this.ws.catalog.assets.record({ ...source, xxh64: outcome.xxh64 }, at);
    let copied = false;
    for (const [name, result] of outcome.outcomes) {
      const destinationId = this.destinationIds.get(name) ?? null;
      const error = result.ok ? unsynced.get(name) : result.error;
      if (result.ok && error === undefined && assetId !== undefined && destinationId !== null) {
        const { key } = outcome;
        const readBack = result.readBack;
        this.ws.catalog.copies.recordVerified({
          assetId,
          destinationId,
          key,
          location: result.location,
          size: source.size,
          xxh64: outcome.xxh64!,
          at,
          etag: result.etag,
          readBack: readBack?.from ?? null,
        });
        if (readBack?.from === 'cache') effects.readFromCache.push({ destination: name, reason: readBack.reason });
        this.ws.catalog.keyOwners.claim({ destinationId, key: ownerKeyOf(key), assetId });
        if (this.versionedPaths.has(source.path)) {
          this.ws.catalog.versions.record({ assetId, destinationId, key, xxh64: outcome.xxh64!, size: source.size, at });
          effects.newVersions.push({ assetId, destinationId, destination: name });
        }
        const entries = effects.manifestEntries.get(name) ?? [];
        entries.push({ path: key, size: source.size, mtimeMs: source.mtimeMs, xxh64: outcome.xxh64!, action: 'original', hashDate: new Date(at) });
        effects.manifestEntries.set(name, entries);
        items.push({ path: source.path, destinationId, state: 'done', bytesDone: source.size, error: null });
        copied = true;
      } else {
        const reason = error ?? 'not copied';
        effects.failed.push({ path: source.path, destination: name, error: reason });
        items.push({ path: source.path, destinationId, state: 'failed', bytesDone: 0, error: reason });
      }
    }
    if (copied) effects.copied.push(source.path);
  }

  /** A spool that fails stops taking entries: its destination gets no generation rather than an incomplete one. */
  private async spoolManifestEntries(entriesByDestination: ReadonlyMap<string, MhlEntry[]>): Promise<void> {
    for (const [name, entries] of entriesByDestination) {
      const manifest = this.manifests.get(name)!;
      if (manifest.problem !== undefined) continue;
      try {
        await manifest.spool.append(entries);
      } catch (error) {
        manifest.problem = `its entries could not be kept until the end of the job (${(error as Error).message})`;
      }
    }
  }

  private async writeManifests(): Promise<void> {
    for (const [name, { spool, problem }] of this.manifests) {
      const destination = this.destinations.get(name)!;
      const failure = (reason: string): JobFailure => ({
        path: destination.locate('ascmhl'),
        destination: name,
        error: `the ASC MHL manifest could not be written: ${reason}`,
      });
      if (problem !== undefined) {
        this.failed.push(failure(problem));
        continue;
      }
      if (spool.count === 0) continue;
      const root = destinationWhere(this.chosen.find((d) => d.name === name)!);
      try {
        await appendGeneration(destination, historyRootName(root), 'transfer', this.startedAt, spool.entries());
      } catch (error) {
        this.failed.push(failure((error as Error).message));
      }
    }
  }
}
