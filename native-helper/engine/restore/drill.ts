import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isSameOrInside } from '../../../src/paths/containment';
import { chooseDrillSample } from '../../../src/restore/drillSample';
import type { DrillCopyDetail, DrillRecord } from '../../catalog/drillStore';
import { localDestinationFolders, selectDestinations, type DestinationConfig } from '../../config/config';
import type { Destination } from '../../destinations/destination';
import { destinationUrl, openDestination } from '../../destinations/openDestinations';
import { describeFsError, UserError } from '../../errors';
import { BufferPool } from '../../fsutil/bufferPool';
import { CHUNK_SIZE } from '../copyRun';
import { acquireDestinationLocks, type DestinationLockWait } from '../destinationLocks';
import { type JobEnding, runJob } from '../jobLifecycle';
import { JobProgress, type ProgressSnapshot } from '../progress';
import { type Reach, reachDestination } from '../reachDestination';
import { runPool } from '../runPool';
import type { Workspace } from '../workspace';
import { restoreCopy } from './restoreCopy';
import { TargetRoot } from './targetRoot';

export const DRILL_FILES = 20;
export const DRILL_BYTES = 2e9;
const DEFAULT_CONCURRENCY = 4;
const PROGRESS_MS = 200;
/** The drill's files are read by no one else: its owner's alone. */
const OWNER_ONLY = 0o600;

export interface DrillRequest {
  /** At most this many files (default 20). */
  files?: number;
  /** At most this many bytes (default 2 GB). */
  bytes?: number;
  /** Only copies on these destinations (all configured ones without). */
  only?: readonly string[];
  /** The same seed draws the same sample of the same catalog (a random one without). */
  seed?: number;
  /** Where the temporary folder is made (the system's temporary folder without). */
  tempParent?: string;
  concurrency?: number;
  onProgress?: (snapshot: ProgressSnapshot) => void;
  signal?: AbortSignal;
  onLockWait?: DestinationLockWait['onWait'];
  /** The catalog row of a job queued earlier (the helper's queue); a new row otherwise. */
  queuedJobId?: number;
}

/** One drilled copy: restored into the temporary folder and checked against its recorded hash, or why not. */
export interface DrilledFile {
  path: string;
  destination: string;
  location: string;
  bytes: number;
  ok: boolean;
  error: string | null;
}

export interface DrillReport {
  job: { id: number; state: JobEnding; seconds: number };
  /** The drill as recorded; null when it was cancelled (a partial drill proves nothing and is not recorded). */
  drill: DrillRecord | null;
  files: DrilledFile[];
  /** The temporary folder the files were restored into; removed before the report is made. */
  folder: string;
  /** Chosen destinations with no verified copy to drill. */
  withoutCopies: string[];
  /** What went wrong besides files (the temporary folder could not be removed). */
  warnings: string[];
}

/**
 * A restore drill (DESIGN.md, "Restore: drill"): a random, stratified sample of verified copies, each
 * restored by restoreCopy into a temporary folder (read once, written, read back from the medium and
 * compared with the recorded xxh64), the folder removed whatever happens, the result recorded. A copy
 * whose bytes are wrong is marked failed, as a restore marks it.
 */
