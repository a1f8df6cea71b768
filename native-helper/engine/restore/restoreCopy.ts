import path from 'node:path';
import type { RestoreRangeStore } from '../../catalog/restoreRangeStore';
import { AlteredObjectError, type Destination, type ObjectWriter } from '../../destinations/destination';
import { partialPathFor } from '../../destinations/localFolder';
import { describeFsError } from '../../errors';
import type { ReadSource } from '../../fsutil/openFromMedium';
import { gatherChunks } from '../../fsutil/gatherChunks';
import { writeHashed } from '../../hash/writeHashed';
import { archivedOutcome, CANCELLED, fetchedInRanges, restoreInRanges } from './rangedCopy';
import { placeWithoutReplacing, type TargetRoot } from './targetRoot';

/** One recorded copy to read: where it is, and the content it must hold. */
export interface CopyToRestore {
  destination: Destination;
  key: string;
  size: number;
  xxh64: string;
  /** The source's modification time, given back to the restored file. */
  mtimeMs: number;
  /** Permission bits for the restored file (a local copy's own; owner-only when none is known). */
  mode: number;
  /** A cloud copy's ETag when it was made: a different one now says the object was written again. */
  etag?: string | null;
  /** The journal of ranged downloads: with it, a large cloud copy is fetched in ranges, resumably. */
  ranges?: RestoreRangeStore;
  /** The job's cancel: the copy stops at its next chunk, nothing placed. */
  signal?: AbortSignal | undefined;
}

/**
 * How one attempt ended. `copy`: the copy's bytes are not the recorded ones (it is marked failed, the next
 * copy is tried); `unread`: the copy could not be read (unplugged, network), which says nothing of it (the
 * next is tried); `target`: the target refused (no other copy would fare better); `cancelled`: the job was
 * cancelled mid-file (a ranged download keeps its partial file for the next run; any other is removed).
 */
export type RestoreCopyOutcome =
  | { ok: true; location: string; bytes: number; readBack: ReadSource | undefined; resumedBytes?: number; note?: string }
  | { ok: false; fault: 'copy' | 'unread' | 'target' | 'archived' | 'cancelled'; error: string; bytes: number };

/**
 * Restores one file from one copy to `file` under `root`: the copy is read once and hashed while it is
 * written to a partial file beside the target; the partial file is synced and read back from its medium;
 * both hashes must equal the recorded xxh64 before it takes its final name, with the recorded mtime.
 * `replace` lets it replace a file at that name (`--overwrite`); otherwise nothing is ever replaced. On any
 * failure, nothing is left at the final name and the partial file is removed. The new name is durable once
 * the caller flushes the root (`TargetRoot.flush`: one folder sync for many files).
 */
export async function restoreCopy(
  copy: CopyToRestore,
  root: TargetRoot,
  file: string,
  replace: boolean,
  onBytes?: (n: number) => void,
): Promise<RestoreCopyOutcome> {
  if (copy.ranges !== undefined && fetchedInRanges(copy.destination, copy.size)) return restoreInRanges(copy, copy.ranges, root, file, replace, onBytes);
  const outcome = await restoreWhole(copy, root, file, replace, onBytes);
  // A cloud GET refused: the HEAD says whether the object is archived (Glacier), which is no fault of the copy.
  if (!outcome.ok && outcome.fault === 'unread' && !copy.destination.capabilities.readBack) {
    const head = await copy.destination.stat(copy.key).catch(() => undefined);
    const archived = head && (await archivedOutcome(copy.destination, copy.key, head));
    if (archived) return archived;
  }
  return outcome;
}

/** The copy read in one stream (a local copy, a small cloud object). */
async function restoreWhole(copy: CopyToRestore, root: TargetRoot, file: string, replace: boolean, onBytes?: (n: number) => void): Promise<RestoreCopyOutcome> {
  const key = root.keyOf(file);
  let writer: ObjectWriter;
  try {
    writer = await root.folder.createWriter(key, {
      size: copy.size,
      mtimeMs: copy.mtimeMs,
      xxh64: copy.xxh64,
      access: { mode: copy.mode, uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0, folder: root.root },
    });
  } catch (error) {
    return { ok: false, fault: 'target', error: describeFsError(error), bytes: 0 };
  }
  let placed = false;
  try {
    const written = await writeHashed(untilCancelled(chunksOf(copy), copy.signal), (chunk) => writer.write(chunk), copy.size, onBytes);
    const bytes = written.bytes;
    if (copy.signal?.aborted) return { ok: false, fault: 'cancelled', error: CANCELLED, bytes };
    if (!written.ok) {
      return written.side === 'write'
        ? { ok: false, fault: 'target', error: describeFsError(written.error), bytes }
        : {
            ok: false,
            fault: written.error instanceof AlteredObjectError ? 'copy' : 'unread',
            error: `cannot read the copy: ${describeFsError(written.error)}`,
            bytes,
          };
    }
    if (bytes !== copy.size)
      return { ok: false, fault: 'copy', error: `the copy has ${bytes > copy.size ? 'more than ' : ''}${bytes} bytes, ${copy.size} were recorded`, bytes };
    const read = written.xxh64;
    if (read !== copy.xxh64) return { ok: false, fault: 'copy', error: `the copy's content changed: xxh64 ${read}, recorded ${copy.xxh64}`, bytes };
    try {
      await writer.seal();
      await writer.verify(copy.xxh64);
      const readBack = writer.readBackSource;
      if (replace) await writer.commit();
      else await placeWithoutReplacing(root, partialPathFor(path.join(root.root, ...key.split('/'))), file);
      placed = true;
      return { ok: true, location: file, bytes, readBack };
    } catch (error) {
      return { ok: false, fault: 'target', error: describeFsError(error), bytes };
    }
  } finally {
    // Once placed, the partial file is gone and its descriptor closed: nothing to undo.
    if (!placed) await writer.abort().catch(() => undefined);
  }
}

/** The chunks, until the job's cancel arrives: then the read stops (closing the copy) within the file. */
async function* untilCancelled(chunks: AsyncIterable<Uint8Array>, signal: AbortSignal | undefined): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    if (signal?.aborted) throw new Error(CANCELLED);
    yield chunk;
  }
}

/** A download's network chunks (tens of KiB) are gathered: one write per MiB, not a write per chunk. */
const GATHERED_BYTES = 1024 * 1024;

/** The copy's bytes: a local copy's own large reads, or a download's chunks gathered. */
function chunksOf(copy: CopyToRestore): AsyncIterable<Uint8Array> {
  const chunks = copy.destination.readChunks(copy.key);
  return copy.destination.capabilities.readBack ? chunks : gatherChunks(chunks, Math.max(1, Math.min(GATHERED_BYTES, copy.size)));
}
