import fs from 'node:fs/promises';
import path from 'node:path';
import { isSameOrInside } from '../../../src/paths/containment';
import { noCandidateReason, orderCandidates } from '../../../src/restore/candidates';
import { besideName, type ClobberRule, existingTargetAction } from '../../../src/restore/existingTarget';
import { restoreTargets, volumeMountPoint } from '../../../src/restore/targetPath';
import type { AssetRow, CopyRow } from '../../catalog/catalog';
import { destinationWhere, localDestinationFolders, selectDestinations, type DestinationConfig } from '../../config/config';
import type { Destination } from '../../destinations/destination';
import { readMarker } from '../../destinations/identityMarker';
import { destinationUrl, openDestination } from '../../destinations/openDestinations';
import { describeFsError, UserError } from '../../errors';
import { BufferPool } from '../../fsutil/bufferPool';
import { hashFile } from '../../hash/hashFile';
import { isProcessAlive } from '../../system/isProcessAlive';
import { acquireDestinationLocks, type LockWait } from '../destinationLocks';
import { JobProgress, type ProgressSnapshot } from '../progress';
import { CHUNK_SIZE } from '../protect';
import { type Reach, reachDestination } from '../reachDestination';
import { runPool } from '../runPool';
import type { Workspace } from '../workspace';
import { restoreCopy, type CopyToRestore } from './restoreCopy';
import { isProject, type NotProtected, selectProjectFiles, selectRecorded } from './restoreSelection';
import { existingTarget, TargetRoot } from './targetRoot';

const DEFAULT_CONCURRENCY = 4;
const PROGRESS_MS = 200;
/** A cloud copy carries no permission bits: the restored file is its owner's alone until told otherwise. */
const OWNER_ONLY = 0o600;

export interface RestoreRequest {
  /** Absolute paths: files, folders, `.prproj` or `.lrcat` projects, as they were protected. */
  targets: string[];
  /** An absolute folder to restore under (the sources' layout kept); in place without it. */
  to?: string;
  /** Only copies on this destination. */
  from?: string;
  dryRun?: boolean;
  /** What to do with another file at a target (default: restore beside it). */
  clobber?: ClobberRule;
  concurrency?: number;
  onProgress?: (snapshot: ProgressSnapshot) => void;
  signal?: AbortSignal;
  onLockWait?: LockWait['onWait'];
}

export interface Attempt {
  destination: string;
  location: string;
  error: string;
}

export interface RestoredFile {
  /** The source path as recorded. */
  path: string;
  /** Where it is (or would be) written; beside the target when another file is there. */
  target: string | null;
  state: 'restored' | 'would-restore' | 'already-there' | 'failed' | 'not-protected';
  /** The copy it came (or would come) from. */
  from: string | null;
  location: string | null;
  bytes: number;
  /** Why it failed, or what was found (another file at the target). */
  note: string | null;
  /** Each copy tried that did not give it back, with the reason. */
  attempts: Attempt[];
}

export interface RestoreReport {
  job: { id: number | null; dryRun: boolean; state: 'succeeded' | 'failed' | 'cancelled'; seconds: number };
  to: string | null;
  files: RestoredFile[];
  totals: { files: number; bytes: number; restored: number; alreadyThere: number; failed: number; notProtected: number };
  /** Destinations that could not be used, with the reason. */
  unreachable: Array<{ destination: string; error: string }>;
  /** What the job could not do besides files (a project's media it could not read). */
  warnings: string[];
}

/**
 * Brings recorded files back from their verified copies (DESIGN.md, "Restore"): for each file the copies in
 * the order orderCandidates gives, each read once and written through restoreCopy; a copy whose bytes are
 * wrong is marked failed and the next is tried.
 */
