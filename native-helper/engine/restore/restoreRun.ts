import fs from 'node:fs/promises';
import path from 'node:path';
import { isSameOrInside } from '../../../src/paths/containment';
import { noCandidateReason, orderCandidates } from '../../../src/restore/candidates';
import { besideName, type ClobberRule, existingTargetAction } from '../../../src/restore/existingTarget';
import { restoreTargets, volumeMountPoint } from '../../../src/restore/targetPath';
import type { AssetRow } from '../../catalog/assetStore';
import type { CopyRow } from '../../catalog/copyStore';
import { destinationWhere, type DestinationConfig } from '../../config/config';
import type { Destination } from '../../destinations/destination';
import { readMarker } from '../../destinations/identityMarker';
import { destinationUrl, openDestination } from '../../destinations/openDestinations';
import { describeFsError } from '../../errors';
import type { BufferPool } from '../../fsutil/bufferPool';
import { hashFile } from '../../hash/hashFile';
import { JobProgress } from '../progress';
import { type Reach, reachDestination } from '../reachDestination';
import { runPool, WeightedLane } from '../runPool';
import type { Workspace } from '../workspace';
import { SMALL_FILE_BYTES, SMALL_FILES_PER_LARGE } from '../copyRun';
import type { RestoredFile, RestoreRequest } from './restore';
import { restoreCopy, type CopyToRestore } from './restoreCopy';
import type { NotProtected } from './restoreSelection';
import { existingTarget, isFolder, localMode, nearestFolder, OWNER_ONLY, TargetRoot } from './targetRoot';

const PROGRESS_MS = 200;
/** Files restored at once from the cloud: a small object's GET is mostly waiting on the network. */
const CLOUD_FILES_AT_ONCE = 16;

/**
 * One restore job's files: each file's copies chosen and tried in order (restoreCopy), destinations
 * opened and reached once, target roots made once, progress counted.
 */
export class RestoreRun {
  /** Each file's outcome, by its recorded path. */
  readonly files = new Map<string, RestoredFile>();
  readonly warnings: string[] = [];
  readonly unreachable: Array<{ destination: string; error: string }> = [];
  private readonly opened = new Map<string, { destination: Destination; reach: Promise<Reach> }>();
  private readonly roots = new Map<string, TargetRoot>();
  private readonly configs: Map<string, DestinationConfig>;
  private readonly preference: string[];
  private progress: JobProgress | undefined;
  private lastProgress = 0;

  constructor(
    private readonly ws: Workspace,
    private readonly request: RestoreRequest,
    private readonly to: string | undefined,
    private readonly clobber: ClobberRule,
    private readonly pool: BufferPool,
  ) {
    this.configs = new Map(ws.config.destinations.map((d) => [d.name, d]));
    // Those last reached come first; one the catalog saw unreachable is tried after them.
    const states = new Map(ws.catalog.destinations.states().map((s) => [s.url, s]));
    const unreachable = (d: DestinationConfig): boolean => states.get(destinationUrl(d))?.unreachableSince != null;
    this.preference = [...ws.config.destinations].sort((a, b) => Number(unreachable(a)) - Number(unreachable(b))).map((d) => d.name);
  }

  notProtected(list: readonly NotProtected[]): void {
    for (const n of list) {
      if (this.files.has(n.path)) continue;
      this.files.set(n.path, { path: n.path, target: null, state: 'not-protected', from: null, location: null, bytes: 0, note: n.state, attempts: [] });
    }
  }

