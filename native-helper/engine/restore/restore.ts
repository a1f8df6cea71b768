import fs from 'node:fs/promises';
import { isSameOrInside } from '../../../src/paths/containment';
import type { ClobberRule } from '../../../src/restore/existingTarget';
import type { AssetRow } from '../../catalog/assetStore';
import { localDestinationFolders, selectDestinations, type DestinationConfig } from '../../config/config';
import { destinationUrl } from '../../destinations/openDestinations';
import { describeFsError, UserError } from '../../errors';
import { BufferPool } from '../../fsutil/bufferPool';
import { acquireDestinationLocks, type DestinationLockWait } from '../destinationLocks';
import { type JobEnding, runJob } from '../jobLifecycle';
import type { ProgressSnapshot } from '../progress';
import { BuffersAtFirstUse, CHUNK_SIZE, SMALL_FILE_BYTES, SMALL_FILES_PER_LARGE } from '../copyRun';
import type { Workspace } from '../workspace';
import { isProject, selectProjectFiles, selectRecorded } from './restoreSelection';
import { RestoreRun } from './restoreRun';

const DEFAULT_CONCURRENCY = 4;

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
  onLockWait?: DestinationLockWait['onWait'];
  /** The catalog row of a job queued earlier (the helper's queue); a new row otherwise. */
  queuedJobId?: number;
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
  /** `waiting-for-archive`: its copies are archived (Glacier), their restore requested; a later run brings it back. */
  state: 'restored' | 'would-restore' | 'already-there' | 'failed' | 'not-protected' | 'waiting-for-archive';
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
  totals: { files: number; bytes: number; restored: number; alreadyThere: number; failed: number; notProtected: number; waitingForArchive: number };
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
  // Small pairs for the small local copies read at once (RestoreRun's local lane); none until a local copy is read.
  const pool = new BuffersAtFirstUse(
    () => new BufferPool(CHUNK_SIZE, concurrency + 1, { bufferSize: SMALL_FILE_BYTES, pairs: concurrency * SMALL_FILES_PER_LARGE }),
  );
  const run = new RestoreRun(ws, request, to, clobber, pool);

  const urls = new Map(ws.config.destinations.map((d) => [d.name, destinationUrl(d)]));
  const wait = { ...(request.signal ? { signal: request.signal } : {}), ...(request.onLockWait ? { onWait: request.onLockWait } : {}) };
  // Copies found bad are marked failed: no other job writes them meanwhile.
  const releaseLock = request.dryRun ? async () => undefined : await acquireDestinationLocks(ws.home, urls, wait);
  const work = async (): Promise<RestoreSummary> => {
    await restoreTargets(ws, request, run);
    return summarize(run, request.signal);
  };
  let job: { id: number | null; state: JobEnding };
  let summary: RestoreSummary;
  try {
    if (request.dryRun) {
      summary = await work();
      job = { id: null, state: summary.state };
    } else {
      const start = { kind: 'restore' as const, targets: request.targets, queuedJobId: request.queuedJobId, signal: request.signal };
      const body = async (id: number): Promise<RestoreSummary> => {
        const done = await work();
        ws.catalog.jobs.addItems(
          id,
          done.files
            .filter((f) => f.state === 'failed' || f.state === 'waiting-for-archive')
            .map((f) => ({ path: f.path, destinationId: null, state: 'failed' as const, bytesDone: 0, error: failureText(f) })),
        );
        return done;
      };
      const ran = await runJob(ws.catalog, start, body, (done) => ({
        files: done.totals.files,
        bytes: done.totals.bytes,
        failed: done.totals.failed + done.totals.waitingForArchive > 0,
      }));
      job = { id: ran.id, state: ran.state };
      summary = ran.result;
    }
  } finally {
    run.close();
    await releaseLock();
  }
  const { files, totals } = summary;
  return {
    job: { id: job.id, dryRun: request.dryRun === true, state: job.state, seconds: (performance.now() - started) / 1000 },
    to: to ?? null,
    files,
    totals,
    unreachable: run.unreachable,
    warnings: run.warnings,
  };
}

interface RestoreSummary {
  files: RestoredFile[];
  totals: RestoreReport['totals'];
  state: JobEnding;
}

/** The job's body: each target's recorded files, a project's file first and then the media it references. */
async function restoreTargets(ws: Workspace, request: RestoreRequest, run: RestoreRun): Promise<void> {
  const concurrency = request.concurrency ?? DEFAULT_CONCURRENCY;
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
}

/** The files as they ended, sorted by path, and their totals. */
function summarize(run: RestoreRun, signal: AbortSignal | undefined): RestoreSummary {
  const files = [...run.files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const failed = files.filter((f) => f.state === 'failed').length;
  const restoredFiles = files.filter((f) => f.state === 'restored' || f.state === 'would-restore');
  const totals = {
    files: restoredFiles.length,
    bytes: restoredFiles.reduce((sum, f) => sum + f.bytes, 0),
    restored: restoredFiles.length,
    alreadyThere: files.filter((f) => f.state === 'already-there').length,
    failed,
    notProtected: files.filter((f) => f.state === 'not-protected').length,
    waitingForArchive: files.filter((f) => f.state === 'waiting-for-archive').length,
  };
  // A file waiting for its archive is not back yet: the job has not done all it was asked.
  const unfinished = failed + totals.waitingForArchive;
  return { files, totals, state: signal?.aborted ? 'cancelled' : unfinished > 0 ? 'failed' : 'succeeded' };
}

/** A failed file's reason and each copy's, in one line. */
export function failureText(f: RestoredFile): string {
  const tried = f.attempts.map((a) => `${a.destination}: ${a.error}`).join('; ');
  return [f.note, tried].filter(Boolean).join('; ');
}

/** The `--to` folder: it exists (an unplugged disk must not become a folder on the system disk) and holds no destination. */
export async function checkedRoot(to: string, destinations: readonly DestinationConfig[]): Promise<string> {
  let st;
  try {
    st = await fs.stat(to);
  } catch (error) {
    throw new UserError(`--to ${to}: ${describeFsError(error)} (create the folder first, or plug its disk in)`);
  }
  if (!st.isDirectory()) throw new UserError(`--to ${to} is not a folder`);
  for (const root of localDestinationFolders(destinations)) {
    if (isSameOrInside(to, root) || isSameOrInside(root, to)) {
      throw new UserError(`--to ${to} overlaps the destination folder ${root}: restore to a folder of its own`);
    }
  }
  return to;
}
