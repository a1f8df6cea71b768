import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { archiveDecision, archiveMessage } from '../../../src/restore/archivedObject';
import { type ByteRange, contiguousEnd, missingRanges } from '../../../src/restore/byteRanges';
import { noRoomFor, ranOutOfRoom } from '../../../src/restore/targetSpace';
import type { RangedObject, RestoreRangeStore } from '../../catalog/restoreRangeStore';
import { AlteredObjectError, ChangedObjectError, type Destination, type StoredObject } from '../../destinations/destination';
import { checkFolder, makeFolders } from '../../destinations/linkFreeFolders';
import { partialPathFor } from '../../destinations/localFolder';
import { closeFile, fstat, fsyncFile, openFile, readAt, renameFile, setMode, setTimes, truncateFile, writeAllAt } from '../../fsutil/fileCalls';
import { describeFsError } from '../../errors';
import { hashFromMedium } from '../../hash/hashFromMedium';
import { createXxh64, type Xxh64 } from '../../hash/xxh64';
import { runPool } from '../runPool';
import type { CopyToRestore, RestoreCopyOutcome } from './restoreCopy';
import { placeWithoutReplacing, type TargetRoot } from './targetRoot';

/** Ranges of a large cloud object fetched at once, each its own GET: one stream rarely fills a link. */
export const RANGE_BYTES = 16 * 1024 * 1024;
const RANGES_IN_FLIGHT = 4;
/** The bytes written are hashed in order, read back from the partial file this much at a time. */
const HASH_READ_BYTES = 4 * 1024 * 1024;
/** How long a restored archive copy stays readable. */
const ARCHIVE_RESTORE_DAYS = 7;
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
/** Why a file stopped when its job was cancelled. */
export const CANCELLED = 'cancelled while the file was restored';

/**
 * A fault that says which side failed: the copy, reading it, or the target; `replaced`: the object was
 * written again between two ranges; `cancelled`: the job's cancel arrived.
 */
class Fault extends Error {
  constructor(
    readonly fault: 'copy' | 'unread' | 'target' | 'replaced' | 'cancelled',
    message: string,
  ) {
    super(message);
  }
}

/** How one download from one HEAD ended: a restore outcome, or the object replaced while it was read. */
type DownloadOutcome = RestoreCopyOutcome | { ok: false; fault: 'replaced'; error: string; bytes: number };

/** Whether a copy of this size on this destination is fetched in ranges (a cloud object larger than one range). */
export function fetchedInRanges(destination: Destination, size: number): boolean {
  return !destination.capabilities.readBack && size > RANGE_BYTES;
}

/**
 * An archived object (Glacier, Deep Archive) is no failed copy: its restore is requested once, and the
 * outcome says when it will be readable. Undefined when the object can be read now.
 */
export async function archivedOutcome(destination: Destination, key: string, head: StoredObject): Promise<RestoreCopyOutcome | undefined> {
  const decision = archiveDecision(head.archive ?? {});
  if (decision.kind === 'readable') return undefined;
  if (decision.kind === 'request-restore') {
    const days = head.archive?.storageClass === 'INTELLIGENT_TIERING' ? undefined : ARCHIVE_RESTORE_DAYS;
    try {
      await destination.requestArchiveRestore?.(key, days);
    } catch (error) {
      return { ok: false, fault: 'unread', error: (error as Error).message, bytes: 0 };
    }
  }
  return { ok: false, fault: 'archived', error: archiveMessage(decision), bytes: 0 };
}

/**
 * Restores a large cloud object: a HEAD first (size, stored hash, ETag, storage class), then its ranges
 * fetched several at once, each on the condition that the object still has the HEAD's ETag (If-Match), and
 * written at their offsets in a partial file beside the target. Each range written is journaled, so a run
 * after a kill or a cut fetches only the others, when the object's ETag and size and the partial file's size
 * are still the same. The bytes are hashed in order as the ranges before them complete, the file is synced
 * and read back from its medium, and it takes its name only when both hashes are the recorded xxh64. A
 * failed read or a cancel keeps the partial file (and its journal) for the next run, as does a resumed one
 * on a disk without room for the rest (the space asked for is beyond what it holds); any other failure
 * removes both. An object written again mid-download is never stitched to its old ranges: its partial file
 * is dropped and it is fetched once more from a new HEAD.
 */
