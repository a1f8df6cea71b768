import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  diffieHellman,
  hkdfSync,
  type KeyObject,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { chunkNonce, PAYLOAD_NONCE_BYTES, PLAIN_CHUNK, SEALED_CHUNK, TAG_BYTES } from '../../../src/crypt/ageStream';

/**
 * The age v1 file format (age-encryption.org/v1) with one X25519 recipient, on OpenSSL's ChaCha20-Poly1305,
 * X25519 and HKDF: any object is read by the `age` tool with the destination's identity. The payload's
 * chunks are sealed and opened one at a time (ageStream.ts has their layout).
 */
const VERSION_LINE = 'age-encryption.org/v1';
const X25519_INFO = 'age-encryption.org/v1/X25519';
const FILE_KEY_BYTES = 16;
const ZERO_NONCE = Buffer.alloc(12);
/** Headers Threefold reads are small; anything longer is not one of its objects. */
export const MAX_HEADER_BYTES = 16 * 1024;

/** Why an age file cannot be opened: not for this identity, or not what age wrote (damaged, altered). */
export class AgeError extends Error {
  constructor(
    readonly reason: 'not-for-identity' | 'damaged',
    message: string,
  ) {
    super(message);
    this.name = 'AgeError';
  }
}

const PKCS8_X25519 = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_X25519 = Buffer.from('302a300506032b656e032100', 'hex');

export const x25519Private = (secret: Uint8Array): KeyObject => createPrivateKey({ key: Buffer.concat([PKCS8_X25519, secret]), format: 'der', type: 'pkcs8' });
const x25519Public = (point: Uint8Array): KeyObject => createPublicKey({ key: Buffer.concat([SPKI_X25519, point]), format: 'der', type: 'spki' });
/** The raw 32-byte public point of a private key. */
export const publicPoint = (key: KeyObject): Buffer => createPublicKey(key).export({ type: 'spki', format: 'der' }).subarray(-32);

const hkdf = (ikm: Uint8Array, salt: Uint8Array, info: string): Buffer => Buffer.from(hkdfSync('sha256', ikm, salt, info, 32));
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64').replace(/=+$/, '');
/** age's base64: standard alphabet, no padding, canonical. */
function unb64(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]*$/.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return b64(bytes) === text ? bytes : undefined;
}

function shared(privateKey: KeyObject, point: Uint8Array): Buffer {
  const secret = diffieHellman({ privateKey, publicKey: x25519Public(point) });
  if (secret.every((b) => b === 0)) throw new AgeError('damaged', 'an X25519 share is a low-order point');
  return secret;
}

function seal(key: Uint8Array | KeyObject, nonce: Uint8Array, plain: Uint8Array): Buffer[] {
  const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG_BYTES });
  return [cipher.update(plain), cipher.final(), cipher.getAuthTag()];
}

/** The plaintext of a sealed box, or undefined when its tag does not match. */
function open(key: Uint8Array | KeyObject, nonce: Uint8Array, sealed: Uint8Array): Buffer | undefined {
  if (sealed.byteLength < TAG_BYTES) return undefined;
  const decipher = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAuthTag(sealed.subarray(sealed.byteLength - TAG_BYTES));
  const plain = decipher.update(sealed.subarray(0, sealed.byteLength - TAG_BYTES));
  try {
    return Buffer.concat([plain, decipher.final()]);
  } catch {
    return undefined;
  }
}

const headerMac = (fileKey: Uint8Array, upToMark: Buffer): Buffer =>
  createHmac('sha256', hkdf(fileKey, Buffer.alloc(0), 'header'))
    .update(upToMark)
    .digest();

/** What writing one age file needs: its header and payload nonce (written first), and the key its chunks are sealed with. */
export interface AgeStart {
  /** The header and the payload nonce, the object's first bytes. */
  prefix: Buffer;
  payloadKey: KeyObject;
}

/** A new file key wrapped for `recipient` (a 32-byte X25519 point) in a fresh header, and a fresh payload nonce. */
export function startAgeFile(recipient: Uint8Array): AgeStart {
  const fileKey = randomBytes(FILE_KEY_BYTES);
  const ephemeral = randomBytes(32);
  const ephemeralKey = x25519Private(ephemeral);
  const share = publicPoint(ephemeralKey);
  const wrapKey = hkdf(shared(ephemeralKey, recipient), Buffer.concat([share, recipient]), X25519_INFO);
  const body = Buffer.concat(seal(wrapKey, ZERO_NONCE, fileKey));
  const upToMark = Buffer.from(`${VERSION_LINE}\n-> X25519 ${b64(share)}\n${b64(body)}\n---`);
  const header = Buffer.concat([upToMark, Buffer.from(` ${b64(headerMac(fileKey, upToMark))}\n`)]);
  const nonce = randomBytes(PAYLOAD_NONCE_BYTES);
  return { prefix: Buffer.concat([header, nonce]), payloadKey: payloadKeyOf(fileKey, nonce) };
}

/** Where an age header ends in the first bytes of a file: the byte after the MAC line, or undefined when it is not all there. */
export function headerEnd(start: Uint8Array): number | undefined {
  const text = Buffer.from(start.buffer, start.byteOffset, Math.min(start.byteLength, MAX_HEADER_BYTES)).toString('latin1');
  const mark = text.indexOf('\n--- ');
  if (mark < 0) return undefined;
  const end = text.indexOf('\n', mark + 1);
  return end < 0 ? undefined : end + 1;
}

