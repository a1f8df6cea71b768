import fs from 'node:fs/promises';
import path from 'node:path';
import { restoreTargetPath, volumeMountPoint } from '../../../src/restore/targetPath';
import { chooseVersion, parseWantedVersion, versionFileName } from '../../../src/restore/versions';
import { destinationWhere, selectDestinations } from '../../config/config';
import { destinationUrl, openDestination } from '../../destinations/openDestinations';
import { describeFsError, UserError } from '../../errors';
import { BufferPool } from '../../fsutil/bufferPool';
import { hashFile } from '../../hash/hashFile';
import { CHUNK_SIZE } from '../copyRun';
import { acquireDestinationLocks, type DestinationLockWait } from '../destinationLocks';
import { runJob } from '../jobLifecycle';
import { reachDestination } from '../reachDestination';
import type { Workspace } from '../workspace';
import { keptVersionsOf, type VersionCopy } from './keptVersionList';
import { checkedRoot, failureText, type RestoredFile, type RestoreReport } from './restore';
import { restoreCopy } from './restoreCopy';
import { isFolder, localMode, nearestFolder, OWNER_ONLY, TargetRoot } from './targetRoot';

export interface VersionRestoreRequest {
  /** The file (absolute), as it was protected. */
  target: string;
  /** An id from `versions`, or a time: the newest version at or before it (parseWantedVersion). */
  version: string;
  /** A folder to write under, at the file's layout there; beside the current file without it. */
  to?: string;
  from?: string;
  signal?: AbortSignal;
  onLockWait?: DestinationLockWait['onWait'];
  queuedJobId?: number;
}

export type VersionRestoreReport = RestoreReport & { version: { id: string; mtime: string; xxh64: string; size: number } };

/**
 * Writes an earlier version of a file beside the current one (never over it: `Ferry Doc.version-2026-11-23T1015.prproj`),
 * through restoreCopy like any restored file: read once, hashed, read back from the medium, compared with the
 * version's recorded xxh64, its modification time given back. A restore job of one file.
 */
export async function restoreVersion(ws: Workspace, request: VersionRestoreRequest): Promise<VersionRestoreReport> {
  const started = performance.now();
  const wanted = parseWantedVersion(request.version);
  if (wanted === null) throw new UserError(`--version ${request.version}: give a time (2026-11-23T10:15) or a version id as \`threefold versions\` lists it`);
  if (request.from !== undefined) selectDestinations(ws.config.destinations, [request.from]);
  const asset = ws.catalog.assets.list({ kind: 'file', path: request.target })[0];
  if (asset === undefined) throw new UserError(`${request.target} was never protected by Threefold: no version of it is kept`);
  const versions = keptVersionsOf(ws, asset);
  if (versions.length === 0) throw new UserError(`${request.target}: no version of it is kept (Threefold keeps versions of project files and catalogs)`);
  const version = chooseVersion(versions, wanted);
  if (version === undefined) {
    const oldest = versions.at(-1)!;
    throw new UserError(`${request.target}: no kept version at or before ${request.version}; the oldest is ${oldest.id} (run \`threefold versions\`)`);
  }
  const to = request.to === undefined ? undefined : await checkedRoot(request.to, ws.config.destinations);
  const mapped = restoreTargetPath(asset.path, to);
  if (!mapped.ok) throw new UserError(`${request.target}: refused: ${mapped.reason}`);
  // The current version carries the source's own mtime, finer than its key's stamp.
  const mtimeMs = version.xxh64 === asset.xxh64 && Math.floor(asset.mtimeMs) === version.mtimeMs ? asset.mtimeMs : version.mtimeMs;
  const file: RestoredFile = { path: asset.path, target: null, state: 'failed', from: null, location: null, bytes: 0, note: null, attempts: [] };

  const urls = new Map(ws.config.destinations.map((d) => [d.name, destinationUrl(d)]));
  const wait = { ...(request.signal ? { signal: request.signal } : {}), ...(request.onLockWait ? { onWait: request.onLockWait } : {}) };
  // A copy found bad is marked failed: no other job writes it meanwhile.
  const releaseLock = await acquireDestinationLocks(ws.home, urls, wait);
  const pool = new BufferPool(CHUNK_SIZE, 2);
  const unreachable: RestoreReport['unreachable'] = [];
  let job: { id: number; state: RestoreReport['job']['state'] };
  try {
    const start = { kind: 'restore' as const, targets: [request.target], queuedJobId: request.queuedJobId, signal: request.signal };
    const body = async (id: number): Promise<RestoredFile> => {
      const copies = version.copies.filter((c) => request.from === undefined || c.destination === request.from);
      await writeVersion(ws, { file, copies, folder: path.dirname(mapped.target), mtimeMs, size: version.size, xxh64: version.xxh64, to, pool, unreachable });
      if (file.state === 'failed')
        ws.catalog.jobs.addItems(id, [{ path: asset.path, destinationId: null, state: 'failed', bytesDone: 0, error: failureText(file) }]);
      return file;
    };
    const ran = await runJob(ws.catalog, start, body, (f) => ({ files: f.state === 'restored' ? 1 : 0, bytes: f.bytes, failed: f.state === 'failed' }));
    job = { id: ran.id, state: ran.state };
  } finally {
    await releaseLock();
  }
  const restored = file.state === 'restored' ? 1 : 0;
  return {
    job: { id: job.id, dryRun: false, state: job.state, seconds: (performance.now() - started) / 1000 },
    to: to ?? null,
    files: [file],
    totals: {
      files: restored,
      bytes: restored ? file.bytes : 0,
      restored,
      alreadyThere: file.state === 'already-there' ? 1 : 0,
      failed: file.state === 'failed' ? 1 : 0,
      waitingForArchive: file.state === 'waiting-for-archive' ? 1 : 0,
      notProtected: 0,
    },
    unreachable,
    warnings: [],
    version: { id: version.id, mtime: new Date(version.mtimeMs).toISOString(), xxh64: version.xxh64, size: version.size },
  };
}

