import type { ArchiveHead } from '../../src/restore/archivedObject';
import type { ReadSource } from '../fsutil/openFromMedium';
import type { ReadPace } from '../hash/hashFile';

/**
 * One small interface for every kind of storage (a local folder, an S3 bucket). Keys are the relative
 * paths given out by allocateKey (a source's natural key, mapSourcePath, unless another holds it):
 * `/`-separated, NFC, never escaping the root. What a kind of storage can do beyond the interface is
 * declared in its `capabilities`: callers branch on those, never on the kind.
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
  /** A cloud store's storage class and archive state, when it says them (an archived object is not readable until restored). */
  archive?: ArchiveHead;
  /** The metadata fields a layer above had the object carry (`WrittenSource.sealed`), as the store keeps them. */
  metadata?: Record<string, string>;
}

/** What a destination can do beyond what every one does; each is proven by the conformance suite. */
export interface DestinationCapabilities {
  /**
   * Reads its copies back from its own medium on this machine, past the cache (`readBack`): reading a copy
   * costs no egress, so every check reads the bytes.
   */
  readonly readBack: boolean;
  /** `stat` gives the content hash kept with the object (`xxh64`): a check may compare it without a download. */
  readonly storedHash: boolean;
  /**
   * A writer needs the content's hash before its first byte (it travels with the object): such a
   * destination is written after a first copy is verified, from that copy (the cascade).
   */
  readonly hashFirst: boolean;
  /**
   * Some objects go out whole at commit (`sendsWhole(size)`): their writers can learn the hash from the
   * verified bytes (`learningHashes`), so the source is not hashed in a pass of its own first.
   */
  readonly sendsWhole: boolean;
  /**
   * Its root is a folder whose disk can be unmounted, leaving an empty mount point: a missing identity
   * marker, or a copy that cannot be looked at, means "not mounted" far more often than "emptied".
   */
  readonly mountedRoot: boolean;
  /** Keeps multipart uploads left unfinished on the store, which cost storage until `abortOrphanedUploads` removes them. */
  readonly unfinishedUploads: boolean;
}

export interface Destination {
  readonly info: DestinationLabels;
  readonly capabilities: DestinationCapabilities;
  /** Stable identity of the storage itself, for the catalog (`local:/mnt/raid/threefold`). */
  readonly url: string;
  /** Where a key lives, in words a user can act on (an absolute path, an s3:// URL). */
  locate(key: string): string;
  /** Fails with a clear reason unless the destination is there and writable. */
  probe(): Promise<void>;
  /**
   * Starts writing `key`; nothing replaces an existing object before `commit`. With `capabilities.hashFirst`
   * the content's hash is needed up front (it travels with the object as metadata).
   */
  createWriter(key: string, source: WrittenSource): Promise<ObjectWriter>;
  /** The stored bytes of `key`, read from the medium; a MissingObjectError when there is no such object. */
  readChunks(key: string): AsyncGenerator<Uint8Array>;
  /**
   * The stored bytes of `key` from `start` up to `end` (exclusive), cut at the object's end (nothing when
   * `start` is at or past it); a MissingObjectError when there is no such object. With `ifMatch` (an ETag a
   * store gave), a ChangedObjectError when the object is no longer that one: ranges of two objects never mix.
   */
  readRange(key: string, start: number, end: number, options?: { ifMatch?: string }): AsyncGenerator<Uint8Array>;
  /**
   * With `capabilities.readBack`: a copy's hash as its medium holds it, and whether the read went past the
   * cache; each read first waits for `pace` (a scrub's I/O budget).
   */
  readBack?(key: string, size: number, pace?: ReadPace): Promise<ReadBack>;
  /** With `capabilities.sendsWhole`: whether a source of this size is sent in one piece at commit. */
  sendsWhole?(size: number): boolean;
  /** With `capabilities.sendsWhole`: this destination, its writers taking a source sent whole without its hash. */
  learningHashes?(): Destination;
  /** With `capabilities.unfinishedUploads` (`dest clean`): aborts those started more than `olderThanDays` ago. */
  abortOrphanedUploads?(olderThanDays: number): Promise<AbortedUpload[]>;
  /**
   * With `capabilities.mountedRoot`: removes the partial files a job killed while writing Threefold's own
   * records left behind (a protect does it first, under the destination's lock).
   */
  removeLeftoverPartials?(): Promise<void>;
  /** With `StoredObject.archive`: asks the store to bring an archived object back for `days` days (Standard tier). */
  requestArchiveRestore?(key: string, days?: number): Promise<void>;
  /** The object at `key`, or undefined when there is none (`xxh64` with `capabilities.storedHash`). */
  stat(key: string): Promise<StoredObject | undefined>;
  remove(key: string): Promise<void>;
  /**
   * Every object under a folder-like prefix, the whole subtree: `list('A')` holds `A/x` and `A/sub/y`, never
   * `AB/x`; `list()` holds everything.
   */
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

export interface AbortedUpload {
  key: string;
  uploadId: string;
  initiated: Date;
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
  /**
   * Set by a layer that transforms the bytes (client-side encryption), with `xxh64` absent: the object carries
   * these metadata fields instead of a content hash, and `journalId` names its content in the upload journal.
   */
  sealed?: SealedContent;
}

export interface SealedContent {
  metadata: Record<string, string>;
  journalId: string;
  /** The object's first bytes (base64), journaled with a multipart upload: a resumed upload gives them back (`ObjectWriter.resumedStart`). */
  start?: string;
}

export interface SourceAccess {
  /** The source's permission bits (`mode & 0o777`). */
  mode: number;
  uid: number;
  gid: number;
  /** The folder that holds the source: folders created for the copy get no more access than it has. */
  folder: string;
}

/**
 * One object being written, through one lifecycle: open (write) → sealed → verified → committed, or
 * aborted at any point. `withLifecycle` enforces the order for every backend.
 */
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
  /**
   * With `WrittenSource.sealed`: the first bytes an interrupted upload of the same content journaled, when this
   * writer resumes it. The layer writes the same bytes again (the same encryption), so the parts already sent are reused.
   */
  readonly resumedStart?: string;
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

/** There is no object at the key (reading one that was never written, or was removed). */
export class MissingObjectError extends DestinationError {
  override readonly name = 'MissingObjectError';
}

/**
 * The stored bytes are not what was written: an encrypted object that does not open with its destination's
 * (checked) key. A proof against the copy, as a wrong hash is, not a failure to reach it.
 */
export class AlteredObjectError extends DestinationError {
  override readonly name = 'AlteredObjectError';
}

/** The object at the key is no longer the one a read began with (its ETag changed: it was written again). */
export class ChangedObjectError extends DestinationError {
  override readonly name = 'ChangedObjectError';
}

/** A writer asked out of its lifecycle's order (a commit before verify, a write after seal, anything after abort). */
export class WriterLifecycleError extends DestinationError {
  override readonly name = 'WriterLifecycleError';
}
