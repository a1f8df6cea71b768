import fs from 'node:fs/promises';
import type { CopyTask } from '../../src/planning/planProtect';
import type { Destination } from '../destinations/destination';
import { describeFsError } from '../errors';
import type { BufferPool } from '../fsutil/bufferPool';
import { hashFile } from '../hash/hashFile';
import { copyToDestinations, type CopyOutcome, type CopyProgress } from './copyToDestinations';

export interface CloudSource {
  /** The content's hash when known (a local copy was just verified, or the catalog has it). */
  xxh64?: string;
  /** A verified local copy of the source as it was read then (its size and mtime); read instead of the source. */
  localCopy?: { location: string; source: CopyOutcome['source'] };
}

/**
 * Uploads one file to the cloud destinations after its local copies (the cascade: local copies never
 * wait for the cloud). A cloud object carries its hash, so the hash must be known first: from the local
 * phase, from the catalog, or from a hashing pass over the source. Reading a verified local copy spares
 * the source (a camera card, a shuttle drive), and the bytes sent are still checked against the source's hash.
 * A file sent whole (one PutObject at commit) needs no hashing pass: it is read once, like a local copy,
 * and its object carries the hash its bytes were verified to have.
 */
export async function uploadToCloud(
  task: CopyTask,
  from: CloudSource,
  destinations: readonly Destination[],
  pool: BufferPool,
  progress: CopyProgress,
): Promise<CopyOutcome> {
  let xxh64 = from.xxh64;
  if (xxh64 === undefined && from.localCopy === undefined) {
    const learning = learningHashes(destinations, task.source.size);
    if (learning !== undefined) return copyToDestinations(task, learning, pool, progress);
  }
  if (xxh64 === undefined) {
    const hashed = await hashSource(task, progress.signal);
    if ('error' in hashed) return { ...failed(task, destinations, hashed.error), ...(progress.signal?.aborted ? { cancelled: true } : {}) };
    xxh64 = hashed.xxh64;
  }
  const readFrom = from.localCopy?.location ?? task.source.path;
  // A local copy's mtime is the source's only to the precision of its file system: its bytes are what count.
  const readSource = from.localCopy ? { ...task.source, path: readFrom, versioned: false } : task.source;
  const outcome = await copyToDestinations({ ...task, source: readSource }, destinations, pool, progress, xxh64);
  if (outcome.cancelled) return outcome;
  // What is recorded is the source, never the local copy the bytes were read from.
  outcome.source = from.localCopy ? { ...from.localCopy.source } : outcome.source;
  if (from.localCopy !== undefined && outcome.sourceError !== undefined) {
    // A local copy that no longer reads right says nothing about the source: not a source problem.
    delete outcome.corrupt;
    outcome.sourceError = `the upload read ${readFrom}, which failed: ${outcome.sourceError}`;
    for (const d of destinations) outcome.outcomes.set(d.info.name, { ok: false, error: outcome.sourceError });
  }
  return outcome;
}

async function hashSource(task: CopyTask, signal: AbortSignal | undefined): Promise<{ xxh64: string } | { error: string }> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(task.source.path, 'r');
  } catch (error) {
    return { error: `cannot read the source: ${describeFsError(error)}` };
  }
  try {
    const before = await handle.stat();
    // hashFile: the read path measured fastest (bench/findings.md, "How the hasher reads").
    const { xxh64, size } = await hashFile(handle.fd, signal);
    const after = await handle.stat();
    if (size !== before.size || after.size !== before.size || after.mtimeMs !== before.mtimeMs || before.mtimeMs !== task.source.mtimeMs) {
      return { error: 'the source changed while it was being read; nothing was recorded (protect it again once it is finished)' };
    }
    return { xxh64 };
  } catch (error) {
    return { error: signal?.aborted ? 'cancelled' : `cannot read the source: ${describeFsError(error)}` };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** The destinations as writers that learn the hash from the bytes, when every one sends this size whole. */
function learningHashes(destinations: readonly Destination[], size: number): Destination[] | undefined {
  const learning = destinations.flatMap((d) => (d.capabilities.sendsWhole && d.sendsWhole?.(size) ? (d.learningHashes?.() ?? []) : []));
  return learning.length === destinations.length ? learning : undefined;
}

/** Whether an upload of this task goes in parts somewhere (a lane of large uploads) rather than whole everywhere. */
export function uploadsInParts(task: CopyTask, destinations: readonly Destination[]): boolean {
  return destinations.some((d) => d.sendsWhole?.(task.source.size) === false);
}

function failed(task: CopyTask, destinations: readonly Destination[], error: string): CopyOutcome {
  return {
    source: { ...task.source },
    key: task.key,
    sourceError: error,
    outcomes: new Map(destinations.map((d) => [d.info.name, { ok: false, error }])),
    bytesRead: 0,
  };
}