  async restoreAll(assets: readonly AssetRow[], concurrency: number): Promise<void> {
    if (assets.length === 0) return;
    const byUrl = new Map(this.ws.config.destinations.map((d) => [destinationUrl(d), d.name]));
    const copies = new Map<number, Array<CopyRow & { absent: 0 | 1; current: 0 | 1 }>>();
    for (const c of this.ws.catalog.copies.forRestore({ kind: 'paths', paths: assets.map((a) => a.path) })) {
      copies.set(c.assetId, [...(copies.get(c.assetId) ?? []), c]);
    }
    const targets = restoreTargets(
      assets.map((a) => a.path),
      this.to,
    );
    const plans = assets.map((asset) => {
      const candidates = (copies.get(asset.id) ?? []).map((c) => {
        const destination = byUrl.get(c.destinationUrl) ?? `(${c.destinationUrl})`;
        const local = this.configs.get(destination)?.kind === 'local';
        return { ...c, destination, local, status: c.status, absent: c.absent === 1, current: c.current === 1 };
      });
      const ordered = orderCandidates(candidates, { preference: this.preference, ...(this.request.from ? { from: this.request.from } : {}) });
      return { asset, ordered, candidates, target: targets.get(asset.path)! };
    });
    this.progress = new JobProgress(
      plans.map((p) => ({ source: { size: p.asset.size }, destinations: p.ordered.slice(0, 1).map((c) => c.destination) })),
      this.preference,
    );
    // A disk serves few large reads well, while a small file's time is waits on the kernel (create, write,
    // fsync, read back, link) that overlap when many run at once: as protect's CopyRun weighs them.
    const localLane = new WeightedLane(concurrency * SMALL_FILES_PER_LARGE);
    const cloudLane = new WeightedLane(CLOUD_FILES_AT_ONCE);
    const atOnce = this.request.concurrency ?? Math.max(concurrency * SMALL_FILES_PER_LARGE, CLOUD_FILES_AT_ONCE);
    await runPool(plans, atOnce, async ({ asset, ordered, candidates, target }) => {
      if (this.request.signal?.aborted) return;
      const file: RestoredFile = { path: asset.path, target: null, state: 'failed', from: null, location: null, bytes: 0, note: null, attempts: [] };
      this.files.set(file.path, file);
      if (!target.ok) {
        file.note = `refused: ${target.reason}`;
        return;
      }
      file.target = target.target;
      if (ordered.length === 0) {
        file.note = noCandidateReason(candidates, this.request.from);
        return;
      }
      if ((await this.restoreFile(asset, file, ordered, localLane, cloudLane)) === 'cancelled') {
        // Cut short by the cancel, the file is not done: it is left out, as the files not begun are.
        this.files.delete(file.path);
        return;
      }
      // A file settled otherwise (already there, failed) counts as done: the bar reaches its end.
      if (file.state !== 'restored') this.progress!.sourceBytes(asset.size);
      const tried = file.from ?? file.attempts[0]?.destination;
      this.progress!.fileDone(new Map(tried ? [[tried, { ok: file.state !== 'failed' }]] : []));
      this.report(true);
    });
    await this.flushRoots();
    this.report(true);
  }

  /** The names given are durable before the job says the files are back; a root that cannot sync fails its files. */
  private async flushRoots(): Promise<void> {
    for (const root of this.roots.values()) {
      try {
        await root.flush();
      } catch (error) {
        for (const file of this.files.values()) {
          if (file.state !== 'restored' || file.target === null || !isSameOrInside(file.target, root.root)) continue;
          file.state = 'failed';
          file.note = `restored to ${file.target}, but its folder could not be synced to the disk: ${describeFsError(error)}`;
        }
      }
    }
  }

