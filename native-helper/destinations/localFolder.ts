import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describeFsError } from '../errors';
import type { BufferPool } from '../fsutil/bufferPool';
import { closeFile, fsyncFile, openFile, renameFile, setTimes, writeAllAt } from '../fsutil/fileCalls';
import { readChunks } from '../fsutil/readChunks';
import { syncFolder } from '../fsutil/writeFileAtomic';
import { hashFile } from '../hash/hashFile';
import { DestinationError, type Destination, type DestinationInfo, type ObjectWriter, type WrittenSource } from './destination';

export const PARTIAL_SUFFIX = '.threefold-partial';
const NAME_MAX_BYTES = 255;
/**
 * How long a check that the root is still on its volume holds: a stat of the root before every write,
 * verify and commit was a third of a small file's calls. Creating a folder, or a file in the root itself,
 * always checks afresh, and so does any failed call, to say why it failed.
 */
const ROOT_CHECK_MS = 1000;

/** An external disk, a RAID, a NAS mount: all are folders. */
export class LocalFolderDestination implements Destination {
  readonly url: string;
  private rootDevice: number | undefined;
  private rootCheckedAt = -Infinity;
  private rootCheck: Promise<void> | undefined;
  private readonly createdFolders = new Set<string>();
  private readonly unsyncedFolders = new Set<string>();

