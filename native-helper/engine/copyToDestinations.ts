import path from 'node:path';
import type { CopyTask } from '../../src/planning/planProtect';
import type { Destination, ObjectWriter, WrittenSource } from '../destinations/destination';
import { describeFsError } from '../errors';
import type { BufferPool } from '../fsutil/bufferPool';
import { closeFile, fstat, openFile } from '../fsutil/fileCalls';
import type { ReadSource } from '../fsutil/openFromMedium';
import { readChunks } from '../fsutil/readChunks';
import { createXxh64 } from '../hash/xxh64';

export const CORRUPTION_MESSAGE = 'content changed without a new modification time: possible corruption';

/** A verified copy says, for a local one, whether its read-back reached the medium or only the cache. */
export type DestinationOutcome = { ok: true; location: string; etag?: string; readBack?: ReadSource } | { ok: false; error: string };

export interface CopyOutcome {
  /** The source as it was read: size and mtime unchanged from start to end. */
  source: { path: string; size: number; mtimeMs: number };
  /** Where the copies go under each destination root. */
  key: string;
  /** Set when the whole source was read consistently. */
  xxh64?: string;
  /** Why nothing of this source was copied (unreadable, changed while read, possible corruption). */
  sourceError?: string;
  corrupt?: boolean;
  /** The job was cancelled while this file was copied: nothing of it is recorded, nothing is a failure. */
  cancelled?: boolean;
  outcomes: Map<string, DestinationOutcome>;
  bytesRead: number;
}

export interface CopyProgress {
  onSourceBytes(bytes: number): void;
  onDestinationBytes(destination: string, bytes: number): void;
  /** The job's cancel: checked between chunks. */
  signal?: AbortSignal;
}

/**
 * Reads the source once: every chunk goes to the hasher and to every destination writer, with
 * backpressure (the next chunk waits for the slowest writer). Each copy is then read back from its
 * medium and hashed; only a copy whose hash equals the source's is committed into place.
 */
export async function copyToDestinations(
  task: CopyTask,
  destinations: readonly Destination[],
  pool: BufferPool,
  progress: CopyProgress,
  /** The hash the bytes must have whatever their file's mtime says (a cloud upload read from a local copy). */
  knownXxh64?: string,
): Promise<CopyOutcome> {
  const outcome: CopyOutcome = { source: { ...task.source }, key: task.key, outcomes: new Map(), bytesRead: 0 };
  const failAll = (error: string): CopyOutcome => {
    outcome.sourceError = error;
    for (const d of destinations) if (!outcome.outcomes.has(d.info.name)) outcome.outcomes.set(d.info.name, { ok: false, error });
    return outcome;
  };

  let fd: number;
  try {
    fd = await openFile(task.source.path, 'r');
  } catch (error) {
    return failAll(`cannot read the source: ${describeFsError(error)}`);
  }
  const writers = new Map<string, ObjectWriter>();
  try {
    const before = await fstat(fd);
    outcome.source = { path: task.source.path, size: before.size, mtimeMs: before.mtimeMs };
    const sameAsPlanned = before.size === task.source.size && before.mtimeMs === task.source.mtimeMs;
    // A version's key is named by its mtime: a file saved again since planning is the next run's new version.
    if (task.source.versioned && !sameAsPlanned) return failAll('it was saved again since this job started; the new version is copied on the next run');
    const expected = knownXxh64 ?? (sameAsPlanned ? task.expectXxh64 : undefined);

    const written: WrittenSource = {
      mtimeMs: knownXxh64 === undefined ? before.mtimeMs : task.source.mtimeMs,
      size: before.size,
      ...(expected ? { xxh64: expected } : {}),
      access: { mode: before.mode & 0o777, uid: before.uid, gid: before.gid, folder: path.dirname(task.source.path) },
    };
    await Promise.all(
      destinations.map(async (d) => {
        try {
          writers.set(d.info.name, await d.createWriter(task.key, written));
        } catch (error) {
          outcome.outcomes.set(d.info.name, { ok: false, error: describeDestinationError(error) });
        }
      }),
    );
    // Each destination's own reason is its failure (a name too long there, a link in the way): not the source's.
    if (writers.size === 0) return outcome;

    // With the hash known up front each writer checks its bytes against it (verify): no second hash here.
    const hasher = knownXxh64 === undefined ? await createXxh64() : undefined;
    try {
      for await (const chunk of readChunks(fd, pool, before.size)) {
        hasher?.update(chunk);
        outcome.bytesRead += chunk.byteLength;
        progress.onSourceBytes(chunk.byteLength);
        await Promise.all(
          [...writers].map(async ([name, writer]) => {
            try {
              await writer.write(chunk);
              progress.onDestinationBytes(name, chunk.byteLength);
            } catch (error) {
              writers.delete(name);
              outcome.outcomes.set(name, { ok: false, error: describeDestinationError(error) });
              await writer.abort();
            }
          }),
        );
        if (writers.size === 0) break;
        if (progress.signal?.aborted) {
          outcome.cancelled = true;
          return failAll('cancelled');
        }
      }
    } catch (error) {
      return failAll(`cannot read the source: ${describeFsError(error)}`);
    }
    if (writers.size === 0) return outcome;

    const after = await fstat(fd);
    if (after.size !== before.size || after.mtimeMs !== before.mtimeMs || outcome.bytesRead !== before.size) {
      return failAll('the source changed while it was being read; nothing was recorded (protect it again once it is finished)');
    }
    const xxh64 = hasher?.digestHex() ?? knownXxh64!;
    if (expected !== undefined && xxh64 !== expected) {
      // Other bytes under the planned size and mtime: possible corruption. Under a new mtime: an edit.
      if (!sameAsPlanned) return failAll('the source changed since this job started; nothing was recorded (protect it again)');
      outcome.corrupt = true;
      return failAll(`${CORRUPTION_MESSAGE} (recorded xxh64 ${expected}, read ${xxh64}); its copies were left untouched`);
    }
    outcome.xxh64 = xxh64;

    await Promise.all(
      [...writers].map(async ([name, writer]) => {
        outcome.outcomes.set(name, await sealVerifyCommit(writer, xxh64));
        writers.delete(name);
      }),
    );
    return outcome;
  } finally {
    // A cancelled upload stays resumable: the next run sends only its missing parts.
    await Promise.all([...writers.values()].map((w) => w.abort(outcome.cancelled === true)));
    await closeFile(fd).catch(() => undefined);
  }
}

async function sealVerifyCommit(writer: ObjectWriter, sourceXxh64: string): Promise<DestinationOutcome> {
  try {
    await writer.seal();
    await writer.verify(sourceXxh64);
    const location = await writer.commit();
    return {
      ok: true,
      location,
      ...(writer.etag !== undefined ? { etag: writer.etag } : {}),
      ...(writer.readBackSource ? { readBack: writer.readBackSource } : {}),
    };
  } catch (error) {
    await writer.abort();
    return { ok: false, error: describeDestinationError(error) };
  }
}

function describeDestinationError(error: unknown): string {
  if ((error as Error)?.name === 'DestinationError') return (error as Error).message;
  return describeFsError(error);
}