export async function restore(ws: Workspace, request: RestoreRequest): Promise<RestoreReport> {
  const started = performance.now();
  if (ws.config.destinations.length === 0) throw new UserError('no destinations are configured: there are no copies to restore from');
  if (request.from !== undefined) selectDestinations(ws.config.destinations, [request.from]);
  const to = request.to === undefined ? undefined : await checkedRoot(request.to, ws.config.destinations);
  const clobber = request.clobber ?? 'beside';
  const concurrency = request.concurrency ?? DEFAULT_CONCURRENCY;
  const pool = new BufferPool(CHUNK_SIZE, concurrency + 1);
  const run = new RestoreRun(ws, request, to, clobber, pool);

  const urls = new Map(ws.config.destinations.map((d) => [d.name, destinationUrl(d)]));
  const wait = { ...(request.signal ? { signal: request.signal } : {}), ...(request.onLockWait ? { onWait: request.onLockWait } : {}) };
  // Copies found bad are marked failed: no other job writes them meanwhile.
  const releaseLock = request.dryRun ? async () => undefined : await acquireDestinationLocks(ws.home, urls, wait);
  let jobId: number | null = null;
  try {
    if (!request.dryRun) {
      ws.catalog.markInterruptedJobs(isProcessAlive);
      jobId = ws.catalog.startJob('restore', request.targets);
    }
    const projects = request.targets.filter(isProject);
    const plain = request.targets.filter((t) => !isProject(t));
    // A project file comes first: what it references is read from it once it is back.
    const first = await selectRecorded(ws.catalog, [...projects, ...plain]);
    await run.restoreAll(first.assets, concurrency);
    run.notProtected(first.notProtected);
    // Two projects may share media: each file once.
    const media = new Map<string, AssetRow>();
    for (const project of projects) {
      const restored = run.files.get(project);
      const readFrom = restored?.state === 'restored' || restored?.state === 'already-there' ? restored.target! : project;
      if (request.dryRun && restored?.state === 'would-restore') {
        run.warnings.push(`${project}: its media are listed once the project file is restored`);
        continue;
      }
      try {
        const found = await selectProjectFiles(ws.catalog, project, readFrom);
        for (const a of found.assets) if (!run.files.has(a.path)) media.set(a.path, a);
        run.notProtected(found.notProtected);
      } catch (error) {
        run.warnings.push(`${project}: its media could not be read from ${readFrom}: ${(error as Error).message}`);
      }
    }
    await run.restoreAll([...media.values()], concurrency);
  } catch (error) {
    if (jobId !== null) ws.catalog.finishJob(jobId, 'failed', { files: 0, bytes: 0 });
    throw error;
  } finally {
    run.close();
    await releaseLock();
  }
  const files = [...run.files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const failed = files.filter((f) => f.state === 'failed').length;
  const state = request.signal?.aborted ? 'cancelled' : failed > 0 ? 'failed' : 'succeeded';
  const restoredFiles = files.filter((f) => f.state === 'restored' || f.state === 'would-restore');
  const totals = {
    files: restoredFiles.length,
    bytes: restoredFiles.reduce((sum, f) => sum + f.bytes, 0),
    restored: restoredFiles.length,
    alreadyThere: files.filter((f) => f.state === 'already-there').length,
    failed,
    notProtected: files.filter((f) => f.state === 'not-protected').length,
  };
  if (jobId !== null) {
    ws.catalog.addJobItems(
      jobId,
      files
        .filter((f) => f.state === 'failed')
        .map((f) => ({ path: f.path, destinationId: null, state: 'failed' as const, bytesDone: 0, error: failureText(f) })),
    );
    ws.catalog.finishJob(jobId, state, { files: totals.files, bytes: totals.bytes });
  }
  return {
    job: { id: jobId, dryRun: request.dryRun === true, state, seconds: (performance.now() - started) / 1000 },
    to: to ?? null,
    files,
    totals,
    unreachable: run.unreachable,
    warnings: run.warnings,
  };
}

/** A failed file's reason and each copy's, in one line. */
export function failureText(f: RestoredFile): string {
  const tried = f.attempts.map((a) => `${a.destination}: ${a.error}`).join('; ');
  return [f.note, tried].filter(Boolean).join('; ');
}

/** The `--to` folder: it exists (an unplugged disk must not become a folder on the system disk) and holds no destination. */
async function checkedRoot(to: string, destinations: readonly DestinationConfig[]): Promise<string> {
  const st = await fs.stat(to).catch((error: unknown) => error as NodeJS.ErrnoException);
  if (st instanceof Error) throw new UserError(`--to ${to}: ${describeFsError(st)} (create the folder first, or plug its disk in)`);
  if (!st.isDirectory()) throw new UserError(`--to ${to} is not a folder`);
  for (const root of localDestinationFolders(destinations)) {
    if (isSameOrInside(to, root) || isSameOrInside(root, to)) {
      throw new UserError(`--to ${to} overlaps the destination folder ${root}: restore to a folder of its own`);
    }
  }
  return to;
}

class RestoreRun {
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
    const states = new Map(ws.catalog.destinationStates().map((s) => [s.url, s]));
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
    for (const c of this.ws.catalog.restoreCopies({ kind: 'paths', paths: assets.map((a) => a.path) })) {
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
    await runPool(plans, concurrency, async ({ asset, ordered, candidates, target }) => {
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
      await this.restoreFile(asset, file, ordered);
      // A file settled otherwise (already there, failed) counts as done: the bar reaches its end.
      if (file.state !== 'restored') this.progress!.sourceBytes(asset.size);
      const tried = file.from ?? file.attempts[0]?.destination;
      this.progress!.fileDone(new Map(tried ? [[tried, { ok: file.state !== 'failed' }]] : []));
      this.report(true);
    });
    this.report(true);
  }

  private async restoreFile(asset: AssetRow, file: RestoredFile, ordered: ReadonlyArray<CopyRow & { destination: string; local: boolean }>): Promise<void> {
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
    for (const copy of ordered) {
      if (this.request.signal?.aborted) return;
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
      };
      const outcome = await restoreCopy(source, root, final, decision.action === 'replace', (n) => {
        this.progress?.sourceBytes(n);
        this.progress?.destinationBytes(copy.destination, n);
        this.report();
      });
      if (outcome.ok) {
        file.state = 'restored';
        file.from = copy.destination;
        file.location = copy.location;
        file.bytes = outcome.bytes;
        return;
      }
      // What this attempt streamed is not restored: the bar goes back by as much.
      this.progress?.sourceBytes(-outcome.bytes);
      this.progress?.destinationBytes(copy.destination, -outcome.bytes);
      if (outcome.fault === 'target') {
        // The target refused: another copy would meet the same refusal.
        file.note = outcome.error;
        return;
      }
      let error = outcome.error;
      if (outcome.fault === 'unread' && copy.local && !(await holdsMarker(opened.destination))) {
        error = `${error} (its disk lost its identity marker: unplugged?)`;
      } else if (
        outcome.fault === 'copy' ||
        (outcome.fault === 'unread' && copy.local && (await opened.destination.stat(copy.key).catch(() => null)) === undefined)
      ) {
        // The copy's own bytes are wrong or gone: it no longer counts.
        this.ws.catalog.recordCopyCheck(copy.id, { ok: false, error });
        error = `${error}; the copy is marked failed`;
      }
      file.attempts.push({ destination: copy.destination, location: copy.location, error });
    }
    file.note = `every copy failed`;
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
    let root = this.to;
    if (root === undefined) {
      root = path.dirname(file);
      while (!(await isFolder(root)) && path.dirname(root) !== root) root = path.dirname(root);
    }
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

async function isFolder(p: string): Promise<boolean> {
  return (await fs.stat(p).catch(() => undefined))?.isDirectory() === true;
}

/** A local copy's permission bits: the source's, as far as the copy kept them. */
async function localMode(location: string): Promise<number> {
  return ((await fs.lstat(location).catch(() => undefined))?.mode ?? OWNER_ONLY) & 0o777;
}

async function holdsMarker(destination: Destination): Promise<boolean> {
  return (await readMarker(destination).catch(() => undefined)) !== undefined;
}