/**
 * The file key in a header (the bytes up to `headerEnd`), unwrapped with `identity`, the header's MAC checked.
 * An AgeError says whether the file is not for this identity or is damaged.
 */
export function openAgeHeader(header: Uint8Array, identity: KeyObject): Buffer {
  const text = Buffer.from(header).toString('latin1');
  const lines = text.slice(0, -1).split('\n');
  if (lines[0] !== VERSION_LINE) throw new AgeError('damaged', 'it does not start as an age file does');
  const macLine = lines.at(-1)!;
  const mac = unb64(macLine.slice(4));
  if (!macLine.startsWith('--- ') || mac === undefined) throw new AgeError('damaged', 'its header has no valid MAC line');
  const ours = publicPoint(identity);
  let fileKey: Buffer | undefined;
  for (let at = 1; at < lines.length - 1; ) {
    const args = lines[at]!.split(' ');
    if (args[0] !== '->') throw new AgeError('damaged', 'its header holds a line that is not a recipient stanza');
    const body: string[] = [];
    at += 1;
    for (;;) {
      const line = lines[at];
      if (line === undefined || at >= lines.length - 1) throw new AgeError('damaged', 'a recipient stanza of its header is cut short');
      body.push(line);
      at += 1;
      if (line.length < 64) break;
    }
    if (args[1] !== 'X25519' || args.length !== 3 || fileKey !== undefined) continue;
    const share = unb64(args[2]!);
    const wrapped = unb64(body.join(''));
    if (share?.length !== 32 || wrapped?.length !== FILE_KEY_BYTES + TAG_BYTES) throw new AgeError('damaged', 'its X25519 stanza is malformed');
    const wrapKey = hkdf(shared(identity, share), Buffer.concat([share, ours]), X25519_INFO);
    fileKey = open(wrapKey, ZERO_NONCE, wrapped);
  }
  if (fileKey === undefined) throw new AgeError('not-for-identity', 'it was not encrypted to this key');
  const expected = headerMac(fileKey, Buffer.from(text.slice(0, text.length - macLine.length - 1 + 3), 'latin1'));
  if (!timingSafeEqual(expected, mac.length === 32 ? mac : Buffer.alloc(32))) throw new AgeError('damaged', 'its header was altered (the MAC does not match)');
  return fileKey;
}

/** The payload key of a file key and the payload's nonce (the 16 bytes after the header): a KeyObject, which OpenSSL takes per chunk at half the cost of raw bytes. */
export const payloadKeyOf = (fileKey: Uint8Array, nonce: Uint8Array): KeyObject => createSecretKey(hkdf(fileKey, nonce, 'payload'));

/** Chunk `index` sealed: its ciphertext pieces, the tag last. */
export const sealChunk = (payloadKey: KeyObject, index: number, last: boolean, plain: Uint8Array): Buffer[] => seal(payloadKey, chunkNonce(index, last), plain);

/** Chunk `index` opened, or an AgeError when it was altered (or is not the chunk at that place). */
export function openChunk(payloadKey: KeyObject, index: number, last: boolean, sealed: Uint8Array): Buffer {
  const plain = open(payloadKey, chunkNonce(index, last), sealed);
  if (plain === undefined) throw new AgeError('damaged', `chunk ${index} of its payload was altered (its tag does not match)`);
  if (plain.byteLength === 0 && index > 0) throw new AgeError('damaged', 'it ends in an empty chunk');
  return plain;
}

/** A whole small file (Threefold's own records) encrypted at once. */
export function encryptWhole(recipient: Uint8Array, plain: Uint8Array): Buffer {
  const { prefix, payloadKey } = startAgeFile(recipient);
  const pieces: Buffer[] = [prefix];
  const chunks = Math.max(1, Math.ceil(plain.byteLength / PLAIN_CHUNK));
  for (let i = 0; i < chunks; i++) pieces.push(...sealChunk(payloadKey, i, i === chunks - 1, plain.subarray(i * PLAIN_CHUNK, (i + 1) * PLAIN_CHUNK)));
  return Buffer.concat(pieces);
}

/** A whole small file decrypted at once. */
export function decryptWhole(identity: KeyObject, file: Uint8Array): Buffer {
  const end = headerEnd(file);
  if (end === undefined) throw new AgeError('damaged', 'it has no complete age header');
  const fileKey = openAgeHeader(file.subarray(0, end), identity);
  const payload = file.subarray(end);
  if (payload.byteLength < PAYLOAD_NONCE_BYTES + TAG_BYTES) throw new AgeError('damaged', 'its payload is cut short');
  const key = payloadKeyOf(fileKey, payload.subarray(0, PAYLOAD_NONCE_BYTES));
  const sealed = payload.subarray(PAYLOAD_NONCE_BYTES);
  const chunks = Math.ceil(sealed.byteLength / SEALED_CHUNK);
  const plain: Buffer[] = [];
  for (let i = 0; i < chunks; i++) plain.push(openChunk(key, i, i === chunks - 1, sealed.subarray(i * SEALED_CHUNK, (i + 1) * SEALED_CHUNK)));
  return Buffer.concat(plain);
}
