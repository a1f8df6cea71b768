import { type KeyObject, randomBytes } from 'node:crypto';
import { bech32Decode, bech32Encode } from '../../../src/crypt/bech32';
import { publicPoint, x25519Private } from './ageFormat';

/**
 * An encrypted destination's key: an age X25519 identity. Its text form, `AGE-SECRET-KEY-1…`, is the recovery
 * phrase a user writes down, and an identity file the `age` tool reads as it is.
 */
export interface AgeIdentity {
  /** `AGE-SECRET-KEY-1…`. */
  phrase: string;
  /** `age1…`: what the objects are encrypted to, kept in config.json and on the destination. */
  recipient: string;
  privateKey: KeyObject;
  /** The recipient's 32-byte point. */
  point: Buffer;
  /** The 32 secret bytes, from which the keys of sealed metadata and names are derived. */
  secret: Buffer;
}

const SECRET_HRP = 'age-secret-key-';
const RECIPIENT_HRP = 'age';

export const generateIdentity = (): AgeIdentity => identityOf(randomBytes(32));

function identityOf(secret: Buffer): AgeIdentity {
  const privateKey = x25519Private(secret);
  const point = publicPoint(privateKey);
  return { phrase: bech32Encode(SECRET_HRP, secret).toUpperCase(), recipient: bech32Encode(RECIPIENT_HRP, point), privateKey, point, secret };
}

/** The identity a recovery phrase (or an identity file's key line) gives, or why the text is not one. */
export function parseIdentity(phrase: string): AgeIdentity | { error: string } {
  const text = phrase.trim();
  const decoded = bech32Decode(text);
  if ('error' in decoded) return { error: `it is not a recovery phrase: ${decoded.error}` };
  if (decoded.hrp !== SECRET_HRP || decoded.bytes.length !== 32) return { error: 'it is not a recovery phrase: one starts with AGE-SECRET-KEY-1' };
  return identityOf(Buffer.from(decoded.bytes));
}

/** The 32-byte point of an `age1…` recipient, or undefined when the text is not one. */
export function recipientPoint(recipient: string): Buffer | undefined {
  const decoded = bech32Decode(recipient);
  return 'error' in decoded || decoded.hrp !== RECIPIENT_HRP || decoded.bytes.length !== 32 ? undefined : Buffer.from(decoded.bytes);
}
