import fs from 'node:fs/promises';
import path from 'node:path';
import { acquireLockFile } from '../system/lockFile';

/**
 * Runs a read-modify-write of config.json alone: the CLI and the helper (and two requests inside the
 * helper) may add or remove destinations at the same moment.
 */
export async function withConfigLock<T>(home: string, change: () => Promise<T>): Promise<T> {
  const dir = path.join(home, 'locks');
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const release = await acquireLockFile(path.join(dir, 'config.lock'));
  try {
    return await change();
  } finally {
    await release();
  }
}
