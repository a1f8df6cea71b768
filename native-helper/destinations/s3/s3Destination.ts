import {
  AbortMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  RestoreObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parseMtimeMetadata } from '../../../src/format/mtimeMetadata';
import {
  type AbortedUpload,
  DestinationError,
  ChangedObjectError,
  MissingObjectError,
  StorageGoneError,
  type Destination,
  type DestinationCapabilities,
  type DestinationLabels,
  type StoredObject,
  type WrittenSource,
} from '../destination';
import type { UploadJournal } from '../uploadJournal';
import { withLifecycle } from '../writerLifecycle';
import { cloudBandwidth } from '../cloudBandwidth';
import { pacedChunks } from '../../fsutil/pacer';
import { createDirectPut, type DirectPut, type PutBody } from './directPut';
import { createMultipartWriter } from './multipartWriter';
import { createPartHasher, type PartHasher } from './partHasher';
import { findResumableUpload, type MultipartUpload } from './multipartPlan';
import { choosePartSize, DEFAULT_PART_SIZE } from './partSize';
import { storedKeys } from './storedCredentials';
import { createS3Client, type S3AccessKeys } from './s3Client';
import { describeS3Error, isInvalidRange, isNoSuchBucket, isNoSuchUpload, isNotFound, isNotImplemented, isPreconditionFailed, statusOf } from './s3Errors';
import { destinationEncryption, type S3DestinationConfig } from './s3Config';
import { objectCreation, type ObjectCreation } from './objectCreation';
import { storageClassFor } from '../../../src/providers/storageClasses';
import type { ServerSideEncryption } from '../../../src/providers/serverSideEncryption';
import { decodeListedKey, S3KeyMap, s3DestinationUrl } from './s3Keys';
import { carriedMetadata, contentMd5, type ObjectTarget, type S3ObjectWriter } from './s3Object';
import { createSmallObjectWriter, ObjectBodies } from './smallObjectWriter';

export interface S3DestinationOptions {
  /** Preferred multipart part size (default 16 MiB; S3's minimum is 5 MiB). */
  partSize?: number;
  /** Parts uploaded at once by one writer (default 4; 3 when a large file's parts are larger than the preferred size). */
  partsInFlight?: number;
  /** Explicit keys (tests); otherwise the standard AWS credentials chain, with the configured profile. */
  credentials?: S3AccessKeys;
}

/** Bodies of objects sent whole kept, while unused, for the next ones: a lane of 16 uploads of files up to 2 MiB. */
const BODIES_KEPT_BYTES = 32 * 1024 * 1024;

export const S3_CAPABILITIES: DestinationCapabilities = {
  readBack: false,
  storedHash: true,
  hashFirst: true,
  sendsWhole: true,
  mountedRoot: false,
  unfinishedUploads: true,
};

/** The metadata fields a layer above had an object carry (`WrittenSource.sealed`): all but the hash and the mtime. */
function carriedFields(metadata: Record<string, string> | undefined): { metadata?: Record<string, string> } {
  const { xxh64: _xxh64, mtime: _mtime, ...fields } = metadata ?? {};
  return Object.keys(fields).length > 0 ? { metadata: fields } : {};
}

/** A bucket (and key prefix) on AWS S3 or an S3-compatible store. */
export class S3Destination implements Destination {
  readonly capabilities = S3_CAPABILITIES;
  readonly info: DestinationLabels;
  readonly url: string;
  readonly client: S3Client;
  /** Upload bodies (objects and parts) go out here, not through the SDK's command stack. */
  private readonly direct: DirectPut;
  private readonly partHasher: PartHasher = createPartHasher();
  private readonly bodies = new ObjectBodies(BODIES_KEPT_BYTES);
  private readonly keys: S3KeyMap;
  private readonly partSize: number;
  private readonly partsInFlight: number | undefined;
  private readonly where: { endpoint: string; bucket: string; region: string };
  private readonly encryption: ServerSideEncryption | undefined;
  /** Records and manifests: encrypted as asked, in the STANDARD class (they are read at any time). */
  private readonly recordCreation: ObjectCreation;

