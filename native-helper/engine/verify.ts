import { sameMtime } from '../../src/format/sameMtime';
import fs from 'node:fs/promises';
import type { AssetRow } from '../catalog/assetStore';
import type { CopyRow } from '../catalog/copyStore';
import type { Scope } from '../catalog/scope';
import { destinationWhere, selectDestinations, type DestinationConfig } from '../config/config';
import { AlteredObjectError, type Destination } from '../destinations/destination';
import { destinationUrl, openDestination } from '../destinations/openDestinations';
import { describeFsError, UserError } from '../errors';
import { BufferPool } from '../fsutil/bufferPool';
import type { ReadSource } from '../fsutil/openFromMedium';
import { appendGeneration, historyRootName } from '../mhl/history';
import { putStateSnapshots } from './stateSnapshots';
import type { MhlEntry } from '../mhl/manifest';
import { CORRUPTION_MESSAGE } from './copyToDestinations';
import { hashChunks } from '../hash/hashChunks';
import { hashFile, type ReadPace } from '../hash/hashFile';
import { pacedChunks } from '../fsutil/pacer';
import { acquireDestinationLocks, type DestinationLockWait } from './destinationLocks';
import { type JobEnding, runJob } from './jobLifecycle';
import { reachDestination } from './reachDestination';
import { readMarker } from '../destinations/identityMarker';
import { CHUNK_SIZE } from './copyRun';
import type { CacheReadBacks } from './jobReport';
import { repairCondemned, type RepairedCopy } from './repairCopies';
import { runPool } from './runPool';
import type { Workspace } from './workspace';

const DEFAULT_CONCURRENCY = 4;

export interface VerifyRequest {
  /** Absolute paths; every asset in the catalog when empty. */
  targets: string[];
  only?: string[];
  /** Re-hash the sources too: the only way to catch in-place corruption of a source. */
  sources?: boolean;
  /** Download cloud copies and hash them; without it a cloud copy is checked by its size and stored hash. */
  readCloud?: boolean;
  /** Rewrite each copy that fails from a good copy or the source (CopyRepairs). */
  repair?: boolean;
  concurrency?: number;
  /** Stops the job between files (cancel). */
  signal?: AbortSignal;
  /** Told when the job waits for a destination another job is using. */
  onLockWait?: DestinationLockWait['onWait'];
  /** The catalog row of a job queued earlier (the helper's queue); a new row otherwise. */
  queuedJobId?: number;
  /** Set by a scrub (engine/scrub.ts): which copies, in which order, within what budget and time. */
  scrub?: ScrubChoices;
}

/** What a scrub asks of the verify engine beyond a verify. */
export interface ScrubChoices {
  /** The copies to check, in their order; `cheapCheck` tells those whose store checks metadata without a read. */
  order(copies: CopyRow[], cheapCheck: (copy: CopyRow) => boolean): CopyRow[];
  /** Whether a copy whose metadata a check could compare is downloaded and hashed today. */
  readsFully(copy: CopyRow): boolean;
  /** Waits until more bytes may be read (the I/O budget); rejects once `stop` fires. */
  pace?: ReadPace;
  /** The time limit: no copy starts after it, and a read it interrupts says nothing of its copy. */
  stop: AbortSignal;
}

export interface VerifyFailure {
  path: string;
  destination: string | null;
  location: string;
  error: string;
}

export interface VerifyReport {
  copies: { checked: number; passed: number; failed: number };
  sources: { checked: number; passed: number; failed: number; skipped: number } | null;
  bytes: number;
  seconds: number;
  failures: VerifyFailure[];
  /** Copies that failed and were rewritten from a good one (with `repair`): no longer failures. */
  repaired: RepairedCopy[];
  /** Local copies whose re-read came from the operating system's cache, not their medium: per destination, and why. */
  readFromCache: CacheReadBacks[];
  /** What went wrong after the checks were done (Threefold's own state not put on a destination): nothing failed. */
  warnings: string[];
  /** The job as the catalog recorded it. */
  job: { id: number; state: JobEnding };
}

/** The report while the job runs. */
type ReportSoFar = Omit<VerifyReport, 'job'>;