export async function restoreInRanges(
  copy: CopyToRestore,
  journal: RestoreRangeStore,
  root: TargetRoot,
  file: string,
  replace: boolean,
  onBytes?: (n: number) => void,
): Promise<RestoreCopyOutcome> {
  const first = await restoreFromHead(copy, journal, root, file, replace, onBytes);
  if (first.ok || first.fault !== 'replaced') return first;
  // The bytes of the replaced object are not restored: the progress goes back by as much.
  onBytes?.(-first.bytes);
  const replaced = 'the object was written again while it was read, and its partial file dropped';
  const again = await restoreFromHead(copy, journal, root, file, replace, onBytes);
  if (again.ok) return { ...again, note: [`${replaced}: fetched again from the start`, again.note].filter(Boolean).join('; ') };
  if (again.fault === 'replaced') {
    return { ok: false, fault: 'unread', error: `${replaced}, twice: ${again.error}; restore again once nothing writes it`, bytes: again.bytes };
  }
  return { ...again, error: `${replaced}; then: ${again.error}` };
}

async function restoreFromHead(
  copy: CopyToRestore,
  journal: RestoreRangeStore,
  root: TargetRoot,
  file: string,
  replace: boolean,
  onBytes?: (n: number) => void,
): Promise<DownloadOutcome> {
  let head: StoredObject | undefined;
  try {
    head = await copy.destination.stat(copy.key);
  } catch (error) {
    return { ok: false, fault: 'unread', error: `cannot read the copy: ${(error as Error).message}`, bytes: 0 };
  }
  if (head === undefined) return { ok: false, fault: 'unread', error: `cannot read the copy: ${copy.destination.locate(copy.key)} is not there`, bytes: 0 };
  const archived = await archivedOutcome(copy.destination, copy.key, head);
  if (archived !== undefined) return archived;
  const changed = copy.etag && head.etag && unquoted(copy.etag) !== unquoted(head.etag) ? `its ETag is ${head.etag}, ${copy.etag} was recorded` : undefined;
  if (head.size !== copy.size || (head.xxh64 !== undefined && head.xxh64 !== copy.xxh64)) {
    const what = head.size !== copy.size ? `${head.size} bytes, ${copy.size} were recorded` : `xxh64 ${head.xxh64} in its metadata, ${copy.xxh64} was recorded`;
    return { ok: false, fault: 'copy', error: `the object was written again since it was copied: it holds ${what}${changed ? ` (${changed})` : ''}`, bytes: 0 };
  }
  const object: RangedObject = { destinationUrl: copy.destination.url, key: copy.key, etag: head.etag ?? '', size: copy.size };
  const partial = partialPathFor(path.join(root.root, ...root.keyOf(file).split('/')));
  // Without an ETag nothing proves a later run reads the same object: no resume then.
  const done = head.etag === undefined ? [] : journal.done(partial, object);
  let outcome = await download(copy, journal, object, root, partial, file, replace, done, onBytes);
  // Bytes journaled by an earlier run that do not hash right (a crash lost them): once more from nothing.
  if (!outcome.ok && outcome.fault === 'copy' && done.length > 0) {
    onBytes?.(-outcome.bytes);
    outcome = await download(copy, journal, object, root, partial, file, replace, [], onBytes);
  }
  if (outcome.ok && changed) return { ...outcome, note: `the object was written again since it was copied (${changed}), with the recorded content` };
  return outcome;
}

