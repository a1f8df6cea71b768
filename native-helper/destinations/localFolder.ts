import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describeFsError } from '../errors';
import type { BufferPool } from '../fsutil/bufferPool';
import { DirectWrites, O_DIRECT } from '../fsutil/directWrites';
import {
  closeFile,
  fstat,
  fsyncFile,
  openFile,
  readAt,
  readWholeFile,
  realPath,
  renameFile,
  setMode,
  setOwner,
  setTimes,
  writeAllAt,
} from '../fsutil/fileCalls';
import { openFromMedium, type ReadSource } from '../fsutil/openFromMedium';
import { readChunks } from '../fsutil/readChunks';
import { syncFolder } from '../fsutil/writeFileAtomic';
import { hashFromMedium } from '../hash/hashFromMedium';
import type { ReadPace } from '../hash/hashFile';
import { reachableBits } from '../../src/policy/reachableBits';
import { HISTORY_FOLDER, PARTIAL_SUFFIX, RECORDS_FOLDER, VERSIONS_FOLDER } from '../../src/paths/reservedNames';
import {
  DestinationError,
  FolderRefusedError,
  MissingObjectError,
  type Destination,
  type DestinationCapabilities,
  type DestinationLabels,
  type ObjectWriter,
  type ReadBack,
  type SourceAccess,
  type WrittenSource,
} from './destination';
import { checkFolder, LinkUnderRootError, makeFolders } from './linkFreeFolders';
import { withLifecycle } from './writerLifecycle';

const NAME_MAX_BYTES = 255;
/**
 * How long a check that the root is still on its volume holds: a stat of the root before every write,
 * verify and commit was a third of a small file's calls. Creating a folder, or a file in the root itself,
 * always checks afresh, and so does any failed call, to say why it failed.
 */
const ROOT_CHECK_MS = 1000;
/** No link is ever followed at a name Threefold opens under the root (Windows has no such flag, nor such links by default). */
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
/** A new file only: never an existing one, never through a link at its name. */
const CREATE_NEW = constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW;
/** Bytes being written are the owner's alone; the source's own bits come at seal. */
const PARTIAL_MODE = 0o600;
/** Threefold's own folders (manifests), and folders of a copy whose source folder is unknown. */
const PRIVATE_FOLDER_MODE = 0o700;
/** Calls a destination may not support (FAT, SMB, NFS with root squashed): the copy stands without them. */
const UNSUPPORTED_ATTRIBUTE = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EINVAL', 'ENOSYS']);
const RUNNING_AS_ROOT = process.getuid?.() === 0;
/** A ranged read goes to the caller this much at a time. */
const RANGE_CHUNK = 1024 * 1024;

export const LOCAL_FOLDER_CAPABILITIES: DestinationCapabilities = {
  readBack: true,
  storedHash: false,
  hashFirst: false,
  sendsWhole: false,
  mountedRoot: true,
  unfinishedUploads: false,
};

/** An external disk, a RAID, a NAS mount: all are folders. */
export class LocalFolderDestination implements Destination {
  readonly capabilities = LOCAL_FOLDER_CAPABILITIES;
  readonly url: string;
  private rootDevice: number | undefined;
  /** The root with its links resolved at its first check: folders below it must resolve to themselves under it. */
  private rootReal: string | undefined;
  private rootCheckedAt = -Infinity;
  private rootCheck: Promise<void> | undefined;
  private readonly createdFolders = new Set<string>();
  private readonly unsyncedFolders = new Set<string>();
  /** Per source folder: its own mode, and the bits its parents let other users reach (see reachableBits). */
  private readonly sourceFolders = new Map<string, Promise<{ mode: number; reachable: number } | undefined>>();

  constructor(
    readonly info: DestinationLabels,
    readonly root: string,
    private readonly pool: BufferPool,
  ) {
    if (!path.isAbsolute(root)) throw new DestinationError(info.name, `root ${root} is not an absolute path`);
    this.url = localDestinationUrl(root);
  }

  locate(key: string): string {
    return this.pathFor(key);
  }

  async probe(): Promise<void> {
    const device = await this.rootDeviceNow();
    const probe = path.join(this.root, `.threefold-probe-${process.pid}`);
    try {
      await closeFile(await this.createNew(probe, constants.O_WRONLY));
      await this.removeFile(probe);
    } catch (error) {
      throw this.error(`cannot write in ${this.root}: ${describeFsError(error)}`);
    }
    this.rootDevice = device;
  }