export async function drill(ws: Workspace, request: DrillRequest): Promise<DrillReport> {
  const started = performance.now();
  const at = new Date().toISOString();
  if (ws.config.destinations.length === 0) throw new UserError('no destinations are configured: there are no copies to drill');
  const chosen = selectDestinations(ws.config.destinations, request.only);
  const files = request.files ?? DRILL_FILES;
  const bytes = request.bytes ?? DRILL_BYTES;
  if (!Number.isSafeInteger(files) || files < 1) throw new UserError(`--files ${files}: give a whole number of files, 1 or more`);
  if (!Number.isSafeInteger(bytes) || bytes < 0) throw new UserError(`--bytes ${bytes}: give a size such as 2GB or 500MB`);

  const nameByUrl = new Map(chosen.map((d) => [destinationUrl(d), d.name]));
  const candidates = ws.catalog.drills
    .candidates()
    .filter((c) => nameByUrl.has(c.destinationUrl))
    .map((c) => ({ id: c.id, destination: nameByUrl.get(c.destinationUrl)!, size: c.size }));
  const withCopies = new Set(candidates.map((c) => c.destination));
  const withoutCopies = chosen.filter((d) => !withCopies.has(d.name)).map((d) => d.name);
  if (candidates.length === 0) {
    throw new UserError(`no verified copy to drill on ${chosen.map((d) => d.name).join(', ')}: protect something first`);
  }
  const sample = chooseDrillSample(candidates, { files, bytes }, request.seed ?? Math.floor(Math.random() * 2 ** 32));
  if (sample.length === 0) throw new UserError(`no verified copy fits in --bytes ${bytes}: give a larger size`);
  const destinationOf = new Map(sample.map((c) => [c.id, c.destination]));
  const copies = ws.catalog.drills.details(sample.map((c) => c.id));

  const drilled = [...new Set(sample.map((c) => c.destination))];
  const configs = new Map(chosen.map((d) => [d.name, d]));
  const urls = new Map(drilled.map((name) => [name, destinationUrl(configs.get(name)!)]));
  const wait = { ...(request.signal ? { signal: request.signal } : {}), ...(request.onLockWait ? { onWait: request.onLockWait } : {}) };
  const folder = await temporaryFolder(request.tempParent ?? os.tmpdir(), ws.config.destinations);
  const warnings: string[] = [];
  const concurrency = request.concurrency ?? DEFAULT_CONCURRENCY;
  const pool = new BufferPool(CHUNK_SIZE, concurrency + 1);
  const opened = new Map<string, { destination: Destination; reach: Promise<Reach> }>();
  try {
    // A copy found bad is marked failed: no other job writes it meanwhile.
    const releaseLock = await acquireDestinationLocks(ws.home, urls, wait);
    try {
      const open = (name: string): { destination: Destination; reach: Promise<Reach> } => {
        let known = opened.get(name);
        if (known === undefined) {
          const config = configs.get(name)!;
          const destination = openDestination(config, pool, ws.catalog);
          known = { destination, reach: reachDestination(ws.catalog, ws.config.destinations, config, destination) };
          opened.set(name, known);
        }
        return known;
      };
      const root = new TargetRoot(folder, pool);
      const progress = new JobProgress(
        copies.map((c) => ({ source: { size: c.size }, destinations: [destinationOf.get(c.id)!] })),
        drilled,
      );
      let lastProgress = 0;
      const report = (force = false): void => {
        const now = performance.now();
        if (!request.onProgress || (!force && now - lastProgress < PROGRESS_MS)) return;
        lastProgress = now;
        request.onProgress(progress.snapshot());
      };
      const body = async (jobId: number): Promise<{ files: DrilledFile[]; drill: DrillRecord | null }> => {
        const results: DrilledFile[] = [];
        await runPool(copies, concurrency, async (copy) => {
          if (request.signal?.aborted) return;
          const name = destinationOf.get(copy.id)!;
          const result = await drillCopy(ws, copy, name, open(name), root, (n) => {
            progress.sourceBytes(n);
            progress.destinationBytes(name, n);
            report();
          });
          if (!result.ok) {
            progress.sourceBytes(copy.size - result.bytes);
            progress.destinationBytes(name, -result.bytes);
          }
          progress.fileDone(new Map([[name, { ok: result.ok }]]));
          report(true);
          results.push(result);
        });
        results.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.destination < b.destination ? -1 : 1));
        ws.catalog.jobs.addItems(
          jobId,
          // Every drilled copy, restored or not: the drill's report lists what was sampled.
          results.map((f) => ({
            path: f.path,
            destinationId: destinationIdOf(ws, configs.get(f.destination)!),
            state: f.ok ? 'done' : 'failed',
            bytesDone: f.ok ? f.bytes : 0,
            error: f.ok ? null : f.error,
            location: f.location,
          })),
        );
        if (request.signal?.aborted) return { files: results, drill: null };
        return { files: results, drill: recordDrill(ws, jobId, at, (performance.now() - started) / 1000, results, configs) };
      };
      const ran = await runJob(ws.catalog, { kind: 'drill', targets: drilled, queuedJobId: request.queuedJobId, signal: request.signal }, body, (done) => ({
        files: done.files.filter((f) => f.ok).length,
        bytes: done.files.reduce((sum, f) => sum + (f.ok ? f.bytes : 0), 0),
        failed: done.files.some((f) => !f.ok),
      }));
      return {
        job: { id: ran.id, state: ran.state, seconds: (performance.now() - started) / 1000 },
        drill: ran.result.drill,
        files: ran.result.files,
        folder,
        withoutCopies,
        warnings,
      };
    } finally {
      for (const { destination } of opened.values()) destination.close();
      await releaseLock();
    }
  } finally {
    // Always: after a failure, a cancel or an error, nothing of the drill stays behind.
    await fs.rm(folder, { recursive: true, force: true }).catch((error: unknown) => {
      warnings.push(`the temporary folder ${folder} could not be removed: ${describeFsError(error)}`);
    });
  }
}