async function download(
  copy: CopyToRestore,
  journal: RestoreRangeStore,
  object: RangedObject,
  root: TargetRoot,
  partial: string,
  file: string,
  replace: boolean,
  journaled: ByteRange[],
  onBytes?: (n: number) => void,
): Promise<DownloadOutcome> {
  let fd: number | undefined;
  let fetched = 0;
  let resumedBytes = 0;
  /** Every byte counted as progress by this attempt, ranges cut short included. */
  let counted = 0;
  const count = (n: number): void => {
    counted += n;
    onBytes?.(n);
  };
  let keepPartial = false;
  /** A resumed partial file on a disk too full for the rest: kept, as the message counts what it holds. */
  let keptForRoom = false;
  // After a failure that dooms the download, the ranges under way stop at their next chunk; after a cut
  // read they go on, and what they complete is kept for the next run.
  const stop = { reason: undefined as Fault | undefined };
  try {
    const opened = await openPartial(root, partial, copy, journaled.length > 0);
    fd = opened.fd;
    const done = opened.resumed ? [...journaled] : [];
    if (!opened.resumed) journal.forget(partial);
    const noRoom = await checkRoom(fd, partial, file, copy.size);
    if (noRoom !== undefined) {
      keptForRoom = opened.resumed;
      throw new Fault('target', noRoom);
    }
    resumedBytes = done.reduce((sum, r) => sum + r.end - r.start, 0);
    count(resumedBytes);
    const hash = new InOrderHash(fd, await createXxh64());
    const open = fd;
    const get: RangeGet = { copy, fd: open, ...(object.etag ? { ifMatch: object.etag } : {}), stop, file, onBytes: count };
    try {
      await runPool(missingRanges(copy.size, RANGE_BYTES, done), RANGES_IN_FLIGHT, async (range) => {
        try {
          fetched += await fetchRange(get, range);
        } catch (error) {
          if (error instanceof Fault && error.fault !== 'unread') stop.reason ??= error;
          throw error;
        }
        // Not synced first: a crash that loses journaled bytes fails the hash, and the download starts over.
        journal.add(partial, object, range);
        done.push(range);
        hash.advance(contiguousEnd(done));
      });
    } finally {
      // The hashing reads the file: it is done before anything else touches it.
      await hash.settled();
    }
    const read = await hash.digest(copy.size);
    if (read !== copy.xxh64) throw new Fault('copy', `the copy's content changed: xxh64 ${read}, recorded ${copy.xxh64}`);
    // sealAndReadBack closes the descriptor, whatever happens.
    fd = undefined;
    const readBack = await sealAndReadBack(open, partial, copy);
    await place(root, partial, file, replace);
    journal.forget(partial);
    return { ok: true, location: file, bytes: fetched + resumedBytes, readBack: readBack.source, ...(resumedBytes > 0 ? { resumedBytes } : {}) };
  } catch (thrown) {
    // The failure that doomed the download outweighs a read it cut short first (an object written again can break the GETs under way).
    const error = stop.reason ?? thrown;
    const fault = error instanceof Fault ? error.fault : 'target';
    // A read that broke off, or a cancel, leaves what was fetched for the next run, which fetches only the rest.
    keepPartial = keptForRoom || ((fault === 'unread' || fault === 'cancelled') && fetched + resumedBytes > 0);
    const kept = keptForRoom
      ? `; the ranges fetched before are kept in ${partial} for the next run`
      : keepPartial
        ? `; the ${fetched + resumedBytes} bytes fetched are kept in ${partial} for the next run`
        : '';
    const message = error instanceof Fault ? error.message : describeFsError(error);
    return { ok: false, fault, error: `${message}${kept}`, bytes: counted };
  } finally {
    if (fd !== undefined) await closeFile(fd).catch(() => undefined);
    if (!keepPartial) {
      journal.forget(partial);
      await removePartial(root, partial);
    }
  }
}

/** What every ranged GET of one download shares. */
interface RangeGet {
  copy: CopyToRestore;
  fd: number;
  /** The ETag of the object the download began with: a GET of any other is refused by the store. */
  ifMatch?: string;
  stop: { reason: Fault | undefined };
  /** The target, named when its disk fills up. */
  file: string;
  onBytes: (n: number) => void;
}

/**
 * No room left on the target's disk before the download: what to say, with what it needs beyond what the
 * partial file already holds, before anything is fetched. Undefined when it fits.
 */
async function checkRoom(fd: number, partial: string, file: string, size: number): Promise<string | undefined> {
  const [st, disk] = await Promise.all([fstat(fd), fs.statfs(path.dirname(partial))]);
  // A file system that reports no size at all (some FUSE and network ones) is not judged by it.
  if (disk.blocks === 0) return undefined;
  return noRoomFor(file, size, st.blocks * 512, disk.bavail * disk.bsize);
}

/** One range's GET, each chunk written at its offset; the number of bytes fetched. */
async function fetchRange(get: RangeGet, range: ByteRange): Promise<number> {
  const { copy, fd, stop } = get;
  let at = range.start;
  const chunks = copy.destination.readRange(copy.key, range.start, range.end, get.ifMatch ? { ifMatch: get.ifMatch } : {});
  try {
    for (;;) {
      if (copy.signal?.aborted) throw new Fault('cancelled', CANCELLED);
      if (stop.reason !== undefined) throw stop.reason;
      let next: IteratorResult<Uint8Array>;
      try {
        next = await chunks.next();
      } catch (error) {
        if (error instanceof ChangedObjectError) throw new Fault('replaced', error.message);
        // An encrypted object that does not open is a bad copy, as wrong bytes are.
        throw new Fault(error instanceof AlteredObjectError ? 'copy' : 'unread', `cannot read the copy: ${(error as Error).message}`);
      }
      if (next.done) break;
      const chunk = next.value;
      if (at + chunk.byteLength > range.end) throw new Fault('copy', `the copy sent more than the ${range.end - range.start} bytes asked from ${range.start}`);
      try {
        await writeAllAt(fd, chunk, at);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOSPC') throw new Fault('target', ranOutOfRoom(get.file, copy.size));
        throw new Fault('target', describeFsError(error));
      }
      at += chunk.byteLength;
      get.onBytes(chunk.byteLength);
    }
  } finally {
    // A GET left unfinished lets go of its connection.
    await chunks.return(undefined);
  }
  if (at !== range.end) throw new Fault('copy', `the copy ends at byte ${at}, ${copy.size} were recorded`);
  return range.end - range.start;
}