/** Re-reads copies (and with `sources`, sources) and compares them with the recorded hashes. */
export async function verify(ws: Workspace, request: VerifyRequest): Promise<VerifyReport> {
  const started = performance.now();
  if (ws.config.destinations.length === 0 && !request.sources) throw new UserError('no destinations are configured: nothing to verify');
  const chosen = selectDestinations(ws.config.destinations, request.only);
  const scopes: Scope[] =
    request.targets.length === 0
      ? [{ kind: 'all' }]
      : request.targets.flatMap((t) => [
          { kind: 'file' as const, path: t },
          { kind: 'folder' as const, path: t },
        ]);
  const assets = new Map<number, AssetRow>();
  for (const scope of scopes) for (const a of ws.catalog.assets.list(scope)) assets.set(a.id, a);
  const byUrl = new Map(chosen.map((d) => [destinationUrl(d), d]));
  const copies = new Map<number, CopyRow>();
  for (const scope of scopes) for (const c of ws.catalog.copies.list(scope)) if (byUrl.has(c.destinationUrl)) copies.set(c.id, c);

  const concurrency = request.concurrency ?? DEFAULT_CONCURRENCY;
  const pool = new BufferPool(CHUNK_SIZE, concurrency);
  const report: ReportSoFar = {
    copies: { checked: 0, passed: 0, failed: 0 },
    sources: null,
    bytes: 0,
    seconds: 0,
    failures: [],
    repaired: [],
    readFromCache: [],
    warnings: [],
  };

  // A repair reads other destinations' copies and marks a bad one failed: none is written meanwhile.
  const locked = request.repair ? ws.config.destinations : chosen;
  const releaseLock = await acquireDestinationLocks(ws.home, new Map(locked.map((d) => [d.name, destinationUrl(d)])), lockWait(request));
  let job: VerifyReport['job'];
  try {
    const start = {
      kind: request.scrub ? ('scrub' as const) : ('verify' as const),
      targets: request.targets,
      queuedJobId: request.queuedJobId,
      signal: request.signal,
    };
    const checked = (): Promise<void> => checkCopies(ws, request, { chosen, byUrl, copies, assets, pool, concurrency, report });
    const tally = () => ({ files: report.copies.checked, bytes: report.bytes, failed: report.failures.length > 0 });
    const { id, state } = await runJob(ws.catalog, start, checked, tally);
    job = { id, state };
  } finally {
    await releaseLock();
  }
  report.seconds = (performance.now() - started) / 1000;
  return { ...report, job };
}

/** What a verify job checks, and the report it fills in. */
interface VerifyWork {
  chosen: readonly DestinationConfig[];
  byUrl: ReadonlyMap<string, DestinationConfig>;
  copies: ReadonlyMap<number, CopyRow>;
  assets: ReadonlyMap<number, AssetRow>;
  pool: BufferPool;
  concurrency: number;
  report: ReportSoFar;
}

