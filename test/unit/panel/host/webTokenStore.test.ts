/** @jest-environment jsdom */
import { WEB_TOKEN_KEY, WebTokenStore } from '../../../../panel/host/webTokenStore';

describe('WebTokenStore (jsdom localStorage)', () => {
  beforeEach(() => localStorage.clear());

  it('keeps the token in localStorage under threefold.token', async () => {
    const store = new WebTokenStore();
    expect(await store.get()).toBeNull();
    await store.set('tok_EN-1');
    expect(localStorage.getItem(WEB_TOKEN_KEY)).toBe('tok_EN-1');
    expect(WEB_TOKEN_KEY).toBe('threefold.token');
    expect(await new WebTokenStore().get()).toBe('tok_EN-1');
  });

  it('clears it, and clearing twice is fine', async () => {
    const store = new WebTokenStore(localStorage);
    await store.set('t');
    await store.clear();
    await store.clear();
    expect(await store.get()).toBeNull();
    expect(localStorage.length).toBe(0);
  });

  it('treats an empty stored value as no token', async () => {
    localStorage.setItem(WEB_TOKEN_KEY, '');
    expect(await new WebTokenStore().get()).toBeNull();
  });
});
