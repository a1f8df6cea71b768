import { ownerKeyOf } from '../../src/paths/versionedKey';
import type { Catalog } from '../catalog/catalog';
import type { JobItem } from '../catalog/jobStore';
import type { Destination } from '../destinations/destination';
import type { MhlEntry } from '../mhl/manifest';
import type { CopyOutcome } from './copyToDestinations';
import type { JobManifests } from './jobManifests';
import type { CacheReadBacks, JobFailure } from './jobReport';
import type { NewVersion } from './keptVersions';

const BATCH_FILES = 64;
const BATCH_MS = 1000;

/** What recording a batch adds to the job's tallies and manifests, applied only if its transaction commits. */
interface BatchEffects {
  failed: JobFailure[];
  readFromCache: Array<{ destination: string; reason: string }>;
  copied: string[];
  newVersions: NewVersion[];
  manifestEntries: Map<string, MhlEntry[]>;
}

/** What the recorder works with: the job's open destinations, its manifests, and where its failures go. */
export interface BatchRecorderContext {
  catalog: Catalog;
  jobId: number;
  /** The destinations still in the job, by name (one dropped during the job leaves this map). */
  destinations: ReadonlyMap<string, Destination>;
  destinationIds: ReadonlyMap<string, number>;
  /** Sources whose copies are kept as versions. */
  versionedPaths: ReadonlySet<string>;
  manifests: JobManifests;
  failed: JobFailure[];
  onRecorded: ((paths: string[]) => void) | undefined;
  /** Called after each recorded batch. */
  onBatch: () => void;
}

/** Records a job's finished files in batches: made durable on their destinations, then one transaction each. */
export class BatchRecorder {
  private readonly cacheReadBacks = new Map<string, CacheReadBacks>();
  private readonly copiedPaths = new Set<string>();
  /** Versioned assets given a new version this run, per destination: pruned at the end. */
  readonly newVersions: NewVersion[] = [];
  private pending: CopyOutcome[] = [];
  private lastBatch = performance.now();
  private batchChain: Promise<void> = Promise.resolve();

  constructor(private readonly context: BatchRecorderContext) {}

  /** A finished file, recorded with its batch (now, if the batch is full or old enough). */
  async add(outcome: CopyOutcome): Promise<void> {
    this.pending.push(outcome);
    if (this.pending.length >= BATCH_FILES || performance.now() - this.lastBatch > BATCH_MS) await this.recordBatch();
  }

  get readFromCache(): CacheReadBacks[] {
    return [...this.cacheReadBacks.values()];
  }

  get filesCopied(): number {
    return this.copiedPaths.size;
  }

  /** Queues the pending outcomes for recording, one batch after another. */
  recordBatch(): Promise<void> {
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
      for (const outcome of batch) this.context.failed.push({ path: outcome.source.path, destination: null, error: reason });
    }
  }

  /** Makes the batch's copies durable on their destinations, then records them in one transaction. */
  private async writeBatch(batch: readonly CopyOutcome[]): Promise<void> {
    if (batch.length === 0) return;
    const { catalog, jobId } = this.context;
    const unsynced = new Map<string, string>();
    for (const [name, destination] of this.context.destinations) {
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
    catalog.transaction(() => {
      for (const outcome of batch) this.recordOutcome(outcome, unsynced, at, items, effects);
      catalog.jobs.addItems(jobId, items);
    });
    this.context.failed.push(...effects.failed);
    for (const { destination, reason } of effects.readFromCache) {
      const tally = this.cacheReadBacks.get(destination) ?? { destination, copies: 0, reason };
      tally.copies += 1;
      this.cacheReadBacks.set(destination, tally);
    }
    for (const p of effects.copied) this.copiedPaths.add(p);
    this.newVersions.push(...effects.newVersions);
    await this.context.manifests.append(effects.manifestEntries);
    this.context.onRecorded?.(batch.map((o) => o.source.path));
    this.context.onBatch();
  }

  private recordOutcome(outcome: CopyOutcome, unsynced: ReadonlyMap<string, string>, at: string, items: JobItem[], effects: BatchEffects): void {
    const { catalog } = this.context;
    const { source } = outcome;
    if (outcome.sourceError !== undefined) {
      if (outcome.corrupt) catalog.assets.setProblem(source.path, outcome.sourceError);
      effects.failed.push({ path: source.path, destination: null, error: outcome.sourceError });
      items.push({ path: source.path, destinationId: null, state: 'failed', bytesDone: outcome.bytesRead, error: outcome.sourceError });
      return;
    }
    // Without a hash (every writer failed before the end), only the failures are recorded.
    const assetId = outcome.xxh64 === undefined ? undefined : catalog.assets.record({ ...source, xxh64: outcome.xxh64 }, at);
    let copied = false;
    for (const [name, result] of outcome.outcomes) {
      const destinationId = this.context.destinationIds.get(name) ?? null;
      const error = result.ok ? unsynced.get(name) : result.error;
      if (result.ok && error === undefined && assetId !== undefined && destinationId !== null) {
        const { key } = outcome;
        const readBack = result.readBack;
        catalog.copies.recordVerified({
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
        catalog.keyOwners.claim({ destinationId, key: ownerKeyOf(key), assetId });
        if (this.context.versionedPaths.has(source.path)) {
          catalog.versions.record({ assetId, destinationId, key, xxh64: outcome.xxh64!, size: source.size, at });
          effects.newVersions.push({ assetId, destinationId, destination: name });
        }
        const entries = effects.manifestEntries.get(name) ?? [];
        entries.push({ path: key, size: source.size, mtimeMs: source.mtimeMs, xxh64: outcome.xxh64!, action: 'original', hashDate: new Date(at) });
        effects.manifestEntries.set(name, entries);
        items.push({
          path: source.path,
          destinationId,
          state: 'done',
          bytesDone: source.size,
          error: null,
          xxh64: outcome.xxh64!,
          location: result.location,
          readBack: readBack?.from ?? null,
        });
        copied = true;
      } else {
        const reason = error ?? 'not copied';
        effects.failed.push({ path: source.path, destination: name, error: reason });
        items.push({ path: source.path, destinationId, state: 'failed', bytesDone: 0, error: reason });
      }
    }
    if (copied) effects.copied.push(source.path);
  }
}