/** The verify job's body: each destination reached once, its copies checked, then the sources if asked. */
async function checkCopies(ws: Workspace, request: VerifyRequest, work: VerifyWork): Promise<void> {
  const { chosen, byUrl, copies, assets, pool, concurrency, report } = work;
  const opened: Destination[] = [];
  try {
    const reachable = new Map<string, Destination>();
    for (const config of chosen) {
      const destination = openDestination(config, pool, ws.catalog);
      opened.push(destination);
      const reached = await reachDestination(ws.catalog, ws.config.destinations, config, destination);
      if (reached.ok) reachable.set(destinationUrl(config), destination);
      else
        report.failures.push({
          path: destinationWhere(config),
          destination: config.name,
          location: destinationWhere(config),
          error: `${reached.error}; its copies were not checked`,
        });
    }
    // A local root that loses its marker during the run was unplugged: what is missing there proves nothing.
    const unplugged = new Set<string>();
    const catalogIds = ws.catalog.destinations.ids();

    const startedAt = new Date();
    const manifests = new Map<string, MhlEntry[]>();
    const checks: Array<{ copy: CopyRow; outcome: { ok: true; at: string; readBack?: 'medium' | 'cache' } | { ok: false; error: string } }> = [];
    /** Copies whose check condemned them, with their failure in the report: what a repair rewrites. */
    const condemned: Array<{ copy: CopyRow; asset: AssetRow; failure: VerifyFailure }> = [];
    const cacheReadBacks = new Map<string, CacheReadBacks>();
    const { scrub } = request;
    const cheapCheck = (copy: CopyRow): boolean => reachable.get(copy.destinationUrl)?.capabilities.storedHash === true;
    const chosenCopies = scrub ? scrub.order([...copies.values()], cheapCheck) : [...copies.values()];
    await runPool(chosenCopies, concurrency, async (copy) => {
      if (request.signal?.aborted || scrub?.stop.aborted) return;
      const destination = reachable.get(copy.destinationUrl);
      if (!destination) return;
      const asset = assets.get(copy.assetId)!;
      if (unplugged.has(copy.destinationUrl)) return;
      const { capabilities } = destination;
      const readBytes = request.readCloud === true || capabilities.readBack || scrub?.readsFully(copy) === true;
      const result = await checkCopy(destination, copy, readBytes, capabilities.mountedRoot, scrub?.pace);
      // A read the time limit stopped proves nothing: the copy waits for the next scrub, still oldest.
      if (scrub?.stop.aborted && (result.error !== undefined || result.unproven !== undefined)) return;
      report.bytes += result.bytesRead ?? 0;
      const lost = capabilities.mountedRoot && result.error !== undefined && !(await holdsMarker(destination));
      if (result.unproven !== undefined || lost) {
        if (lost) unplugged.add(copy.destinationUrl);
        const why = result.unproven ?? `${destinationWhere(byUrl.get(copy.destinationUrl)!)} lost its identity marker during the check (unplugged?)`;
        ws.catalog.destinations.recordUnreachable(catalogIds.get(copy.destinationUrl)!, new Date().toISOString(), why);
        report.failures.push({ path: asset.path, destination: destination.info.name, location: copy.location, error: `${why}; not checked, still counted` });
        return;
      }
      report.copies.checked += 1;
      const at = new Date();
      if (result.error === undefined) report.copies.passed += 1;
      else {
        report.copies.failed += 1;
        const failure = { path: asset.path, destination: destination.info.name, location: copy.location, error: result.error };
        report.failures.push(failure);
        condemned.push({ copy, asset, failure });
      }
      const readBack = result.source?.from;
      checks.push({
        copy,
        outcome: result.error === undefined ? { ok: true, at: at.toISOString(), ...(readBack ? { readBack } : {}) } : { ok: false, error: result.error },
      });
      if (result.source?.from === 'cache') {
        const tally = cacheReadBacks.get(destination.info.name) ?? { destination: destination.info.name, copies: 0, reason: result.source.reason };
        tally.copies += 1;
        cacheReadBacks.set(destination.info.name, tally);
      }
      // An ASC MHL `verified` or `failed` says the bytes were hashed: only a hash of the bytes is recorded.
      if (result.xxh64 !== undefined) {
        const entries = manifests.get(copy.destinationUrl) ?? [];
        entries.push({
          path: copy.key,
          size: result.size!,
          mtimeMs: asset.mtimeMs,
          xxh64: result.xxh64,
          action: result.error ? 'failed' : 'verified',
          hashDate: at,
        });
        manifests.set(copy.destinationUrl, entries);
      }
    });
    ws.catalog.transaction(() => {
      for (const { copy, outcome } of checks) ws.catalog.copies.recordCheck(copy.id, outcome);
    });
    report.readFromCache = [...cacheReadBacks.values()];

    for (const [url, entries] of manifests) {
      const destination = reachable.get(url)!;
      const root = destinationWhere(byUrl.get(url)!);
      try {
        await appendGeneration(destination, historyRootName(root), 'in-place', startedAt, entries);
      } catch (error) {
        report.failures.push({
          path: destination.locate('ascmhl'),
          destination: destination.info.name,
          location: destination.locate('ascmhl'),
          error: `the ASC MHL manifest could not be written: ${(error as Error).message}`,
        });
      }
    }

    if (request.repair && condemned.length > 0) {
      const usable = new Map([...reachable].filter(([url]) => !unplugged.has(url)));
      await repairCondemned(ws, { condemned, reachable: usable, byUrl, pool, report, signal: request.signal });
    }

    if (report.copies.checked > 0 && !request.signal?.aborted) {
      const stillThere = [...reachable].flatMap(([url, destination]) => (unplugged.has(url) ? [] : [destination]));
      report.warnings.push(...(await putStateSnapshots(ws.catalog, ws.config, stillThere)).warnings);
    }

    if (request.sources) report.sources = await verifySources(ws, [...assets.values()], concurrency, report, request.signal);
  } finally {
    for (const destination of opened) destination.close();
  }
}

/** Whether the destination's root still holds its identity marker (a local disk still mounted). */
async function holdsMarker(destination: Destination): Promise<boolean> {
  return (await readMarker(destination).catch(() => undefined)) !== undefined;
}

/**
 * What one copy is: `error` when the destination's answer condemns it (no such copy, another size or
 * hash, a local copy that cannot be looked at or read: a proof only while its root is mounted, which the
 * caller checks); `unproven` when a store gave no answer (a request that failed, a download that broke
 * off), which says nothing of the copy. `source` says whether a local copy's bytes came from its medium.
 */
type CopyCheck = { error?: string; xxh64?: string; size?: number; bytesRead?: number; unproven?: string; source?: ReadSource };

