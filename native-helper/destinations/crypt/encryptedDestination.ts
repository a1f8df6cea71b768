import { readFile } from 'node:fs/promises';
import { chunkCount, chunkSpan, PAYLOAD_NONCE_BYTES, payloadSize, plainSizeOf } from '../../../src/crypt/ageStream';
import {
  type AbortedUpload,
  AlteredObjectError,
  type Destination,
  type DestinationCapabilities,
  DestinationError,
  MissingObjectError,
  type ObjectWriter,
  type StoredObject,
  type WrittenSource,
} from '../destination';
import { withLifecycle } from '../writerLifecycle';
import { AgeError, type AgeStart, decryptWhole, encryptWhole, headerEnd, MAX_HEADER_BYTES, openAgeHeader, payloadKeyOf, startAgeFile } from './ageFormat';
import type { AgeIdentity } from './ageIdentity';
import { decryptChunks, decryptSpan } from './decryptingReader';
import { createEncryptingWriter } from './encryptingWriter';
import type { EncryptionConfig } from './encryptionConfig';
import { NameCipher } from './nameCipher';
import { factsKey, openFacts, SEALED_FIELD, sealFacts } from './sealedFacts';

/** The header Threefold writes (one X25519 stanza) is always this long: a listing's sizes are turned into plaintext sizes with it. */
export const THREEFOLD_HEADER_BYTES = 168;

interface Keys {
  identity: AgeIdentity;
  facts: Buffer;
  /** With encrypted names. */
  names?: NameCipher;
}

/** S3's longest key, in UTF-8 bytes. */
const MAX_STORED_KEY_BYTES = 1024;

/**
 * The read-back probe of `dest test` (`.threefold-probe-<hex>` at the root, a reserved name no source's key
 * takes): its name stays in the clear, random as it is, so the backend still sees a probe and writes it in
 * STANDARD, not in the destination's (archive) storage class, where it could not be read back at once.
 */
const isProbeKey = (key: string): boolean => /^\.threefold-probe-[0-9a-f]*$/.test(key);

/** A key a destination writes: no empty, `.` or `..` segment, no NUL (checked before its name is encrypted). */
const isSafeKey = (key: string): boolean => key !== '' && !key.split('/').some((s) => s === '' || s === '.' || s === '..' || s.includes('\0'));

/**
 * Client-side encryption as a layer over any backend, as rclone's crypt wraps a remote: every object is an
 * age file encrypted to the destination's recipient before it leaves the machine, and decrypted as it is
 * read. The engine sees a destination like any other; the backend sees only ciphertext. An object that does
 * not open with the destination's key is an AlteredObjectError (the key itself is checked first).
 */
export class EncryptedDestination implements Destination {
  readonly capabilities: DestinationCapabilities;
  private opened: Keys | undefined;

  constructor(
    private readonly inner: Destination,
    private readonly settings: EncryptionConfig,
    private readonly loadIdentity: () => AgeIdentity,
  ) {
    // The plaintext's hash travels sealed with the object, so it is needed before the first byte; nothing is sent whole without it.
    this.capabilities = { ...inner.capabilities, readBack: false, storedHash: true, hashFirst: true, sendsWhole: false };
  }

  get info() {
    return this.inner.info;
  }

  get url() {
    return this.inner.url;
  }

  /** The identity, checked once against the recipient the destination's objects are encrypted to. */
  private keys(): Keys {
    if (this.opened) return this.opened;
    const identity = this.loadIdentity();
    if (identity.recipient !== this.settings.recipient) {
      throw new DestinationError(
        this.info.name,
        `the encryption key stored for "${this.info.name}" is not its key: its copies are encrypted to ${this.settings.recipient}, the stored key opens ${identity.recipient}; give the right recovery phrase with \`threefold dest key ${this.info.name}\``,
      );
    }
    this.opened = { identity, facts: factsKey(identity.secret), ...(this.settings.names ? { names: new NameCipher(identity.secret) } : {}) };
    return this.opened;
  }

  /** The backend's key of an object: with encrypted names, each segment encrypted. */
  private stored(key: string): string {
    const { names } = this.keys();
    if (names === undefined || isProbeKey(key)) return key;
    if (!isSafeKey(key)) throw new DestinationError(this.info.name, `refusing key ${JSON.stringify(key)}: it could leave the destination root`);
    return names.encryptKey(key);
  }