  /**
   * Removes the partial files a killed job left in Threefold's own folders (manifests, state, owners, kept
   * versions): their names carry a date or a generation that no later write takes again. A copy's partial
   * file is replaced when its source is copied again.
   */
  async removeLeftoverPartials(): Promise<void> {
    for (const folder of [HISTORY_FOLDER, RECORDS_FOLDER, VERSIONS_FOLDER]) await this.removePartialsUnder(path.join(this.root, folder));
  }

  private async removePartialsUnder(folder: string): Promise<void> {
    // Entries as they are: a link is never followed into.
    const entries = await fs.readdir(folder, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) await this.removePartialsUnder(full);
      else if (entry.name.endsWith(PARTIAL_SUFFIX)) await this.removeFile(full);
    }
  }

  async createWriter(key: string, source: WrittenSource): Promise<ObjectWriter> {
    const finalPath = this.pathFor(key);
    const folder = path.dirname(finalPath);
    const sourceFolder = source.access ? await this.sourceFolder(source.access.folder) : undefined;
    await this.ensureFolder(folder, sourceFolder).catch((error: unknown) => this.explain(error, finalPath));
    const partialPath = partialPathFor(finalPath);
    // A large copy goes to the disk past the page cache: copying gigabytes into the cache cost more than the
    // disk's own time (bench/findings.md). Where direct I/O is refused, at the open or the first write, plainly.
    let directWrites: DirectWrites | undefined;
    let fd: number | undefined;
    if (O_DIRECT !== undefined && source.size >= this.pool.bufferSize) {
      try {
        fd = await this.createNew(partialPath, constants.O_RDWR | O_DIRECT);
        directWrites = new DirectWrites(fd);
      } catch (error) {
        if (!isDirectRefusal(error)) return this.explain(error, finalPath);
      }
    }
    fd ??= await this.createNew(partialPath, constants.O_RDWR).catch((error: unknown) => this.explain(error, finalPath));
    const checkRoot = (): Promise<void> => this.checkRootIsTheSame(folder === this.root);
    const closeFd = async (): Promise<void> => {
      const open = fd;
      fd = undefined;
      if (open !== undefined) await closeFile(open);
    };
    let written = 0;
    let readBack: { xxh64: string; source: ReadSource } | undefined;

    const writer: ObjectWriter = {
      write: async (chunk) => {
        if (directWrites !== undefined) {
          try {
            await directWrites.write(chunk);
            written += chunk.byteLength;
            return;
          } catch (error) {
            // Refused at the first write, with nothing on the disk yet: the partial starts again, written plainly.
            if (written > 0 || !isDirectRefusal(error)) return this.explain(error);
          }
          directWrites = undefined;
          await closeFd().catch(() => undefined);
          fd = await this.createNew(partialPath, constants.O_RDWR).catch((error: unknown) => this.explain(error, finalPath));
        }
        await writeAllAt(fd!, chunk, written).catch((error: unknown) => this.explain(error));
        written += chunk.byteLength;
      },
      seal: async () => {
        const open = fd!;
        try {
          // Before the times: the truncation to the real size would set them.
          await directWrites?.finish();
          await setTimes(open, source.mtimeMs / 1000);
        } catch (error) {
          return this.explain(error);
        }
        // The read-back goes past the page cache (which holds the writer's bytes) to the medium: direct I/O
        // from a descriptor of its own. It runs beside the fsync: the kernel writes each range to the disk
        // before a direct read of it is served from the disk, so the reads trail the writeback, and the copy
        // counts only once the fsync has finished too. Both are awaited before the descriptor is touched again.
        const [synced, readFromDisk] = await Promise.allSettled([fsyncFile(open), hashFromMedium(partialPath, written)]);
        if (synced.status === 'rejected') return this.explain(synced.reason);
        if (readFromDisk.status === 'rejected') return this.explain(readFromDisk.reason);
        // After the read-back, which opens the copy again (a source's bits may not let its owner read it);
        // a crash before this leaves the copy owner-only, never wider.
        const access = source.access && { ...source.access, mode: source.access.mode & (sourceFolder?.reachable ?? 0o700) };
        await keepAccess(open, access).catch((error: unknown) => this.explain(error));
        readBack = readFromDisk.value;
      },
      verify: async (expected) => {
        await checkRoot();
        await closeFd().catch((error: unknown) => this.explain(error));
        if (readBack!.xxh64 !== expected) {
          const from = readBack!.source.from === 'medium' ? 'from the disk' : "from the operating system's cache";
          throw this.error(
            `the copy read back ${from} as xxh64 ${readBack!.xxh64}, not the source's ${expected} (failing disk, controller, memory or cable?); it was discarded`,
          );
        }
      },
      get readBackSource() {
        return readBack?.source;
      },
      commit: async () => {
        await closeFd().catch((error: unknown) => this.explain(error));
        await checkRoot();
        // rename() follows no link at either name, but would through a folder: it is checked right before.
        await this.assertFolder(folder).catch((error: unknown) => this.explain(error));
        await renameFile(partialPath, finalPath).catch((error: unknown) => this.explain(error));
        this.unsyncedFolders.add(folder);
        return finalPath;
      },
      abort: async () => {
        await closeFd().catch(() => undefined);
        await this.removeFile(partialPath).catch(() => undefined);
      },
    };
    return withLifecycle(writer, this.info.name, finalPath);
  }

  close(): void {
    // Nothing held open between calls.
  }

  async *readChunks(key: string): AsyncGenerator<Uint8Array> {
    const file = this.pathFor(key);
    // A link on the way fails here, one at its name at the open (no-follow); an absent folder fails the open.
    await this.checkFolder(path.dirname(file));
    const { fd } = await openFromMedium(file).catch((error: unknown) => this.notReadable(file, error));
    try {
      // Stopping at the stat's size keeps every direct read at an aligned offset.
      yield* readChunks(fd, this.pool, (await fstat(fd)).size);
    } finally {
      await closeFile(fd);
    }
  }

  /** Positioned reads of the range, through the cache (a direct read needs aligned offsets a range need not have). */
  async *readRange(key: string, start: number, end: number): AsyncGenerator<Uint8Array> {
    const file = this.pathFor(key);
    await this.checkFolder(path.dirname(file));
    const fd = await openFile(file, constants.O_RDONLY | O_NOFOLLOW).catch((error: unknown) => this.notReadable(file, error));
    try {
      const stop = Math.min(end, (await fstat(fd)).size);
      for (let position = start; position < stop; ) {
        const buffer = Buffer.allocUnsafe(Math.min(RANGE_CHUNK, stop - position));
        const bytesRead = await readAt(fd, buffer, 0, buffer.length, position);
        if (bytesRead === 0) return;
        position += bytesRead;
        yield buffer.subarray(0, bytesRead);
      }
    } finally {
      await closeFile(fd);
    }
  }

  async readBack(key: string, size: number, pace?: ReadPace): Promise<ReadBack> {
    const file = this.pathFor(key);
    await this.checkFolder(path.dirname(file));
    return hashFromMedium(file, size, pace).catch((error: unknown) => this.noLinkAt(file, error));
  }

  /**
   * A link at a copy's name, or in place of a folder on the way to it, is no copy: it reads as absent (the
   * copy verified there is not on this storage any more). A root that moved says nothing of its copies.
   */
  async stat(key: string): Promise<{ size: number; mtimeMs: number } | undefined> {
    const file = this.pathFor(key);
    try {
      if ((await checkFolder(this.root, this.rootReal, path.dirname(file))) === 'absent') return undefined;
    } catch (error) {
      if (error instanceof LinkUnderRootError && error.what !== 'root moved') return undefined;
      throw this.linkError(error);
    }
    try {
      const st = await fs.lstat(file);
      return st.isFile() ? { size: st.size, mtimeMs: st.mtimeMs } : undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async remove(key: string): Promise<void> {
    await this.removeFile(this.pathFor(key));
  }

  async *list(prefix = ''): AsyncGenerator<{ key: string; size: number; mtimeMs: number }> {
    const start = prefix === '' ? this.root : this.pathFor(prefix.replace(/\/$/, ''));
    if ((await this.checkFolder(start)) === 'absent') return;
    yield* this.walk(start);
  }

  async names(folder: string): Promise<string[]> {
    const full = folder === '' ? this.root : this.pathFor(folder);
    try {
      // Never listed through a link: what lies beyond one is not on this destination.
      if ((await checkFolder(this.root, this.rootReal, full)) === 'absent') return [];
      return await fs.readdir(full);
    } catch (error) {
      if (error instanceof LinkUnderRootError) throw new FolderRefusedError(this.info.name, error.message);
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return [];
      if (code === 'ENAMETOOLONG' || code === 'ELOOP') throw new FolderRefusedError(this.info.name, `cannot list ${full}: ${describeFsError(error)}`);
      throw this.error(`cannot list ${full}: ${describeFsError(error)}`);
    }
  }

  async putSmall(key: string, data: Uint8Array, options: { exclusive?: boolean } = {}): Promise<void> {
    await this.putWhole(key, (fd) => writeAllAt(fd, data, 0), options);
  }

  async putFile(key: string, file: string, options: { exclusive?: boolean } = {}): Promise<void> {
    await this.putWhole(key, (fd) => copyInto(fd, file), options);
  }

  /** `write` fills a partial file beside the target, which then takes the target's name, synced. */
  private async putWhole(key: string, write: (fd: number) => Promise<void>, options: { exclusive?: boolean }): Promise<void> {
    const target = this.pathFor(key);
    const folder = path.dirname(target);
    await this.ensureFolder(folder);
    const temp = partialPathFor(target);
    const fd = await this.createNew(temp, constants.O_WRONLY);
    try {
      await write(fd);
      await fsyncFile(fd);
    } catch (error) {
      await closeFile(fd).catch(() => undefined);
      await this.removeFile(temp).catch(() => undefined);
      throw error;
    }
    await closeFile(fd);
    try {
      await this.assertFolder(folder);
      // link() fails if the name exists (a link there too): two writers can never both claim it.
      if (options.exclusive) await fs.link(temp, target);
      else await renameFile(temp, target);
    } finally {
      if (options.exclusive) await this.removeFile(temp).catch(() => undefined);
    }
    await syncFolder(folder);
  }

  async getSmall(key: string): Promise<Buffer | undefined> {
    const file = await this.existingPath(key);
    if (file === undefined) return undefined;
    let fd: number;
    try {
      fd = await this.openNoFollow(file, constants.O_RDONLY);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      return await readWholeFile(fd);
    } finally {
      await closeFile(fd);
    }
  }

  async flush(): Promise<void> {
    // A folder leaves the list only once synced: a failure leaves it (and the rest) for the next flush.
    for (const folder of [...this.unsyncedFolders]) {
      await syncFolder(folder);
      this.unsyncedFolders.delete(folder);
    }
  }

  private pathFor(key: string): string {
    const segments = key.split('/');
    if (key === '' || segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('\0'))) {
      throw this.error(`refusing key ${JSON.stringify(key)}: it could leave the destination root`);
    }
    const full = path.join(this.root, ...segments);
    const relative = path.relative(this.root, full);
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      throw this.error(`refusing key ${JSON.stringify(key)}: it leaves the destination root`);
    }
    return full;
  }

  /** The path of `key` when its folder is there, reached without a link; undefined when it is not there. */
  private async existingPath(key: string): Promise<string | undefined> {
    const file = this.pathFor(key);
    return (await this.checkFolder(path.dirname(file))) === 'present' ? file : undefined;
  }

  /** A source folder's mode and what its parents let through, looked up once per job; undefined when it cannot be read. */
  private sourceFolder(folder: string): Promise<{ mode: number; reachable: number } | undefined> {
    let known = this.sourceFolders.get(folder);
    if (known === undefined) {
      // Each folder is stat'ed once, its parents' answer shared by all their subfolders.
      const parent = path.dirname(folder);
      known = sourceFolderAccess(folder, parent === folder ? undefined : () => this.sourceFolder(parent));
      this.sourceFolders.set(folder, known);
    }
    return known;
  }

  /**
   * Creates folders below the root, never the root itself: an unplugged disk must not become a folder on the
   * system disk. A new folder gets no more access than the source's folder and its parents give (`sourceFolder`),
   * or the owner's only.
   */
  private async ensureFolder(folder: string, sourceFolder?: { mode: number; reachable: number }): Promise<void> {
    const known = this.createdFolders.has(folder);
    await this.checkRootIsTheSame(!known || folder === this.root);
    if ((await this.checkFolder(folder)) === 'absent') {
      try {
        await makeFolders(this.root, folder, sourceFolder === undefined ? PRIVATE_FOLDER_MODE : (sourceFolder.mode & sourceFolder.reachable) | 0o700);
      } catch (error) {
        throw this.linkError(error);
      }
    }
    this.createdFolders.add(folder);
  }

  /** A folder under the root, checked for links; absent ones are no error. */
  private async checkFolder(folder: string): Promise<'present' | 'absent'> {
    try {
      return await checkFolder(this.root, this.rootReal, folder);
    } catch (error) {
      throw this.linkError(error);
    }
  }

  /** Right before a rename or a removal in `folder`: it is there, and reached without a link. */
  private async assertFolder(folder: string): Promise<void> {
    if ((await this.checkFolder(folder)) === 'absent') throw this.error(`${folder} is gone (removed while the copy was written?)`);
  }

  /** Removes a file (or a link, never what it points to) in a folder reached without a link; a missing one is no error. */
  private async removeFile(file: string): Promise<void> {
    if ((await this.checkFolder(path.dirname(file))) === 'absent') return;
    try {
      await fs.unlink(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  /**
   * A new file at `file` (owner-only until its source's access is applied): whatever is at that name is
   * removed first, a link itself and not its target (a partial file left by an interrupted job).
   */
  private async createNew(file: string, access: number): Promise<number> {
    try {
      return await openFile(file, CREATE_NEW | access, PARTIAL_MODE);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    await this.removeFile(file);
    return openFile(file, CREATE_NEW | access, PARTIAL_MODE);
  }

  /** Opens an existing file, never through a link at its name. */
  private async openNoFollow(file: string, access: number): Promise<number> {
    return openFile(file, access | O_NOFOLLOW).catch((error: unknown) => this.noLinkAt(file, error));
  }

  /** An open for reading that failed: no file there is a MissingObjectError, a link at its name is said so. */
  private notReadable(file: string, error: unknown): never {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new MissingObjectError(this.info.name, `cannot read ${file}: there is no such file`);
    return this.noLinkAt(file, error);
  }

  /** A no-follow open's ELOOP: a link at `file`, said so. */
  private noLinkAt(file: string, error: unknown): never {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw this.linkError(new LinkUnderRootError(file, 'link'));
    throw error;
  }

  private linkError(error: unknown): unknown {
    return error instanceof LinkUnderRootError ? this.error(error.message) : error;
  }

  /** A checked root within ROOT_CHECK_MS passes unless `fresh`; callers at once share one stat. */
  private async checkRootIsTheSame(fresh = false): Promise<void> {
    if (!fresh && performance.now() - this.rootCheckedAt < ROOT_CHECK_MS) return;
    this.rootCheck ??= (async () => {
      try {
        const device = await this.rootDeviceNow();
        if (this.rootDevice === undefined) this.rootDevice = device;
        else if (device !== this.rootDevice) {
          this.createdFolders.clear();
          throw this.error(`${this.root} is no longer on the volume it was on (the disk was unmounted?)`);
        }
        this.rootCheckedAt = performance.now();
      } catch (error) {
        this.rootCheckedAt = -Infinity;
        throw error;
      } finally {
        this.rootCheck = undefined;
      }
    })();
    await this.rootCheck;
  }

  /**
   * Rethrows a failed call's error, or the root's own problem when that is why (an unplugged disk); with the
   * `file` it was for, a file-system error says which (a name too long: which one).
   */
  private async explain(error: unknown, file?: string): Promise<never> {
    await this.checkRootIsTheSame(true);
    if (file === undefined || error instanceof DestinationError) throw error;
    throw this.error(`cannot write ${file}: ${describeFsError(error)}`);
  }

  private async rootDeviceNow(): Promise<number> {
    let st;
    let real;
    try {
      st = await fs.stat(this.root);
      real = await realPath(this.root);
    } catch (error) {
      this.createdFolders.clear();
      const code = (error as NodeJS.ErrnoException).code;
      const hint = code === 'ENOENT' ? ' (disk unplugged or unmounted?)' : '';
      throw this.error(`destination folder ${this.root} is not reachable: ${describeFsError(error)}${hint}`);
    }
    if (!st.isDirectory()) throw this.error(`${this.root} is not a folder`);
    // The root itself swapped for a link (or a link above it changed) would take every copy elsewhere.
    if (this.rootReal !== undefined && real !== this.rootReal) throw this.error(new LinkUnderRootError(this.root, 'root moved').message);
    this.rootReal = real;
    return st.dev;
  }

  private async *walk(folder: string): AsyncGenerator<{ key: string; size: number; mtimeMs: number }> {
    let entries;
    try {
      entries = await fs.readdir(folder, { withFileTypes: true });
    } catch (error) {
      // A prefix naming a file is no folder: nothing is under it.
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return;
      throw error;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) yield* this.walk(full);
      // A copy being written is not an object yet.
      else if (entry.isFile() && !entry.name.endsWith(PARTIAL_SUFFIX)) {
        const st = await fs.lstat(full);
        const key = path.relative(this.root, full).split(path.sep).join('/');
        yield { key, size: st.size, mtimeMs: st.mtimeMs };
      }
    }
  }

  private error(message: string): DestinationError {
    return new DestinationError(this.info.name, message);
  }
}

export const localDestinationUrl = (root: string): string => `local:${root}`;

/**
 * The source's permission bits, and its owner and group when running as root, on the copy (the owner's own
 * copy otherwise). A destination that cannot keep them (FAT, SMB) keeps the copy owner-only.
 */
async function keepAccess(fd: number, access: SourceAccess | undefined): Promise<void> {
  if (access === undefined) return;
  let mode = access.mode & 0o777;
  // Before the mode: a change of owner clears set-id bits, and the mode given is the one meant.
  if (RUNNING_AS_ROOT) await unlessUnsupported(setOwner(fd, access.uid, access.gid));
  // The copy's group (this user's, or a setgid folder's) is another set of users than the source's: the
  // source's group is kept where this user may give it, else the group gets nothing.
  else {
    if (
      !(await setOwner(fd, -1, access.gid).then(
        () => true,
        () => false,
      ))
    )
      mode &= ~0o070;
    // The copy is this user's, who read the source: its own read bit gives no one else anything, and
    // without it (a source its owner may not read) this user could never verify the copy.
    mode |= 0o400;
  }
  await unlessUnsupported(setMode(fd, mode));
}

async function unlessUnsupported(call: Promise<void>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (!UNSUPPORTED_ATTRIBUTE.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
  }
}

/**
 * A source folder's mode, and the bits other users can reach through it and every folder above it (a 0755
 * folder in a 0700 home is the owner's alone); undefined when one of them cannot be read.
 */
async function sourceFolderAccess(
  folder: string,
  parentAccess: (() => Promise<{ mode: number; reachable: number } | undefined>) | undefined,
): Promise<{ mode: number; reachable: number } | undefined> {
  const [mode, parent] = await Promise.all([
    fs.stat(folder).then(
      (st) => st.mode & 0o777,
      () => undefined,
    ),
    parentAccess?.() ?? { mode: 0o777, reachable: 0o777 },
  ]);
  if (mode === undefined || parent === undefined) return undefined;
  return { mode, reachable: reachableBits([mode]) & parent.reachable };
}

/** Copies a local file's bytes into `fd` (fs.copyFile would open its target by name, through any link). */
async function copyInto(fd: number, file: string): Promise<void> {
  const source = await fs.open(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(COPY_BUFFER);
    for (let position = 0; ; ) {
      const { bytesRead } = await source.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) return;
      await writeAllAt(fd, buffer.subarray(0, bytesRead), position);
      position += bytesRead;
    }
  } finally {
    await source.close();
  }
}

const COPY_BUFFER = 1024 * 1024;

/** `<name>.threefold-partial` beside the final file, or a short hashed name when that would be too long. */
/** What a file system that takes no direct I/O answers (tmpfs before Linux 6.6, some FUSE ones). */
const isDirectRefusal = (error: unknown): boolean => (error as NodeJS.ErrnoException).code === 'EINVAL';

export function partialPathFor(finalPath: string): string {
  const base = path.basename(finalPath);
  const name =
    Buffer.byteLength(base) + PARTIAL_SUFFIX.length <= NAME_MAX_BYTES
      ? `${base}${PARTIAL_SUFFIX}`
      : `.${createHash('sha256').update(base).digest('hex').slice(0, 24)}${PARTIAL_SUFFIX}`;
  return path.join(path.dirname(finalPath), name);
}
