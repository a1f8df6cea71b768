import path from 'node:path';
import type { Destination, ObjectWriter } from '../../destinations/destination';
import { partialPathFor } from '../../destinations/localFolder';
import { describeFsError } from '../../errors';
import type { ReadSource } from '../../fsutil/openFromMedium';
import { createXxh64 } from '../../hash/xxh64';
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
}

/**
 * How one attempt ended. `copy`: the copy's bytes are not the recorded ones (it is marked failed, the next
 * copy is tried); `unread`: the copy could not be read (unplugged, network), which says nothing of it (the
 * next is tried); `target`: the target refused (no other copy would fare better).
 */
export type RestoreCopyOutcome =
  | { ok: true; location: string; bytes: number; readBack: ReadSource | undefined }
  | { ok: false; fault: 'copy' | 'unread' | 'target'; error: string; bytes: number };

/**
 * Restores one file from one copy to `file` under `root`: the copy is read once and hashed while it is
 * written to a partial file beside the target; the partial file is synced and read back from its medium;
 * both hashes must equal the recorded xxh64 before it takes its final name, with the recorded mtime.
 * `replace` lets it replace a file at that name (`--overwrite`); otherwise nothing is ever replaced. On any
 * failure, nothing is left at the final name and the partial file is removed.
 */
export async function restoreCopy(
  copy: CopyToRestore,
  root: TargetRoot,
  file: string,
  replace: boolean,
  onBytes?: (n: number) => void,
): Promise<RestoreCopyOutcome> {
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
    return { ok: false, fault: 'target', error: messageOf(error), bytes: 0 };
  }
  let bytes = 0;
  try {
    const hasher = await createXxh64();
    try {
      for await (const chunk of copy.destination.readChunks(copy.key)) {
        hasher.update(chunk);
        bytes += chunk.byteLength;
        if (bytes > copy.size) break;
        try {
          await writer.write(chunk);
        } catch (error) {
          return { ok: false, fault: 'target', error: messageOf(error), bytes };
        }
        onBytes?.(chunk.byteLength);
      }
    } catch (error) {
      return { ok: false, fault: 'unread', error: `cannot read the copy: ${messageOf(error)}`, bytes };
    }
    if (bytes !== copy.size)
      return { ok: false, fault: 'copy', error: `the copy has ${bytes > copy.size ? 'more than ' : ''}${bytes} bytes, ${copy.size} were recorded`, bytes };
    const read = hasher.digestHex();
    if (read !== copy.xxh64) return { ok: false, fault: 'copy', error: `the copy's content changed: xxh64 ${read}, recorded ${copy.xxh64}`, bytes };
    try {
      await writer.seal();
      await writer.verify(copy.xxh64);
      const readBack = writer.readBackSource;
      if (replace) await writer.commit();
      else await placeWithoutReplacing(root, partialPathFor(path.join(root.root, ...key.split('/'))), file);
      await root.folder.flush();
      return { ok: true, location: file, bytes, readBack };
    } catch (error) {
      return { ok: false, fault: 'target', error: messageOf(error), bytes };
    }
  } finally {
    // After a commit the partial file is gone: this removes nothing then.
    await writer.abort().catch(() => undefined);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error && !('code' in error) ? error.message : describeFsError(error);
}
