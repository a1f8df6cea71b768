import { assignKeys } from '../../src/planning/assignKeys';
import type { CopyTask } from '../../src/planning/planProtect';
import { destinationWhere, type DestinationConfig } from '../config/config';
import type { Destination } from '../destinations/destination';
import { BufferPool, type BufferPair } from '../fsutil/bufferPool';
import { BatchRecorder } from './batchRecorder';
import { CLOUD_LARGE_FILES, CLOUD_SMALL_FILES, createCloudLanes } from './cloudLanes';
import { copyToDestinations, type CopyOutcome } from './copyToDestinations';
import { JobManifests } from './jobManifests';
import type { CacheReadBacks, JobFailure } from './jobReport';
import { pruneVersions } from './keptVersions';
import { gatherKeyClaims, publishKeyOwners } from './keyClaims';
import { JobProgress } from './progress';
import type { ProtectRequest } from './protectRequest';
import { runWeighted } from './runPool';
import type { Workspace } from './workspace';

export const CHUNK_SIZE = 4 * 1024 * 1024;
/** Large files copied at once. */
const DEFAULT_CONCURRENCY = 4;
/** A file smaller than this is read in one read into a small buffer, and is copied many at a time. */
export const SMALL_FILE_BYTES = 512 * 1024;
/**
 * Small files copied at once per large one: a small file's time is waits on the kernel (create, write,
 * fsync, rename), which overlap when many run at once (the CLI's thread pool has 16 threads).
 */
export const SMALL_FILES_PER_LARGE = 8;
const PROGRESS_MS = 200;

/**
 * The buffers of a protect job's reads, its local writes and its uploads, allocated when the first file
 * asks for them: the job opens its destinations on them before it knows whether it copies anything.
 */
export function copyPool(request: ProtectRequest): BufferPool {
  const concurrency = request.concurrency ?? DEFAULT_CONCURRENCY;
  // A pair per file being read, one per upload (read-backs have their own buffers, see hashFile).
  return new BuffersAtFirstUse(
    () =>
      new BufferPool(CHUNK_SIZE, concurrency + CLOUD_LARGE_FILES + CLOUD_SMALL_FILES, {
        bufferSize: SMALL_FILE_BYTES,
        pairs: concurrency * SMALL_FILES_PER_LARGE + CLOUD_SMALL_FILES,
      }),
  );
}

/** A pool of CHUNK_SIZE buffers that holds none until the first is acquired. */
export class BuffersAtFirstUse extends BufferPool {
  private pool: BufferPool | undefined;

  constructor(private readonly allocate: () => BufferPool) {
    super(CHUNK_SIZE, 0);
  }

  override acquire(fileSize?: number): Promise<BufferPair> {
    this.pool ??= this.allocate();
    return this.pool.acquire(fileSize);
  }

  override release(pair: BufferPair): void {
    this.pool!.release(pair);
  }
}

/**
 * The copying part of one protect job: local copies, then the cloud lanes, batch recording, manifests and
 * versions. Its destinations were opened (on `pool`) and reached by the job, which closes them.
 */
export class CopyRun {
  readonly failed: JobFailure[] = [];
  bytesRead = 0;
  private readonly destinations = new Map<string, Destination>();
  private readonly destinationIds = new Map<string, number>();
  private manifests: JobManifests | undefined;
  private recorder: BatchRecorder | undefined;
  private readonly progress: JobProgress;
  private lastProgress = 0;
  private readonly startedAt = new Date();
  private readonly versionedPaths: Set<string>;
  readonly warnings: string[] = [];

  constructor(
    private readonly ws: Workspace,
    private readonly jobId: number,
    private readonly chosen: readonly DestinationConfig[],
    private readonly opened: ReadonlyMap<string, Destination>,
    private readonly pool: BufferPool,
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
    const capacity = (this.request.concurrency ?? DEFAULT_CONCURRENCY) * SMALL_FILES_PER_LARGE;
    const pool = this.pool;
    const manifests = await JobManifests.create();
    this.manifests = manifests;
    for (const config of this.chosen) {
      const destination = this.opened.get(config.name)!;
      this.destinations.set(config.name, destination);
      this.destinationIds.set(
        config.name,
        this.ws.catalog.destinations.id({ url: destination.url, name: config.name, kind: config.kind, media: config.media, offsite: config.offsite }),
      );
      await manifests.open(config.name);
    }
    const recorder = new BatchRecorder({
      catalog: this.ws.catalog,
      jobId: this.jobId,
      destinations: this.destinations,
      destinationIds: this.destinationIds,
      versionedPaths: this.versionedPaths,
      manifests,
      failed: this.failed,
      onRecorded: this.request.onRecorded,
      onBatch: () => this.reportProgress(false),
    });
    this.recorder = recorder;
    await this.assignKeys();
    const isCloud = (name: string): boolean => this.destinations.get(name)?.capabilities.hashFirst === true;
    const signal = this.request.signal;
    const progress = {
      onSourceBytes: (n: number) => {
        this.progress.sourceBytes(n);
        this.reportProgress(false);
      },
      onDestinationBytes: (name: string, n: number) => this.progress.destinationBytes(name, n),
      ...(signal ? { signal } : {}),
    };
    const cloud = createCloudLanes({
      pool,
      progress,
      cloudDestinations: (task) => task.destinations.filter(isCloud).flatMap((name) => this.destinations.get(name) ?? []),
      onUploaded: async (outcome, from) => {
        if (from.localCopy === undefined) this.bytesRead += outcome.bytesRead;
        await this.finishFile(outcome, true);
      },
    });

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
        this.progress.fileStarted(task.source.path);
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
    await recorder.recordBatch();
    this.reportProgress(true);
    const generations = await manifests.write(this.destinations, this.chosen, this.startedAt, this.failed);
    for (const [name, generation] of generations) this.ws.catalog.jobs.addGeneration(this.jobId, this.destinationIds.get(name) ?? null, generation);
    await pruneVersions(this.ws.catalog, recorder.newVersions, this.destinations, this.warnings);
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
    const missed = this.tasks.filter((t) => t.destinations.includes(name)).map((t) => t.source.path);
    this.failed.push({ path: destinationWhere(config), destination: name, error: reason, missed });
    this.destinations.delete(name);
    this.progress.destinationLost(name);
  }

  private async finishFile(outcome: CopyOutcome, complete: boolean): Promise<void> {
    if (outcome.cancelled) return;
    this.progress.fileDone(outcome.outcomes, complete);
    await this.recorder!.add(outcome);
  }

  async close(): Promise<void> {
    await this.manifests?.close();
  }

  get readFromCache(): CacheReadBacks[] {
    return this.recorder?.readFromCache ?? [];
  }

  get filesCopied(): number {
    return this.recorder?.filesCopied ?? 0;
  }

  private reportProgress(force: boolean): void {
    const now = performance.now();
    if (!this.request.onProgress || (!force && now - this.lastProgress < PROGRESS_MS)) return;
    this.lastProgress = now;
    this.request.onProgress(this.progress.snapshot());
  }
}
