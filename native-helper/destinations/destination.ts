import type { ReadSource } from '../fsutil/openFromMedium';

/**
 * One small interface for every kind of storage (a local folder, an S3 bucket). Keys are the relative
 * paths given out by allocateKey (a source's natural key, mapSourcePath, unless another holds it):
 * `/`-separated, NFC, never escaping the root.
 */
export interface DestinationLabels {
  name: string;
  media: string;
  offsite: boolean;
}

export interface StoredObject {
  size: number;
  mtimeMs: number;
  /** The content hash kept with the object by a cloud store (its metadata); absent for local files. */
  xxh64?: string;
  /** A cloud store's ETag of the object: it changes when the object is written again. */
  etag?: string;
}

export interface Destination {
  readonly info: DestinationLabels;
  /** Stable identity of the storage itself, for the catalog (`local:/mnt/raid/threefold`). */
  readonly url: string;
  /** Where a key lives, in words a user can act on (an absolute path, an s3:// URL). */
  locate(key: string): string;
  /** Fails with a clear reason unless the destination is there and writable. */
  probe(): Promise<void>;
  /**
   * Starts writing `key`; nothing replaces an existing object before `commit`. A cloud destination needs
   * the content's hash up front (it travels with the object as metadata).
   */
  createWriter(key: string, source: WrittenSource): Promise<ObjectWriter>;
  /** The stored bytes of `key`, read from the medium. */
  readChunks(key: string): AsyncGenerator<Uint8Array>;
  /** A local copy's hash as its medium holds it, and whether the read could go past the cache to the medium. */
  readBack?(key: string, size: number): Promise<ReadBack>;
  stat(key: string): Promise<StoredObject | undefined>;
  remove(key: string): Promise<void>;
  list(prefix?: string): AsyncGenerator<{ key: string } & StoredObject>;
  /**
   * The names directly inside a folder-like key (`''` for the root): files and folders, nothing below
   * them; none when it does not exist. One look for all the copies a job adds to a folder.
   */
  names(folder: string): Promise<string[]>;
  /** Small files Threefold keeps for itself (ASC MHL manifests): written whole, atomically. */
  putSmall(key: string, data: Uint8Array, options?: { exclusive?: boolean }): Promise<void>;
  /** As putSmall, from a local file: a manifest of 100,000 files (~25 MB) is written to one and put from there. */
  putFile(key: string, file: string, options?: { exclusive?: boolean }): Promise<void>;
  getSmall(key: string): Promise<Buffer | undefined>;
  /** Makes every commit so far durable (folder entries included). */
  flush(): Promise<void>;
  /** Lets go of connections (a cloud client's sockets would otherwise keep the process alive). */
  close(): void;
}

export interface ReadBack {
  xxh64: string;
  size: number;
  source: ReadSource;
}

export interface WrittenSource {
  mtimeMs: number;
  size: number;
  /** The content's xxh64 when known before writing (from the catalog, or from a first copy). */
  xxh64?: string;
  /** Who may read the source: a local copy gives no one more (absent: owner only). A cloud copy keeps none of it. */
  access?: SourceAccess;
}

export interface SourceAccess {
  /** The source's permission bits (`mode & 0o777`). */
  mode: number;
  uid: number;
  gid: number;
  /** The folder that holds the source: folders created for the copy get no more access than it has. */
  folder: string;
}

export interface ObjectWriter {
  write(chunk: Uint8Array): Promise<void>;
  /** Every byte written is on the medium; no more writes. */
  seal(): Promise<void>;
  /**
   * Proves the sealed bytes hash to `xxh64`, or throws a DestinationError saying what differs: a local
   * copy is read back from its medium; a cloud object is checked as it was sent, part by part.
   */
  verify(xxh64: string): Promise<void>;
  /** A local copy, once sealed: whether it was read back from its medium or only from the cache (and why). */
  readonly readBackSource?: ReadSource;
  /** Puts the verified object in place (replacing an older one) and returns its location. */
  commit(): Promise<string>;
  /** After commit, a cloud store's ETag of the object (kept to recognise it later without a download). */
  readonly etag?: string | undefined;
  /**
   * Forgets everything written; safe to call at any point, more than once. With `resumable` (a cancelled
   * job) a writer that can resume later (a journaled multipart upload) keeps what it sent.
   */
  abort(resumable?: boolean): Promise<void>;
}

export class DestinationError extends Error {
  constructor(
    readonly destination: string,
    message: string,
  ) {
    super(message);
    this.name = 'DestinationError';
  }
}

/**
 * A folder no copy can be written in either (reached through a link, a path too long): what `names` of it
 * would have said changes nothing, since every write there is refused with this same reason.
 */
export class FolderRefusedError extends DestinationError {
  constructor(destination: string, message: string) {
    super(destination, message);
    this.name = 'FolderRefusedError';
  }
}

/** The storage answered that it is not there (no such bucket): a proof that it holds none of its copies. */
export class StorageGoneError extends DestinationError {
  override readonly name = 'StorageGoneError';
}