  constructor(
    readonly config: S3DestinationConfig,
    private readonly journal: UploadJournal,
    options: S3DestinationOptions = {},
  ) {
    this.info = { name: config.name, media: config.media, offsite: config.offsite };
    this.url = s3DestinationUrl(config);
    this.keys = new S3KeyMap(config.bucket, config.prefix);
    this.client = createS3Client(config, options.credentials ?? storedKeys(config));
    this.direct = createDirectPut(this.client, config.bucket, (put) => this.sdkPut(put));
    this.partSize = options.partSize ?? DEFAULT_PART_SIZE;
    this.partsInFlight = options.partsInFlight;
    this.where = { endpoint: config.endpoint ?? 'AWS S3', bucket: config.bucket, region: config.region };
    this.encryption = destinationEncryption(config);
    this.recordCreation = objectCreation(this.encryption, undefined);
  }

  locate(key: string): string {
    return this.keys.locate(this.checked(key));
  }

  async probe(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.config.bucket }));
    } catch (error) {
      // A HEAD answer has no body: a 404 can only mean the bucket, and a 403 says nothing of why.
      const why = isNotFound(error) || statusOf(error) === 403 ? await this.whyHeadFailed(error) : error;
      const message = `cannot use s3://${this.config.bucket}: ${isNotFound(error) ? `bucket ${this.config.bucket} does not exist at ${this.where.endpoint}` : this.describe(why)}`;
      // Only the store's own NoSuchBucket, in an answer with a body, proves that the bucket is gone.
      if (isNoSuchBucket(why)) throw new StorageGoneError(this.info.name, message);
      throw this.error(message);
    }
  }

  /** Cloud copies are made once the content's hash is known: it travels with the object as metadata. */
  async createWriter(key: string, source: WrittenSource): Promise<S3ObjectWriter> {
    if (source.xxh64 === undefined && source.sealed === undefined)
      throw this.error(`cannot upload ${key} before its xxh64 is known (a cloud copy carries it as metadata)`);
    return this.writer(key, source);
  }

  /** Whether a source of this size is sent in one PutObject (at commit, with its metadata) rather than in parts. */
  sendsWhole(size: number): boolean {
    return size <= choosePartSize(size, this.partSize);
  }

  /**
   * This destination for sources sent whole (see sendsWhole) whose hash is not known yet: its writers
   * take the hash the written bytes are verified to have (ObjectWriter.verify) as the object's metadata,
   * so the source need not be hashed in a pass of its own before it is read for the upload.
   */
  learningHashes(): Destination {
    const learning: Destination = Object.create(this);
    learning.createWriter = async (key, source) => {
      if (source.xxh64 === undefined && !this.sendsWhole(source.size)) {
        throw this.error(
          `cannot upload ${key}: it grew since this job started, too big now to send in one piece (its parts need its hash first); the next run uploads it`,
        );
      }
      return this.writer(key, source);
    };
    return learning;
  }

  private async writer(key: string, source: WrittenSource): Promise<S3ObjectWriter> {
    const objectKey = this.keys.objectKey(this.checked(key));
    const { xxh64 } = source;
    const target: ObjectTarget = {
      client: this.client,
      put: this.pacedPut,
      partMd5: this.partHasher.md5,
      bucket: this.config.bucket,
      objectKey,
      location: this.keys.locate(key),
      source: {
        size: source.size,
        mtimeMs: source.mtimeMs,
        ...(xxh64 !== undefined ? { xxh64 } : {}),
        ...(source.sealed ? { sealed: source.sealed.metadata } : {}),
      },
      ...(source.sealed?.start ? { sealedStart: source.sealed.start } : {}),
      creation: objectCreation(this.encryption, storageClassFor(key, this.config.storageClass)),
      encryption: this.encryption,
      // AWS encrypts every object and says so on every HEAD; other stores may encrypt and say nothing.
      storeReportsEncryption: this.config.endpoint === undefined,
      fail: (message) => this.error(message),
      describe: (error) => this.describe(error),
    };
    const partSize = choosePartSize(source.size, this.partSize);
    if (source.size <= partSize) return withLifecycle(await createSmallObjectWriter(target, partSize, this.bodies), this.info.name, target.location);
    const contentId = xxh64 ?? source.sealed?.journalId;
    if (contentId === undefined) throw this.error(`cannot upload ${key} before its xxh64 is known (a cloud copy carries it as metadata)`);
    try {
      const upload = await this.resumeOrStart(target, key, partSize, contentId);
      // Larger parts (large files): one fewer in flight, so that memory grows by half (96 MiB a file, not 64), not double.
      const partsInFlight = this.partsInFlight ?? (upload.partSize > this.partSize ? 3 : 4);
      return withLifecycle(await createMultipartWriter(target, this.journal, upload, partsInFlight), this.info.name, target.location);
    } catch (error) {
      if (error instanceof DestinationError) throw error;
      throw this.error(`cannot start uploading ${target.location}: ${this.describe(error)}`);
    }
  }

  /** Each body waits its turn under the process's bandwidth limit before it goes. */
  private readonly pacedPut = async (put: PutBody): Promise<string | undefined> => {
    await cloudBandwidth.take(put.body.byteLength);
    return this.direct.send(put);
  };

  async *readChunks(key: string): AsyncGenerator<Uint8Array> {
    yield* this.download(key);
  }

  /**
   * One GetObject with a Range header (HTTP's are inclusive); a range past the object's end is nothing. With
   * `ifMatch`, the store answers 412 once the object is written again, which is a ChangedObjectError.
   */
  async *readRange(key: string, start: number, end: number, options: { ifMatch?: string } = {}): AsyncGenerator<Uint8Array> {
    if (end <= start) {
      // Nothing to read, but a missing object is still said so.
      if ((await this.stat(key)) === undefined) throw new MissingObjectError(this.info.name, `cannot read ${this.locate(key)}: there is no such object`);
      return;
    }
    yield* this.download(key, { Range: `bytes=${start}-${end - 1}`, ...(options.ifMatch ? { IfMatch: options.ifMatch } : {}) });
  }

  private async *download(key: string, conditions: { Range?: string; IfMatch?: string } = {}): AsyncGenerator<Uint8Array> {
    const objectKey = this.keys.objectKey(this.checked(key));
    let body: AsyncIterable<Uint8Array>;
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: objectKey, ...conditions }));
      body = object.Body as AsyncIterable<Uint8Array>;
    } catch (error) {
      if (conditions.Range !== undefined && isInvalidRange(error)) return;
      if (isNotFound(error)) throw new MissingObjectError(this.info.name, `cannot read ${this.keys.locate(key)}: there is no such object`);
      if (conditions.IfMatch !== undefined && isPreconditionFailed(error)) {
        throw new ChangedObjectError(
          this.info.name,
          `${this.keys.locate(key)} was written again while it was read (its ETag is no longer ${conditions.IfMatch})`,
        );
      }
      throw this.error(`cannot read ${this.keys.locate(key)}: ${this.describe(error)}`);
    }
    try {
      // Under the bandwidth limit a chunk waits before it is taken: the stream, then the connection, hold back.
      yield* pacedChunks(body, (bytes) => cloudBandwidth.take(bytes));
    } catch (error) {
      throw this.error(`reading ${this.keys.locate(key)} broke off: ${this.describe(error)}`);
    }
  }

  /** Size, source mtime and recorded hash of an object, or undefined when there is none. */
  async stat(key: string): Promise<StoredObject | undefined> {
    const objectKey = this.keys.objectKey(this.checked(key));
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.config.bucket, Key: objectKey }));
      const mtime = head.Metadata?.mtime === undefined ? undefined : parseMtimeMetadata(head.Metadata.mtime);
      return {
        size: head.ContentLength ?? 0,
        mtimeMs: mtime ?? head.LastModified?.getTime() ?? 0,
        ...(head.Metadata?.xxh64 ? { xxh64: head.Metadata.xxh64 } : {}),
        ...(head.ETag ? { etag: head.ETag } : {}),
        ...carriedFields(head.Metadata),
        ...(head.StorageClass || head.Restore || head.ArchiveStatus
          ? { archive: { storageClass: head.StorageClass, restore: head.Restore, archiveStatus: head.ArchiveStatus } }
          : {}),
      };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw this.error(`cannot look at ${this.keys.locate(key)}: ${this.describe(error)}`);
    }
  }

  /** A restore already under way (409 RestoreAlreadyInProgress) is what was asked for. No `days` for Intelligent-Tiering's archive tiers. */
  async requestArchiveRestore(key: string, days?: number): Promise<void> {
    try {
      await this.client.send(
        new RestoreObjectCommand({
          Bucket: this.config.bucket,
          Key: this.keys.objectKey(this.checked(key)),
          RestoreRequest: { ...(days !== undefined ? { Days: days } : {}), GlacierJobParameters: { Tier: 'Standard' } },
        }),
      );
    } catch (error) {
      if ((error as { name?: string }).name === 'RestoreAlreadyInProgress') return;
      throw this.error(`cannot request the restore of ${this.locate(key)} from its archive: ${this.describe(error)}`);
    }
  }

  /** A missing object is fine: S3 deletes are idempotent. */
  async remove(key: string): Promise<void> {
    await this.request(`cannot delete ${this.locate(key)}`, () =>
      this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: this.keys.objectKey(key) })),
    );
  }

  /** Objects under a folder-like prefix. A listing carries no metadata: mtimeMs is when the object was stored. */
  async *list(prefix = ''): AsyncGenerator<{ key: string } & StoredObject> {
    let token: string | undefined;
    do {
      const page = await this.request(`cannot list s3://${this.config.bucket}/${this.keys.listPrefix(prefix)}`, () =>
        this.client.send(
          // encoding-type=url: keys may hold characters XML 1.0 cannot carry.
          new ListObjectsV2Command({ Bucket: this.config.bucket, Prefix: this.keys.listPrefix(prefix), ContinuationToken: token, EncodingType: 'url' }),
        ),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key === undefined) continue;
        yield { key: this.keys.keyOf(decodeListedKey(object.Key, page.EncodingType)), size: object.Size ?? 0, mtimeMs: object.LastModified?.getTime() ?? 0 };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }

  /** Object and folder names one level under a folder-like prefix (a listing with delimiter `/`). */
  async names(folder: string): Promise<string[]> {
    const prefix = this.keys.listPrefix(folder);
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.request(`cannot list s3://${this.config.bucket}/${prefix}`, () =>
        this.client.send(
          new ListObjectsV2Command({ Bucket: this.config.bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token, EncodingType: 'url' }),
        ),
      );
      const listed = [...(page.Contents ?? []).map((o) => o.Key), ...(page.CommonPrefixes ?? []).map((p) => p.Prefix)];
      for (const objectKey of listed) {
        if (objectKey === undefined) continue;
        const name = decodeListedKey(objectKey, page.EncodingType).slice(prefix.length).replace(/\/$/, '');
        if (name !== '') names.push(name);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return names;
  }

  /**
   * One PutObject: a reader sees the old object or the new one, never a mix. Exclusive writes look first
   * and then ask for `If-None-Match: *`; a store without conditional writes gets only the look, which is
   * not atomic (two writers racing could both succeed there).
   */
  async putSmall(key: string, data: Uint8Array, options: { exclusive?: boolean } = {}): Promise<void> {
    const location = this.locate(key);
    const exists = (): DestinationError => Object.assign(this.error(`${location} already exists`), { code: 'EEXIST' });
    if (options.exclusive && (await this.stat(key)) !== undefined) throw exists();
    const put = (ifNoneMatch: boolean) =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.config.bucket,
          Key: this.keys.objectKey(key),
          Body: data,
          ContentLength: data.byteLength,
          ContentMD5: contentMd5(data),
          ...this.recordCreation,
          ...(ifNoneMatch ? { IfNoneMatch: '*' } : {}),
        }),
      );
    await this.request(`cannot write ${location}`, async () => {
      try {
        await put(options.exclusive === true);
      } catch (error) {
        if (options.exclusive && isPreconditionFailed(error)) throw exists();
        if (!options.exclusive || !isNotImplemented(error)) throw error;
        await put(false);
      }
    });
  }

  /**
   * Read whole into one PutObject: the SDK re-sends a buffer when it retries, which a half-read file stream
   * could not be. A manifest takes ~250 bytes per file it lists (~25 MB for 100,000 files).
   */
  async putFile(key: string, file: string, options: { exclusive?: boolean } = {}): Promise<void> {
    await this.putSmall(key, await readFile(file), options);
  }

  async getSmall(key: string): Promise<Buffer | undefined> {
    const objectKey = this.keys.objectKey(this.checked(key));
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: objectKey }));
      return Buffer.from((await object.Body?.transformToByteArray()) ?? []);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw this.error(`cannot read ${this.keys.locate(key)}: ${this.describe(error)}`);
    }
  }

  /** A completed S3 object is already durable. */
  async flush(): Promise<void> {}

  /** Closes the client's connections once the destination is no longer used. */
  close(): void {
    this.client.destroy();
    this.direct.destroy();
    this.partHasher.close();
  }

  /** For `dest clean`: aborts multipart uploads under the prefix started more than `olderThanDays` ago. */
  async abortOrphanedUploads(olderThanDays: number): Promise<AbortedUpload[]> {
    // 0 days means every unfinished upload (a store may round its timestamps up to the second).
    const cutoff = olderThanDays === 0 ? Infinity : Date.now() - olderThanDays * 86_400_000;
    const aborted: AbortedUpload[] = [];
    for await (const upload of this.unfinishedUploads(this.keys.root)) {
      if (upload.initiated === undefined || upload.initiated.getTime() >= cutoff) continue;
      await this.abortUpload(upload.objectKey, upload.uploadId);
      aborted.push({ key: this.keys.keyOf(upload.objectKey), uploadId: upload.uploadId, initiated: upload.initiated });
    }
    return aborted;
  }

  /** The store's unfinished multipart uploads of object keys starting with `prefix`, page after page. */
  private async *unfinishedUploads(prefix: string): AsyncGenerator<{ objectKey: string; uploadId: string; initiated: Date | undefined }> {
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    const where = `s3://${this.config.bucket}/${prefix}`;
    do {
      const page = await this.request(`cannot list the unfinished uploads in ${where}`, () =>
        this.client.send(
          new ListMultipartUploadsCommand({
            Bucket: this.config.bucket,
            Prefix: prefix,
            KeyMarker: keyMarker,
            UploadIdMarker: uploadIdMarker,
            EncodingType: 'url',
          }),
        ),
      );
      for (const upload of page.Uploads ?? []) {
        if (upload.Key === undefined || upload.UploadId === undefined) continue;
        yield { objectKey: decodeListedKey(upload.Key, page.EncodingType), uploadId: upload.UploadId, initiated: upload.Initiated };
      }
      const more = page.IsTruncated === true;
      keyMarker = more ? page.NextKeyMarker : undefined;
      uploadIdMarker = more ? page.NextUploadIdMarker : undefined;
    } while (keyMarker !== undefined);
  }

  /** Aborts an upload (one the store no longer knows is as good) and forgets it. */
  private async abortUpload(objectKey: string, uploadId: string): Promise<void> {
    await this.request(`cannot abort the upload of s3://${this.config.bucket}/${objectKey}`, async () => {
      try {
        await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.config.bucket, Key: objectKey, UploadId: uploadId }));
      } catch (error) {
        if (!isNoSuchUpload(error)) throw error;
      }
    });
    this.journal.finished(uploadId);
  }

  /**
   * Aborts every other unfinished upload of this object: one whose CreateMultipartUpload was answered
   * but the answer lost (a cut connection, which the SDK retries with a new upload; a killed run), so the
   * journal never knew it, or one journaled for content the key no longer gets. One job writes a
   * destination at a time, and a key has one owner: no one else's upload is under this key.
   */
  private async abortOtherUploads(objectKey: string, keep: string): Promise<void> {
    for await (const upload of this.unfinishedUploads(objectKey)) {
      if (upload.objectKey === objectKey && upload.uploadId !== keep) await this.abortUpload(upload.objectKey, upload.uploadId);
    }
  }

  /** `contentId`: the content's xxh64, or a sealed object's journal id. */
  private async resumeOrStart(target: ObjectTarget, key: string, partSize: number, contentId: string): Promise<MultipartUpload> {
    const content = { size: target.source.size, xxh64: contentId };
    const resumed = await findResumableUpload(this.client, target, this.journal, key, content);
    if (resumed) {
      await this.abortOtherUploads(target.objectKey, resumed.uploadId);
      return resumed;
    }
    const created = await this.client.send(
      new CreateMultipartUploadCommand({
        Bucket: target.bucket,
        Key: target.objectKey,
        Metadata: carriedMetadata(target.source, contentId),
        ...target.creation,
      }),
    );
    if (created.UploadId === undefined) throw this.error(`the store started an upload of ${target.location} without an upload id`);
    this.journal.started(key, content, created.UploadId, partSize, target.sealedStart);
    await this.abortOtherUploads(target.objectKey, created.UploadId);
    return { uploadId: created.UploadId, partSize, reused: new Map() };
  }

  /** What the direct sender falls back on for endpoints it does not sign (SigV4a, S3 Express). */
  private async sdkPut(put: PutBody): Promise<string | undefined> {
    const common = { Bucket: this.config.bucket, Key: put.objectKey, Body: put.body, ContentLength: put.body.byteLength, ContentMD5: put.contentMd5 };
    const sent = put.part
      ? await this.client.send(new UploadPartCommand({ ...common, UploadId: put.part.uploadId, PartNumber: put.part.partNumber }))
      : await this.client.send(new PutObjectCommand({ ...common, Metadata: put.metadata, ...put.creation }));
    return sent.ETag;
  }

  /**
   * `dest add`: whether the store takes the destination's storage class, with a small object written in it
   * and deleted (the probe of testDestination stays STANDARD, to be read back at once).
   */
  async checkStorageClass(): Promise<void> {
    if (this.config.storageClass === undefined) return;
    const key = `.threefold-probe-${randomBytes(8).toString('hex')}`;
    const objectKey = this.keys.objectKey(key);
    await this.request(`cannot write ${this.locate(key)} in storage class ${this.config.storageClass}`, () =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.config.bucket,
          Key: objectKey,
          Body: new Uint8Array(0),
          ContentLength: 0,
          ContentMD5: contentMd5(new Uint8Array(0)),
          ...objectCreation(this.encryption, this.config.storageClass),
        }),
      ),
    );
    await this.remove(key);
  }

  /** A request with a body in its answer tells a wrong secret key from a missing permission, and a missing bucket from any 404. */
  private async whyHeadFailed(headError: unknown): Promise<unknown> {
    try {
      await this.client.send(new ListObjectsV2Command({ Bucket: this.config.bucket, Prefix: this.keys.root, MaxKeys: 1 }));
      return headError;
    } catch (error) {
      return error;
    }
  }

  /** Runs one request, turning a failure into a DestinationError with a reason a user can act on. */
  private async request<T>(what: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      if (error instanceof DestinationError) throw error;
      throw this.error(`${what}: ${this.describe(error)}`);
    }
  }

  private checked(key: string): string {
    if (!S3KeyMap.isSafe(key)) throw this.error(`refusing key ${JSON.stringify(key)}: it could leave the destination root`);
    return key;
  }

  private describe(error: unknown): string {
    if (this.encryption !== undefined && isNotImplemented(error)) {
      return `${this.where.endpoint} does not support server-side encryption ${this.encryption.algorithm} (it answered: ${(error as Error).message}); choose --sse AES256, or leave --sse out`;
    }
    if ((error as Error)?.name === 'InvalidStorageClass') {
      return `${this.where.endpoint} does not take storage class ${this.config.storageClass ?? 'STANDARD'} (InvalidStorageClass); choose one the store has`;
    }
    return describeS3Error(error, this.where);
  }

  private error(message: string): DestinationError {
    return new DestinationError(this.info.name, message);
  }
}