  /** The backend's key of an object about to be written: one too long once its names are encrypted is said so. */
  private storedForWrite(key: string): string {
    const stored = this.stored(key);
    const bytes = Buffer.byteLength(stored);
    if (this.settings.names && bytes > MAX_STORED_KEY_BYTES) {
      throw new DestinationError(
        this.info.name,
        `cannot store ${key}: with its names encrypted its key is ${bytes} bytes, over the ${MAX_STORED_KEY_BYTES} a store allows (an encrypted name grows by 1.6× plus 26 characters); shorten its folder or file names`,
      );
    }
    return stored;
  }

  /** A folder-like prefix as the backend knows it (`''`: the root). */
  private storedFolder(folder: string): string {
    const trimmed = folder.replace(/\/+$/, '');
    return trimmed === '' ? '' : this.stored(trimmed);
  }

  /** The key a backend's key stands for; undefined for an object not written with this key (the encryption record). */
  private plainKey(stored: string): string | undefined {
    const { names } = this.keys();
    return names === undefined ? stored : names.decryptKey(stored);
  }

  private altered(key: string, error: unknown): unknown {
    if (!(error instanceof AgeError)) return error;
    const why = error.reason === 'not-for-identity' ? "it was not encrypted to this destination's key" : error.message;
    return new AlteredObjectError(this.info.name, `${this.locate(key)} cannot be decrypted: ${why} (altered or replaced on the store)`);
  }

  /** With encrypted names, the store's location followed by the key it stands for. */
  locate(key: string): string {
    if (!this.settings.names) return this.inner.locate(key);
    try {
      return `${this.inner.locate(this.stored(key))} (${key})`;
    } catch {
      return this.inner.locate(key);
    }
  }

  async probe(): Promise<void> {
    this.keys();
    await this.inner.probe();
  }

  async createWriter(key: string, source: WrittenSource): Promise<ObjectWriter> {
    const { xxh64 } = source;
    if (xxh64 === undefined) throw new DestinationError(this.info.name, `cannot encrypt ${key} before its xxh64 is known (it travels sealed with the object)`);
    const keys = this.keys();
    const fresh = startAgeFile(keys.identity.point);
    const size = fresh.prefix.byteLength - PAYLOAD_NONCE_BYTES + payloadSize(source.size);
    const sealed = {
      metadata: { [SEALED_FIELD]: sealFacts(keys.facts, key, { xxh64, size: source.size }) },
      journalId: `sealed-${xxh64}`,
      start: fresh.prefix.toString('base64'),
    };
    const inner = await this.inner.createWriter(this.storedForWrite(key), { size, mtimeMs: source.mtimeMs, sealed });
    // Resuming an interrupted upload: the same file key and nonce make the same parts, which the store keeps.
    const start = resumedStart(inner.resumedStart, keys.identity, fresh.prefix.byteLength) ?? fresh;
    const fail = (message: string) => new DestinationError(this.info.name, `${this.locate(key)}: ${message}`);
    const location = this.locate(key);
    return withLifecycle(await createEncryptingWriter(inner, start, source.size, location, fail), this.info.name, location);
  }

  async *readChunks(key: string): AsyncGenerator<Uint8Array> {
    const { identity } = this.keys();
    try {
      yield* decryptChunks(this.inner.readChunks(this.stored(key)), identity.privateKey);
    } catch (error) {
      throw this.altered(key, error);
    }
  }

  /** The chunks that hold the range, read from the store and opened: the header first, then only those chunks. */
  /** `ifMatch` goes to every read of the store, the header's and the chunks': a rewritten object is said so, not decrypted. */
  async *readRange(key: string, start: number, end: number, options: { ifMatch?: string } = {}): AsyncGenerator<Uint8Array> {
    const { identity } = this.keys();
    const storedKey = this.stored(key);
    const head = await this.inner.stat(storedKey);
    if (head === undefined) throw new MissingObjectError(this.info.name, `cannot read ${this.locate(key)}: there is no such object`);
    if (end <= start) return;
    try {
      const first = Buffer.concat(await collect(this.inner.readRange(storedKey, 0, Math.min(head.size, MAX_HEADER_BYTES), options)));
      const headerBytes = headerEnd(first);
      if (headerBytes === undefined || first.byteLength < headerBytes + PAYLOAD_NONCE_BYTES)
        throw new AgeError('damaged', 'it does not start with an age header');
      const fileKey = openAgeHeader(first.subarray(0, headerBytes), identity.privateKey);
      const payloadKey = payloadKeyOf(fileKey, first.subarray(headerBytes, headerBytes + PAYLOAD_NONCE_BYTES));
      const plainSize = plainSizeOf(head.size - headerBytes);
      if (plainSize === undefined) throw new AgeError('damaged', `its ${head.size} bytes are not a whole age file`);
      const span = chunkSpan(start, end, plainSize);
      if (span.first === span.end) return;
      let skip = span.skip;
      let left = Math.min(end, plainSize) - start;
      const chunks = this.inner.readRange(storedKey, headerBytes + span.payloadStart, headerBytes + span.payloadEnd, options);
      for await (const plain of decryptSpan(chunks, payloadKey, span.first, chunkCount(plainSize) - 1)) {
        const part = plain.subarray(skip, skip + left);
        skip = Math.max(0, skip - plain.byteLength);
        left -= part.byteLength;
        if (part.byteLength > 0) yield part;
      }
    } catch (error) {
      throw this.altered(key, error);
    }
  }

