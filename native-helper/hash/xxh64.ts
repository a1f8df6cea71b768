// The package's types are ESM-only, its CommonJS build exports the same factory.
const xxhash = require('xxhash-wasm') as typeof import('xxhash-wasm', { with: { 'resolution-mode': 'import' }}).default;

/** Streaming XXH64 (seed 0), digest as `xxhsum -H1` prints it: lowercase, canonical big-endian hex. */
export interface Xxh64 {
  update(chunk: Uint8Array): void;
  digestHex(): string;
}

let api: ReturnType<typeof xxhash> | undefined;

export async function createXxh64(): Promise<Xxh64> {
  api ??= xxhash();
  const { create64 } = await api;
  const state = create64();
  return {
    update(chunk) {
      state.update(chunk);
    },
    digestHex() {
      return state.digest().toString(16).padStart(16, '0');
    },
  };
}
