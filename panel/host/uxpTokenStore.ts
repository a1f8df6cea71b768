/**
 * The pairing token inside Premiere: UXP's secureStorage (encrypted under the user's account). Adobe calls
 * it a cache that can lose its data: a token that cannot be read is no token, and the editor pairs again.
 * Import it from the UXP entry only: the browser build has no `uxp` module.
 */
import type { TokenStore } from './host';

export const UXP_TOKEN_KEY = 'threefold.token';

/** The part of UXP's SecureStorage the store uses (uxpTypes.d.ts). */
export interface SecureStorageLike {
  getItem(key: string): Promise<Uint8Array>;
  setItem(key: string, value: string): Promise<void>;
  removeItem(key: string): Promise<void>;
}

/**
 * Where the `uxp` module keeps secureStorage: Adobe's reference documents `require('uxp').storage.secureStorage`,
 * @adobe/cc-ext-uxp-types declares `require('uxp').secureStorage`; the documented place first.
 */
export function secureStorageOf(uxp: {
  readonly storage?: { readonly secureStorage?: SecureStorageLike };
  readonly secureStorage?: SecureStorageLike;
}): SecureStorageLike {
  const found = uxp.storage?.secureStorage ?? uxp.secureStorage;
  if (!found) throw new Error('this UXP has no secureStorage');
  return found;
}

/**
 * The token from what secureStorage returned: bytes (as documented), or a string (what was stored). Tokens
 * are base64url ASCII; anything else (nothing stored, other bytes) is no token.
 */
export function tokenFromStored(stored: unknown): string | null {
  let text: string;
  if (typeof stored === 'string') text = stored;
  else if (stored instanceof Uint8Array) text = ascii(stored);
  else if (stored instanceof ArrayBuffer) text = ascii(new Uint8Array(stored));
  else return null;
  return TOKEN.test(text) ? text : null;
}

/** A token as the helper issues them (base64url), no longer than the protocol's `hello.token` allows. */
const TOKEN = /^[A-Za-z0-9_-]{1,200}$/;

function ascii(bytes: Uint8Array): string {
  // Bytes beyond the longest token cannot be one: not decoded (and no huge argument list).
  return bytes.length > 200 ? '' : String.fromCharCode(...bytes);
}

export class UxpTokenStore implements TokenStore {
  constructor(private readonly storage: SecureStorageLike = secureStorageOf(require('uxp'))) {}

  async get(): Promise<string | null> {
    try {
      return tokenFromStored(await this.storage.getItem(UXP_TOKEN_KEY));
    } catch {
      return null; // nothing stored under the key, or the store lost it
    }
  }

  async set(token: string): Promise<void> {
    await this.storage.setItem(UXP_TOKEN_KEY, token);
  }

  async clear(): Promise<void> {
    try {
      await this.storage.removeItem(UXP_TOKEN_KEY);
    } catch (error) {
      // removeItem also rejects when nothing was stored: only a token still there is a failure.
      if ((await this.get()) !== null) throw error;
    }
  }
}
