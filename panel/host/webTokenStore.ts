/** The pairing token in the browser build: localStorage (UXP's secureStorage is Premiere's; uxpTokenStore.ts). */
import type { TokenStore } from './host';

export const WEB_TOKEN_KEY = 'threefold.token';

/** The part of the Web Storage interface the store uses. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export class WebTokenStore implements TokenStore {
  constructor(private readonly storage: KeyValueStorage = globalThis.localStorage) {}

  async get(): Promise<string | null> {
    return this.storage.getItem(WEB_TOKEN_KEY) || null;
  }

  async set(token: string): Promise<void> {
    this.storage.setItem(WEB_TOKEN_KEY, token);
  }

  async clear(): Promise<void> {
    this.storage.removeItem(WEB_TOKEN_KEY);
  }
}
