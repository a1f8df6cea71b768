import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto';

/** The metadata field an encrypted object carries its sealed facts in (`x-amz-meta-threefold-sealed`). */
export const SEALED_FIELD = 'threefold-sealed';

/** What Threefold keeps with an encrypted object, readable only with the destination's key: the plaintext's hash and size. */
export interface SealedFacts {
  xxh64: string;
  size: number;
}

/** The key sealed facts are encrypted with, derived from the identity's secret (never the file keys, which are per object). */
export const factsKey = (secret: Uint8Array): Buffer => Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'threefold.v1 sealed facts', 32));

/**
 * The facts sealed with ChaCha20-Poly1305, bound to the object's key (facts moved to another object do not
 * open). The nonce is a MAC of the key and the facts (SIV-style): the same facts for the same key seal the
 * same, as a resumed upload's metadata must, and differing facts never share a nonce.
 */
export function sealFacts(key: Uint8Array, objectKey: string, facts: SealedFacts): string {
  const plain = Buffer.from(JSON.stringify(facts));
  const nonce = createHmac('sha256', key).update(objectKey).update('\0').update(plain).digest().subarray(0, 12);
  const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(objectKey), { plaintextLength: plain.byteLength });
  const sealed = Buffer.concat([nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  return sealed.toString('base64url');
}

/** The facts of a sealed field, or undefined when it does not open (another key, another object, altered). */
export function openFacts(key: Uint8Array, objectKey: string, field: string | undefined): SealedFacts | undefined {
  if (field === undefined) return undefined;
  const sealed = Buffer.from(field, 'base64url');
  if (sealed.length < 12 + 16) return undefined;
  try {
    const decipher = createDecipheriv('chacha20-poly1305', key, sealed.subarray(0, 12), { authTagLength: 16 });
    decipher.setAAD(Buffer.from(objectKey), { plaintextLength: sealed.length - 12 - 16 });
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    const plain = Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
    const facts = JSON.parse(plain.toString('utf8')) as Partial<SealedFacts>;
    return typeof facts.xxh64 === 'string' && typeof facts.size === 'number' ? { xxh64: facts.xxh64, size: facts.size } : undefined;
  } catch {
    return undefined;
  }
}