  /** The plaintext's size and hash from the sealed facts; without facts that open, the size a whole age file of this length holds and no hash. */
  async stat(key: string): Promise<StoredObject | undefined> {
    const { facts } = this.keys();
    const head = await this.inner.stat(this.stored(key));
    if (head === undefined) return undefined;
    const { metadata: _metadata, xxh64: _stored, ...rest } = head;
    const opened = openFacts(facts, key, head.metadata?.[SEALED_FIELD]);
    if (opened) return { ...rest, size: opened.size, xxh64: opened.xxh64 };
    return { ...rest, size: plainSizeOf(head.size - THREEFOLD_HEADER_BYTES) ?? head.size };
  }

  remove(key: string): Promise<void> {
    return this.inner.remove(this.stored(key));
  }

  async *list(prefix = ''): AsyncGenerator<{ key: string } & StoredObject> {
    const listed: Array<{ key: string } & StoredObject> = [];
    for await (const object of this.inner.list(this.storedFolder(prefix))) {
      const key = this.plainKey(object.key);
      const plain = { ...object, key: key ?? '', size: plainSizeOf(object.size - THREEFOLD_HEADER_BYTES) ?? object.size };
      if (key === undefined) continue;
      if (this.settings.names) listed.push(plain);
      else yield plain;
    }
    // Encrypted names list in the order of their ciphertext: put back in the keys' order (a listing of what a prefix holds).
    yield* listed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async names(folder: string): Promise<string[]> {
    const names = await this.inner.names(this.storedFolder(folder));
    return names.flatMap((name) => this.plainKey(name) ?? []);
  }

  async putSmall(key: string, data: Uint8Array, options?: { exclusive?: boolean }): Promise<void> {
    await this.inner.putSmall(this.storedForWrite(key), encryptWhole(this.keys().identity.point, data), options);
  }

  async putFile(key: string, file: string, options?: { exclusive?: boolean }): Promise<void> {
    await this.putSmall(key, await readFile(file), options);
  }

  async getSmall(key: string): Promise<Buffer | undefined> {
    const { identity } = this.keys();
    const data = await this.inner.getSmall(this.stored(key));
    if (data === undefined) return undefined;
    try {
      return decryptWhole(identity.privateKey, data);
    } catch (error) {
      throw this.altered(key, error);
    }
  }

  flush(): Promise<void> {
    return this.inner.flush();
  }

  close(): void {
    this.inner.close();
  }

  async abortOrphanedUploads(olderThanDays: number): Promise<AbortedUpload[]> {
    const aborted = (await this.inner.abortOrphanedUploads?.(olderThanDays)) ?? [];
    return aborted.map((upload) => ({ ...upload, key: this.plainKey(upload.key) ?? upload.key }));
  }

  requestArchiveRestore(key: string, days?: number): Promise<void> {
    if (!this.inner.requestArchiveRestore) return Promise.resolve();
    return this.inner.requestArchiveRestore(this.stored(key), days);
  }
}

/** The start of an interrupted upload, journaled, opened again with the identity; undefined when it does not fit or open. */
function resumedStart(journaled: string | undefined, identity: AgeIdentity, length: number): AgeStart | undefined {
  if (journaled === undefined) return undefined;
  const prefix = Buffer.from(journaled, 'base64');
  const end = headerEnd(prefix);
  if (prefix.byteLength !== length || end === undefined || end + PAYLOAD_NONCE_BYTES !== length) return undefined;
  try {
    return { prefix, payloadKey: payloadKeyOf(openAgeHeader(prefix.subarray(0, end), identity.privateKey), prefix.subarray(end)) };
  } catch {
    return undefined;
  }
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const all: Uint8Array[] = [];
  for await (const chunk of chunks) all.push(chunk);
  return all;
}
