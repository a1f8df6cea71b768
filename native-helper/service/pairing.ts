import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { Catalog } from '../catalog/catalog';

/** Letters and digits a person cannot misread (no 0/O, 1/I/L, U): Crockford's base 32. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'.replace(/[01]/g, '');
const CODE_LENGTH = 8;
export const PAIRING_CODE_MINUTES = 5;
/** Wrong codes tolerated before every outstanding code is void. */
const PAIRING_ATTEMPTS = 10;

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/** `ABCD-EFGH`, typed by hand into the panel: case, spaces and dashes do not matter. */
export function newPairingCode(catalog: Catalog, now = new Date()): { code: string; expiresAt: Date } {
  let raw = '';
  for (let i = 0; i < CODE_LENGTH; i++) raw += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  const expiresAt = new Date(now.getTime() + PAIRING_CODE_MINUTES * 60_000);
  catalog.pairing.addCode(sha256(raw), expiresAt, PAIRING_ATTEMPTS);
  return { code: `${raw.slice(0, 4)}-${raw.slice(4)}`, expiresAt };
}

/** A live code buys a token (256 random bits); only its hash is stored. Null for a wrong or spent code. */
export function exchangePairingCode(catalog: Catalog, code: string, client: string, now = new Date()): string | null {
  const raw = code.toUpperCase().replace(/[\s-]/g, '');
  if (!catalog.pairing.consumeCode(sha256(raw), now)) return null;
  const token = randomBytes(32).toString('base64url');
  catalog.pairing.addToken(sha256(token), client);
  return token;
}

export function tokenIsValid(catalog: Catalog, token: string): boolean {
  return catalog.pairing.hasToken(sha256(token));
}

export function recordTokenUse(catalog: Catalog, token: string): void {
  catalog.pairing.touchToken(sha256(token));
}

/**
 * A token for a client on this machine that can read the catalog anyway (the CLI watching the helper's
 * jobs): no pairing code needed; it is removed when the client is done.
 */
export function issueLocalToken(catalog: Catalog, client: string): { token: string; revoke(): void } {
  const token = randomBytes(32).toString('base64url');
  catalog.pairing.addToken(sha256(token), client);
  return { token, revoke: () => catalog.pairing.removeToken(sha256(token)) };
}