interface VersionWrite {
  file: RestoredFile;
  copies: readonly VersionCopy[];
  /** The folder the version is written in: the current file's, or its place under `--to`. */
  folder: string;
  mtimeMs: number;
  size: number;
  xxh64: string;
  to: string | undefined;
  pool: BufferPool;
  unreachable: RestoreReport['unreachable'];
}

/** The version written beside the current file from its copies, local ones first, until one verifies. */
async function writeVersion(ws: Workspace, w: VersionWrite): Promise<void> {
  const { file } = w;
  if (w.copies.length === 0) {
    file.note = 'no copy of this version is kept on that destination';
    return;
  }
  // A copy that failed its last check is not read again.
  const usable = w.copies.filter((c) => c.failed === null);
  if (usable.length === 0) {
    file.note = `every copy of this version failed its last check (${w.copies.map((c) => `${c.destination}: ${c.failed}`).join('; ')})`;
    return;
  }
  if (w.to === undefined) {
    const mount = volumeMountPoint(w.folder + path.sep);
    if (mount !== null && !(await isFolder(mount))) {
      file.note = `the volume ${mount} is not mounted: plug its disk in, or restore elsewhere with --to`;
      return;
    }
  }
  let free: { target: string; already: boolean };
  try {
    free = await freeVersionName(w.folder, path.basename(file.path), w.mtimeMs, w.size, w.xxh64);
  } catch (error) {
    file.note = `cannot look at ${w.folder}: ${describeFsError(error)}`;
    return;
  }
  const { target } = free;
  file.target = target;
  if (free.already) {
    file.state = 'already-there';
    file.note = 'this version is already beside the file';
    return;
  }
  const targetRoot = new TargetRoot(await nearestFolder(w.to ?? w.folder), w.pool);
  const ordered = [...usable].sort((a, b) => Number(b.local) - Number(a.local));
  for (const copy of ordered) {
    if (file.state === 'restored') break;
    const config = ws.config.destinations.find((d) => d.name === copy.destination)!;
    const destination = openDestination(config, w.pool, ws.catalog);
    try {
      const reach = await reachDestination(ws.catalog, ws.config.destinations, config, destination);
      if (!reach.ok) {
        w.unreachable.push({ destination: copy.destination, error: `${destinationWhere(config)}: ${reach.error}` });
        file.attempts.push({ destination: copy.destination, location: copy.location, error: reach.error });
        continue;
      }
      const mode = copy.local ? await localMode(copy.location) : OWNER_ONLY;
      const outcome = await restoreCopy({ destination, key: copy.key, size: w.size, xxh64: w.xxh64, mtimeMs: w.mtimeMs, mode }, targetRoot, target, false);
      if (outcome.ok) {
        Object.assign(file, { state: 'restored', from: copy.destination, location: copy.location, bytes: outcome.bytes });
        return;
      }
      if (outcome.fault === 'target') {
        file.note = outcome.error;
        return;
      }
      let error = outcome.error;
      const row = outcome.fault === 'copy' ? recordedCopy(ws, file.path, destinationUrl(config), copy.key) : undefined;
      if (row !== undefined) {
        // The version is also the file's current copy there: it no longer counts.
        ws.catalog.copies.recordCheck(row, { ok: false, error });
        error = `${error}; the copy is marked failed`;
      }
      file.attempts.push({ destination: copy.destination, location: copy.location, error });
    } finally {
      destination.close();
    }
  }
  file.note = 'every copy of this version failed';
}

/** The catalog id of the file's copy at `key` on a destination, when the version is that copy. */
function recordedCopy(ws: Workspace, file: string, url: string, key: string): number | undefined {
  return ws.catalog.copies.list({ kind: 'file', path: file }).find((c) => c.destinationUrl === url && c.key === key)?.id;
}

/** The first version name beside the file that is free, or holds this version `already` (hashed once, here). */
async function freeVersionName(folder: string, name: string, mtimeMs: number, size: number, xxh64: string): Promise<{ target: string; already: boolean }> {
  const names = new Set(await fs.readdir(folder).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? [] : Promise.reject(error))));
  for (let n = 1; ; n++) {
    const candidate = versionFileName(name, mtimeMs, n);
    const target = path.join(folder, candidate);
    if (!names.has(candidate)) return { target, already: false };
    if (await sameContent(target, size, xxh64)) return { target, already: true };
  }
}

/** Whether a regular file (no link followed) with this content is at `file`. */
async function sameContent(file: string, size: number, xxh64: string): Promise<boolean> {
  const st = await fs.lstat(file).catch(() => undefined);
  if (!st?.isFile() || st.size !== size) return false;
  const handle = await fs.open(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  try {
    return (await hashFile(handle.fd)).xxh64 === xxh64;
  } finally {
    await handle.close();
  }
}
