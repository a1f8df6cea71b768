import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh folder under the system temp dir, removed by `cleanup` (call it in afterEach/afterAll). */
export function makeTempDir(label = 'threefold-test-'): { dir: string; cleanup: () => void } {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), label)));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Deterministic pseudo-random bytes (fast, reproducible across runs). */
export function pseudoRandomBytes(size: number, seed = 1): Buffer {
  const buffer = Buffer.allocUnsafe(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i + 4 <= size; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    buffer.writeUInt32LE(x >>> 0, i);
  }
  for (let i = size - (size % 4); i < size; i++) buffer[i] = i & 0xff;
  return buffer;
}

export function writeFile(file: string, content: string | Buffer): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

/** `use` with the file open for reading by descriptor; closed after, whatever happens. */
export async function withOpenFile<T>(file: string, use: (fd: number) => Promise<T>): Promise<T> {
  const handle = await fs.promises.open(file, 'r');
  try {
    return await use(handle.fd);
  } finally {
    await handle.close();
  }
}
