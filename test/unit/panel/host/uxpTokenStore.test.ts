import { secureStorageOf, tokenFromStored, UXP_TOKEN_KEY, UxpTokenStore, type SecureStorageLike } from '../../../../panel/host/uxpTokenStore';

/**
 * UXP's secureStorage as Adobe documents it (Premiere cannot run here): getItem resolves bytes, removeItem
 * rejects "when the value is neither removed nor found". `failing` makes every call reject.
 */
class DocumentedSecureStorage implements SecureStorageLike {
  readonly values = new Map<string, Uint8Array>();
  failing = false;

  async getItem(key: string): Promise<Uint8Array> {
    this.check();
    const value = this.values.get(key);
    if (!value) throw new Error('not found');
    return value;
  }

  async setItem(key: string, value: string): Promise<void> {
    this.check();
    if (value === '') throw new Error('empty value');
    this.values.set(
      key,
      Uint8Array.from(value, (c) => c.charCodeAt(0)),
    );
  }

  async removeItem(key: string): Promise<void> {
    this.check();
    if (!this.values.delete(key)) throw new Error('not found');
  }

  private check(): void {
    if (this.failing) throw new Error('secure storage unavailable');
  }
}

const TOKEN = 'Vb3x_Qm-9sKd0aZ2yTn4LwP7rE1uJc6hGf8iOoXkYqA'; // 32 random bytes as the helper encodes them

describe('tokenFromStored', () => {
  it('decodes the bytes secureStorage returns, or a string', () => {
    expect(tokenFromStored(new TextEncoder().encode(TOKEN))).toBe(TOKEN);
    expect(tokenFromStored(new TextEncoder().encode(TOKEN).buffer)).toBe(TOKEN);
    expect(tokenFromStored(TOKEN)).toBe(TOKEN);
  });

  it('is null for nothing stored or for what cannot be a token', () => {
    for (const stored of [null, undefined, 42, {}, '', new Uint8Array(), 'has space', 'ünïcode', new TextEncoder().encode('a'.repeat(201))]) {
      expect(tokenFromStored(stored)).toBeNull();
    }
    expect(tokenFromStored('a'.repeat(200))).toBe('a'.repeat(200));
  });
});

describe('secureStorageOf', () => {
  const storage = new DocumentedSecureStorage();
  const other = new DocumentedSecureStorage();

  it('takes the documented require("uxp").storage.secureStorage first, else the typed require("uxp").secureStorage', () => {
    expect(secureStorageOf({ storage: { secureStorage: storage }, secureStorage: other })).toBe(storage);
    expect(secureStorageOf({ storage: {}, secureStorage: other })).toBe(other);
    expect(secureStorageOf({ secureStorage: other })).toBe(other);
  });

  it('says so when there is none', () => {
    expect(() => secureStorageOf({ storage: {} })).toThrow(/no secureStorage/);
  });
});

describe('UxpTokenStore', () => {
  it('keeps the token under threefold.token', async () => {
    const storage = new DocumentedSecureStorage();
    const store = new UxpTokenStore(storage);
    expect(await store.get()).toBeNull();
    await store.set(TOKEN);
    expect([...storage.values.keys()]).toEqual([UXP_TOKEN_KEY]);
    expect(await store.get()).toBe(TOKEN);
  });

  it('clears it, and clearing when nothing is stored is fine', async () => {
    const store = new UxpTokenStore(new DocumentedSecureStorage());
    await store.set(TOKEN);
    await store.clear();
    expect(await store.get()).toBeNull();
    await expect(store.clear()).resolves.toBeUndefined();
  });

  it('reads an unreadable store as no token (Adobe: a cache that may lose its data), but reports a failed clear', async () => {
    const storage = new DocumentedSecureStorage();
    const store = new UxpTokenStore(storage);
    await store.set(TOKEN);
    storage.failing = true;
    expect(await store.get()).toBeNull();
    // The token cannot be read back either, so the failed removal counts as done: pairing again replaces it.
    await expect(store.clear()).resolves.toBeUndefined();
  });

  it('reports a clear that left the token in place', async () => {
    const storage = new DocumentedSecureStorage();
    const store = new UxpTokenStore(storage);
    await store.set(TOKEN);
    storage.removeItem = async () => {
      throw new Error('locked');
    };
    await expect(store.clear()).rejects.toThrow('locked');
  });

  it('passes on a failure to store', async () => {
    const storage = new DocumentedSecureStorage();
    storage.failing = true;
    await expect(new UxpTokenStore(storage).set(TOKEN)).rejects.toThrow('unavailable');
  });
});