/** `mountedRoot`: a copy that cannot be looked at or read is condemned (the caller checks the root is still mounted). */
async function checkCopy(destination: Destination, copy: CopyRow, readBytes: boolean, mountedRoot: boolean, pace?: ReadPace): Promise<CopyCheck> {
  let stored;
  try {
    stored = await destination.stat(copy.key);
  } catch (error) {
    // A mounted disk that cannot say what is at the copy's place (bad sectors) cannot give it back either.
    const why = `cannot reach the copy: ${describeFsError(error)}`;
    return mountedRoot ? { error: why } : { unproven: why };
  }
  if (!stored) return { error: 'the copy is gone' };
  // What the store says of the object: its size, the hash that travelled with it and, when it was kept at
  // upload, its ETag (another write of the key changes it, even one that copied our metadata). Nothing is
  // hashed, so nothing goes into the ASC MHL; a mismatch is decided by the bytes, hashed below.
  if (!readBytes && stored.size === copy.size && stored.xxh64 === copy.xxh64 && sameEtag(copy.etag, stored.etag)) return { size: stored.size };
  let read: { xxh64: string; size: number; source?: ReadSource };
  try {
    // A local copy is read past the page cache, from its medium, where it can.
    read =
      destination.capabilities.readBack && destination.readBack
        ? await destination.readBack(copy.key, stored.size, pace)
        : await hashChunks(pace ? pacedChunks(destination.readChunks(copy.key), pace) : destination.readChunks(copy.key));
  } catch (error) {
    const why = `cannot read the copy: ${describeFsError(error)}`;
    // An encrypted object that does not open with its destination's key was altered: a proof, as a wrong hash is.
    return mountedRoot || error instanceof AlteredObjectError ? { error: why } : { unproven: why };
  }
  const { xxh64, size } = read;
  const found = { xxh64, size, bytesRead: size, ...(read.source ? { source: read.source } : {}) };
  if (size !== copy.size) return { error: `the copy has ${size} bytes, ${copy.size} were recorded (truncated or overwritten)`, ...found };
  if (xxh64 !== copy.xxh64)
    return {
      error: `the copy's content changed: xxh64 ${xxh64}${read.source?.from === 'medium' ? ' read from the disk' : ''}, recorded ${copy.xxh64} (bit rot or tampering)`,
      ...found,
    };
  return found;
}

/** An ETag recorded before this version (null) matches any; stores differ on quoting them. */
function sameEtag(recorded: string | null, stored: string | undefined): boolean {
  return recorded === null || recorded.replace(/"/g, '') === stored?.replace(/"/g, '');
}

async function verifySources(
  ws: Workspace,
  assets: readonly AssetRow[],
  concurrency: number,
  report: ReportSoFar,
  signal: AbortSignal | undefined,
): Promise<NonNullable<VerifyReport['sources']>> {
  const tally = { checked: 0, passed: 0, failed: 0, skipped: 0 };
  const verdicts: Array<{ path: string; problem: string | null }> = [];
  await runPool(assets, concurrency, async (asset) => {
    if (signal?.aborted) return;
    const st = await fs.stat(asset.path).catch(() => undefined);
    // A changed or absent source is not corrupt: status reports it as stale or missing.
    if (!st?.isFile() || st.size !== asset.size || !sameMtime(st.mtimeMs, asset.mtimeMs)) {
      tally.skipped += 1;
      return;
    }
    let xxh64: string;
    try {
      const handle = await fs.open(asset.path, 'r');
      try {
        ({ xxh64 } = await hashFile(handle.fd));
      } finally {
        await handle.close();
      }
    } catch (error) {
      tally.failed += 1;
      report.failures.push({ path: asset.path, destination: null, location: asset.path, error: `cannot read the source: ${describeFsError(error)}` });
      return;
    }
    report.bytes += asset.size;
    tally.checked += 1;
    if (xxh64 === asset.xxh64) {
      tally.passed += 1;
      verdicts.push({ path: asset.path, problem: null });
    } else {
      tally.failed += 1;
      const problem = `${CORRUPTION_MESSAGE} (recorded xxh64 ${asset.xxh64}, read ${xxh64})`;
      verdicts.push({ path: asset.path, problem });
      report.failures.push({ path: asset.path, destination: null, location: asset.path, error: problem });
    }
  });
  ws.catalog.transaction(() => {
    for (const v of verdicts) ws.catalog.assets.setProblem(v.path, v.problem);
  });
  return tally;
}

function lockWait(request: VerifyRequest): DestinationLockWait {
  return { ...(request.signal ? { signal: request.signal } : {}), ...(request.onLockWait ? { onWait: request.onLockWait } : {}) };
}