  private async restoreFile(
    asset: AssetRow,
    file: RestoredFile,
    ordered: ReadonlyArray<CopyRow & { destination: string; local: boolean }>,
    localLane: WeightedLane,
    cloudLane: WeightedLane,
  ): Promise<'cancelled' | undefined> {
    let final = file.target!;
    if (this.to === undefined) {
      const mount = volumeMountPoint(final);
      if (mount !== null && !(await isFolder(mount))) {
        file.note = `the volume ${mount} is not mounted: plug its disk in, or restore elsewhere with --to`;
        return;
      }
    }
    let existing;
    try {
      existing = await this.compareExisting(final, asset);
    } catch (error) {
      file.note = `cannot look at ${final}: ${describeFsError(error)}`;
      return;
    }
    const decision = existingTargetAction(existing.kind, this.clobber);
    if (decision.action === 'already-there') {
      file.state = 'already-there';
      file.note = 'the file at the target has the recorded content';
      return;
    }
    if (decision.action === 'refuse') {
      file.note = decision.reason;
      return;
    }
    if (decision.action === 'beside') {
      const folder = path.dirname(final);
      const names = new Set(await fs.readdir(folder).catch(() => []));
      final = path.join(
        folder,
        besideName(path.basename(final), new Date().toISOString().slice(0, 10), (n) => names.has(n)),
      );
      file.note = `${'what' in existing ? existing.what : 'another file'} is at ${file.target}: kept, and the restored file is beside it`;
      file.target = final;
    }
    const first = ordered[0]!;
    if (this.request.dryRun) {
      file.state = 'would-restore';
      file.from = first.destination;
      file.location = first.location;
      file.bytes = asset.size;
      return;
    }
    let root: TargetRoot;
    try {
      root = await this.rootFor(final);
    } catch (error) {
      file.note = `cannot write ${final}: ${describeFsError(error)}`;
      return;
    }
    let archived = false;
    for (const copy of ordered) {
      if (this.request.signal?.aborted) return 'cancelled';
      const opened = this.open(copy.destination);
      const reach = await opened.reach;
      if (!reach.ok) {
        file.attempts.push({ destination: copy.destination, location: copy.location, error: reach.error });
        continue;
      }
      const source: CopyToRestore = {
        destination: opened.destination,
        key: copy.key,
        size: asset.size,
        xxh64: asset.xxh64,
        mtimeMs: asset.mtimeMs,
        mode: copy.local ? await localMode(copy.location) : OWNER_ONLY,
        etag: copy.etag,
        ranges: this.ws.catalog.restoreRanges,
        signal: this.request.signal,
      };
      const run = (): ReturnType<typeof restoreCopy> =>
        restoreCopy(source, root, final, decision.action === 'replace', (n) => {
          this.progress?.sourceBytes(n);
          this.progress?.destinationBytes(copy.destination, n);
          this.report();
        });
      const outcome = copy.local ? await localLane.run(asset.size < SMALL_FILE_BYTES ? 1 : SMALL_FILES_PER_LARGE, run) : await cloudLane.run(1, run);
      if (outcome.ok) {
        file.state = 'restored';
        file.from = copy.destination;
        file.location = copy.location;
        file.bytes = outcome.bytes;
        const resumed = outcome.resumedBytes ? `resumed: ${outcome.resumedBytes} of ${outcome.bytes} bytes were fetched by an earlier run` : undefined;
        const notes = [file.note, outcome.note, resumed].filter(Boolean);
        if (notes.length > 0) file.note = notes.join('; ');
        return;
      }
      // What this attempt streamed is not restored: the bar goes back by as much.
      this.progress?.sourceBytes(-outcome.bytes);
      this.progress?.destinationBytes(copy.destination, -outcome.bytes);
      if (outcome.fault === 'cancelled') return 'cancelled';
      if (outcome.fault === 'target') {
        // The target refused: another copy would meet the same refusal.
        file.note = outcome.error;
        return;
      }
      if (outcome.fault === 'archived') archived = true;
      let error = outcome.error;
      if (outcome.fault === 'unread' && copy.local && !(await holdsMarker(opened.destination))) {
        error = `${error} (its disk lost its identity marker: unplugged?)`;
      } else if (
        outcome.fault === 'copy' ||
        (outcome.fault === 'unread' && copy.local && (await opened.destination.stat(copy.key).catch(() => null)) === undefined)
      ) {
        // The copy's own bytes are wrong or gone: it no longer counts.
        this.ws.catalog.copies.recordCheck(copy.id, { ok: false, error });
        error = `${error}; the copy is marked failed`;
      }
      file.attempts.push({ destination: copy.destination, location: copy.location, error });
    }
    // An archived copy will be readable: the file waits for it rather than failing.
    if (archived) file.state = 'waiting-for-archive';
    file.note = archived ? 'no copy is readable now: run restore again once the archive has restored it' : 'every copy failed';
  }

  /** What is at the target: nothing, the recorded content, another file, or something else. */
  private async compareExisting(file: string, asset: AssetRow): Promise<{ kind: 'none' | 'same' } | { kind: 'other-file' | 'not-a-file'; what: string }> {
    const found = await existingTarget(file);
    if (found.kind === 'none') return { kind: 'none' };
    if (found.kind === 'not-a-file') return { kind: 'not-a-file', what: found.what };
    if (found.size === asset.size) {
      const handle = await fs.open(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
      try {
        if ((await hashFile(handle.fd)).xxh64 === asset.xxh64) return { kind: 'same' };
      } finally {
        await handle.close();
      }
    }
    return { kind: 'other-file', what: 'another file' };
  }

  /** The root a target is written under: `--to`, or in place the nearest folder on its way that exists. */
  private async rootFor(file: string): Promise<TargetRoot> {
    const root = this.to ?? (await nearestFolder(path.dirname(file)));
    let known = this.roots.get(root);
    if (known === undefined) {
      known = new TargetRoot(root, this.pool);
      this.roots.set(root, known);
    }
    return known;
  }

  /** A destination, opened and reached once (its identity marker must match the catalog's). */
  private open(name: string): { destination: Destination; reach: Promise<Reach> } {
    let opened = this.opened.get(name);
    if (opened === undefined) {
      const config = this.configs.get(name)!;
      const destination = openDestination(config, this.pool, this.ws.catalog);
      const reach = reachDestination(this.ws.catalog, this.ws.config.destinations, config, destination).then((r) => {
        if (!r.ok) this.unreachable.push({ destination: name, error: `${destinationWhere(config)}: ${r.error}` });
        return r;
      });
      opened = { destination, reach };
      this.opened.set(name, opened);
    }
    return opened;
  }

  private report(force = false): void {
    const now = performance.now();
    if (!this.request.onProgress || !this.progress || (!force && now - this.lastProgress < PROGRESS_MS)) return;
    this.lastProgress = now;
    this.request.onProgress(this.progress.snapshot());
  }

  close(): void {
    for (const { destination } of this.opened.values()) destination.close();
  }
}

async function holdsMarker(destination: Destination): Promise<boolean> {
  return (await readMarker(destination).catch(() => undefined)) !== undefined;
}