  constructor(
    readonly info: DestinationInfo,
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
      await fs.writeFile(probe, 'threefold');
      await fs.rm(probe);
    } catch (error) {
      throw this.error(`cannot write in ${this.root}: ${describeFsError(error)}`);
    }
    this.rootDevice = device;
  }

  async createWriter(key: string, source: WrittenSource): Promise<ObjectWriter> {
    const finalPath = this.pathFor(key);
    const folder = path.dirname(finalPath);
    await this.ensureFolder(folder);
    const partialPath = partialPathFor(finalPath);
    // Opened for reading too: the copy is read back through the descriptor that wrote it, no second open.
    let fd: number | undefined = await openFile(partialPath, 'w+').catch((error: unknown) => this.explain(error));
    const checkRoot = (): Promise<void> => this.checkRootIsTheSame(folder === this.root);
    const closeFd = async (): Promise<void> => {
      const open = fd;
      fd = undefined;
      if (open !== undefined) await closeFile(open);
    };
    let written = 0;
    let sealed = false;
    let readBackXxh64: string | undefined;

    return {
      write: async (chunk) => {
        if (fd === undefined || sealed) throw this.error(`write to ${finalPath} after it was sealed or aborted`);
        await writeAllAt(fd, chunk, written).catch((error: unknown) => this.explain(error));
        written += chunk.byteLength;
      },
      seal: async () => {
        if (fd === undefined) throw this.error(`${finalPath} was aborted`);
        const open = fd;
        try {
          await setTimes(open, source.mtimeMs / 1000);
        } catch (error) {
          return this.explain(error);
        }
        // The copy is read back while its fsync waits on the disk: before and after the fsync the read
        // comes from the same page cache, so the overlap proves as much and hides the hashing behind the disk.
        // Both calls are awaited before anything else touches the descriptor (it is closed after).
        const [synced, readBack] = await Promise.allSettled([fsyncFile(open), hashFile(open, undefined, written)]);
        if (synced.status === 'rejected') return this.explain(synced.reason);
        if (readBack.status === 'rejected') return this.explain(readBack.reason);
        readBackXxh64 = readBack.value.xxh64;
        sealed = true;
      },
      verify: async (expected) => {
        if (!sealed || readBackXxh64 === undefined) throw this.error(`verify of ${finalPath} before it was sealed`);
        await checkRoot();
        await closeFd().catch((error: unknown) => this.explain(error));
        if (readBackXxh64 !== expected) {
          throw this.error(`the copy read back as xxh64 ${readBackXxh64}, not the source's ${expected} (failing disk, memory or cable?); it was discarded`);
        }
      },
      commit: async () => {
        if (!sealed) throw this.error(`commit of ${finalPath} before it was sealed`);
        await closeFd().catch((error: unknown) => this.explain(error));
        await checkRoot();
        await renameFile(partialPath, finalPath).catch((error: unknown) => this.explain(error));
        this.unsyncedFolders.add(folder);
        return finalPath;
      },
      abort: async () => {
        await closeFd().catch(() => undefined);
        await fs.rm(partialPath, { force: true }).catch(() => undefined);
      },
    };
  }

  close(): void {
    // Nothing held open between calls.
  }

  async *readChunks(key: string): AsyncGenerator<Uint8Array> {
    const handle = await fs.open(this.pathFor(key), 'r');
    try {
      yield* readChunks(handle.fd, this.pool);
    } finally {
      await handle.close();
    }
  }

  async stat(key: string): Promise<{ size: number; mtimeMs: number } | undefined> {
    try {
      const st = await fs.stat(this.pathFor(key));
      return st.isFile() ? { size: st.size, mtimeMs: st.mtimeMs } : undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async remove(key: string): Promise<void> {
    await fs.rm(this.pathFor(key), { force: true });
  }

  async *list(prefix = ''): AsyncGenerator<{ key: string; size: number; mtimeMs: number }> {
    const start = prefix === '' ? this.root : this.pathFor(prefix.replace(/\/$/, ''));
    yield* this.walk(start);
  }

  async names(folder: string): Promise<string[]> {
    try {
      return await fs.readdir(folder === '' ? this.root : this.pathFor(folder));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return [];
      throw this.error(`cannot list ${folder === '' ? this.root : this.pathFor(folder)}: ${describeFsError(error)}`);
    }
  }

  async putSmall(key: string, data: Uint8Array, options: { exclusive?: boolean } = {}): Promise<void> {
    await this.putWhole(key, (temp) => fs.writeFile(temp, data), options);
  }

  async putFile(key: string, file: string, options: { exclusive?: boolean } = {}): Promise<void> {
    await this.putWhole(key, (temp) => fs.copyFile(file, temp), options);
  }

  /** `write` fills a partial file beside the target, which then takes the target's name, synced. */
  private async putWhole(key: string, write: (temp: string) => Promise<void>, options: { exclusive?: boolean }): Promise<void> {
    const target = this.pathFor(key);
    await this.ensureFolder(path.dirname(target));
    const temp = partialPathFor(target);
    await write(temp);
    const handle = await fs.open(temp, 'r+');
    await handle.sync().finally(() => handle.close());
    if (options.exclusive) {
      // link() fails if the name exists: two writers can never both claim it.
      await fs.link(temp, target).finally(() => fs.rm(temp, { force: true }));
    } else {
      await fs.rename(temp, target);
    }
    await syncFolder(path.dirname(target));
  }

  async getSmall(key: string): Promise<Buffer | undefined> {
    try {
      return await fs.readFile(this.pathFor(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
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

  /** Creates folders below the root, never the root itself: an unplugged disk must not become a folder on the system disk. */
  private async ensureFolder(folder: string): Promise<void> {
    const known = this.createdFolders.has(folder);
    await this.checkRootIsTheSame(!known || folder === this.root);
    if (known) return;
    await fs.mkdir(folder, { recursive: true });
    this.createdFolders.add(folder);
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

  /** Rethrows a failed call's error, or the root's own problem when that is why (an unplugged disk). */
  private async explain(error: unknown): Promise<never> {
    await this.checkRootIsTheSame(true);
    throw error;
  }

  private async rootDeviceNow(): Promise<number> {
    let st;
    try {
      st = await fs.stat(this.root);
    } catch (error) {
      this.createdFolders.clear();
      const code = (error as NodeJS.ErrnoException).code;
      const hint = code === 'ENOENT' ? ' (disk unplugged or unmounted?)' : '';
      throw this.error(`destination folder ${this.root} is not reachable: ${describeFsError(error)}${hint}`);
    }
    if (!st.isDirectory()) throw this.error(`${this.root} is not a folder`);
    return st.dev;
  }

  private async *walk(folder: string): AsyncGenerator<{ key: string; size: number; mtimeMs: number }> {
    let entries;
    try {
      entries = await fs.readdir(folder, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) yield* this.walk(full);
      else if (entry.isFile()) {
        const st = await fs.stat(full);
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

/** `<name>.threefold-partial` beside the final file, or a short hashed name when that would be too long. */
export function partialPathFor(finalPath: string): string {
  const base = path.basename(finalPath);
  const name =
    Buffer.byteLength(base) + PARTIAL_SUFFIX.length <= NAME_MAX_BYTES
      ? `${base}${PARTIAL_SUFFIX}`
      : `.${createHash('sha256').update(base).digest('hex').slice(0, 24)}${PARTIAL_SUFFIX}`;
  return path.join(path.dirname(finalPath), name);
}