/** One copy restored into the drill's folder, under a folder of its own (two copies may share a name). */
async function drillCopy(
  ws: Workspace,
  copy: DrillCopyDetail,
  name: string,
  opened: { destination: Destination; reach: Promise<Reach> },
  root: TargetRoot,
  onBytes: (n: number) => void,
): Promise<DrilledFile> {
  const result: DrilledFile = { path: copy.path, destination: name, location: copy.location, bytes: 0, ok: false, error: null };
  const reach = await opened.reach;
  if (!reach.ok) {
    result.error = `cannot be reached: ${reach.error}`;
    return result;
  }
  const file = path.join(root.root, String(copy.id), copy.key.slice(copy.key.lastIndexOf('/') + 1));
  const source = { destination: opened.destination, key: copy.key, size: copy.size, xxh64: copy.xxh64, mtimeMs: copy.mtimeMs, mode: OWNER_ONLY };
  const outcome = await restoreCopy(source, root, file, false, onBytes);
  if (outcome.ok) {
    result.ok = true;
    result.bytes = outcome.bytes;
    return result;
  }
  result.bytes = outcome.bytes;
  let error = outcome.error;
  const gone =
    outcome.fault === 'unread' && opened.destination.capabilities.mountedRoot && (await opened.destination.stat(copy.key).catch(() => null)) === undefined;
  if (outcome.fault === 'copy' || gone) {
    // The copy's own bytes are wrong or gone, as a restore would find them: it no longer counts.
    ws.catalog.copies.recordCheck(copy.id, { ok: false, error });
    error = `${error}; the copy is marked failed`;
  }
  result.error = error;
  return result;
}

/** The drill's result in the catalog: its totals and each destination's. */
function recordDrill(
  ws: Workspace,
  jobId: number,
  at: string,
  seconds: number,
  results: readonly DrilledFile[],
  configs: ReadonlyMap<string, DestinationConfig>,
): DrillRecord {
  const perDestination = new Map<string, { files: number; bytes: number; failures: number }>();
  for (const f of results) {
    const d = perDestination.get(f.destination) ?? { files: 0, bytes: 0, failures: 0 };
    d.files += 1;
    if (f.ok) d.bytes += f.bytes;
    else d.failures += 1;
    perDestination.set(f.destination, d);
  }
  const totals = {
    jobId,
    at,
    files: results.length,
    bytes: results.reduce((sum, f) => sum + (f.ok ? f.bytes : 0), 0),
    seconds,
    failures: results.filter((f) => !f.ok).length,
  };
  const id = ws.catalog.drills.record(
    totals,
    [...perDestination].map(([name, d]) => ({ destinationId: destinationIdOf(ws, configs.get(name)!), ...d })),
  );
  const destinations = [...perDestination].map(([destination, d]) => ({ destination, ...d })).sort((a, b) => (a.destination < b.destination ? -1 : 1));
  return { id, ...totals, destinations };
}

function destinationIdOf(ws: Workspace, d: DestinationConfig): number {
  return ws.catalog.destinations.id({ url: destinationUrl(d), name: d.name, kind: d.kind, media: d.media, offsite: d.offsite });
}

/** A new folder of the drill's own, outside every destination (a drill never writes into one). */
async function temporaryFolder(parent: string, destinations: readonly DestinationConfig[]): Promise<string> {
  let folder: string;
  try {
    folder = await fs.mkdtemp(path.join(parent, 'threefold-drill-'));
  } catch (error) {
    throw new UserError(`cannot make a temporary folder in ${parent}: ${describeFsError(error)}`);
  }
  for (const root of localDestinationFolders(destinations)) {
    if (isSameOrInside(folder, root)) {
      await fs.rm(folder, { recursive: true, force: true });
      throw new UserError(`the temporary folder ${folder} is inside the destination folder ${root}: set TMPDIR to a folder of its own`);
    }
  }
  return folder;
}