/**
 * The partial file: the one an earlier run filled when it is a plain file of the object's size (resumed),
 * or a new one of that size (sparse), owner-only, never through a link, in folders made without links.
 */
async function openPartial(root: TargetRoot, partial: string, copy: CopyToRestore, resume: boolean): Promise<{ fd: number; resumed: boolean }> {
  const folder = path.dirname(partial);
  if ((await checkFolder(root.root, undefined, folder)) === 'absent') {
    const rootMode = (await fs.stat(root.root)).mode & 0o777;
    await makeFolders(root.root, folder, rootMode | 0o700);
  }
  if (resume) {
    const fd = await openFile(partial, constants.O_RDWR | O_NOFOLLOW).catch(() => undefined);
    if (fd !== undefined) {
      const st = await fstat(fd).catch(() => undefined);
      if (st?.isFile() && st.size === copy.size) return { fd, resumed: true };
      await closeFile(fd);
    }
  }
  // A leftover at the reserved name (a file, or a link, never followed) is Threefold's own.
  await fs.unlink(partial).catch(() => undefined);
  const fd = await openFile(partial, constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW | constants.O_RDWR, 0o600);
  await truncateFile(fd, copy.size);
  return { fd, resumed: false };
}

/** The recorded mtime and mode, everything on the medium, then the file read back past the cache. */
async function sealAndReadBack(fd: number, partial: string, copy: CopyToRestore): ReturnType<typeof hashFromMedium> {
  try {
    await setTimes(fd, copy.mtimeMs / 1000);
    if (copy.mode !== 0o600) await setMode(fd, copy.mode);
    await fsyncFile(fd);
  } finally {
    await closeFile(fd);
  }
  const readBack = await hashFromMedium(partial, copy.size);
  if (readBack.xxh64 !== copy.xxh64) {
    const from = readBack.source.from === 'medium' ? 'from the disk' : "from the operating system's cache";
    throw new Fault(
      'target',
      `the restored file read back ${from} as xxh64 ${readBack.xxh64}, not the recorded ${copy.xxh64} (failing disk, controller, memory or cable?)`,
    );
  }
  return readBack;
}

/** The verified partial file takes its final name: never over another file, unless `replace`. */
async function place(root: TargetRoot, partial: string, file: string, replace: boolean): Promise<void> {
  if (!replace) return placeWithoutReplacing(root, partial, file);
  const folder = path.dirname(file);
  if ((await checkFolder(root.root, undefined, folder)) === 'absent') throw new Fault('target', `${folder} is gone`);
  await renameFile(partial, file);
  root.placed(folder);
}

async function removePartial(root: TargetRoot, partial: string): Promise<void> {
  if ((await checkFolder(root.root, undefined, path.dirname(partial)).catch(() => 'absent')) === 'absent') return;
  await fs.unlink(partial).catch(() => undefined);
}

/** XXH64 of the partial file's bytes in order, read as far as the ranges done reach without a gap. */
class InOrderHash {
  private hashed = 0;
  private chain: Promise<void> = Promise.resolve();
  private failure: unknown;
  private readonly buffer = Buffer.allocUnsafe(HASH_READ_BYTES);

  constructor(
    private readonly fd: number,
    private readonly hasher: Xxh64,
  ) {}

  advance(upTo: number): void {
    this.chain = this.chain.then(async () => {
      while (this.failure === undefined && this.hashed < upTo) {
        const length = Math.min(this.buffer.length, upTo - this.hashed);
        const read = await readAt(this.fd, this.buffer, 0, length, this.hashed).catch((error: unknown) => {
          this.failure = error;
          return 0;
        });
        if (read === 0) return;
        this.hasher.update(this.buffer.subarray(0, read));
        this.hashed += read;
      }
    });
  }

  settled(): Promise<void> {
    return this.chain;
  }

  async digest(size: number): Promise<string> {
    this.advance(size);
    await this.chain;
    if (this.failure !== undefined) throw this.failure;
    if (this.hashed !== size) throw new Fault('target', `the partial file holds ${this.hashed} bytes, ${size} were written`);
    return this.hasher.digestHex();
  }
}

function unquoted(etag: string): string {
  return etag.replace(/"/g, '');
}
