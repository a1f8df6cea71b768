import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { acquireLockFile } from '../system/lockFile';

export interface DestinationLockWait {
  /** Told once per busy destination, when the job starts to wait for it. */
  onWait?(destination: string, holderPid: number): void;
  /** Gives up waiting (cancel). */
  signal?: AbortSignal;
}

/**
 * One job writes to a destination at a time, across processes (the CLI and the helper): jobs run in
 * order per destination, and a destination's temporary names are never shared by two writers. A job
 * waits for the destinations another job holds; a lock left by a killed process is taken over. Locks
 * are taken in one global order, so two jobs never wait for each other.
 */
export async function acquireDestinationLocks(
  home: string,
  destinationUrls: ReadonlyMap<string, string>,
  wait: DestinationLockWait = {},
): Promise<() => Promise<void>> {
  const dir = path.join(home, 'locks');
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  // One lock per place: two names for the same URL must not make a job wait for itself.
  const byFile = new Map(
    [...destinationUrls].map(([name, url]) => [path.join(dir, `${createHash('sha256').update(url).digest('hex').slice(0, 16)}.lock`), name]),
  );
  const wanted = [...byFile].sort(([a], [b]) => a.localeCompare(b));
  const releases: Array<() => Promise<void>> = [];
  const release = async (): Promise<void> => {
    await Promise.all(releases.map((r) => r()));
  };
  try {
    for (const [file, name] of wanted) {
      releases.push(
        await acquireLockFile(file, {
          ...(wait.signal ? { signal: wait.signal } : {}),
          ...(wait.onWait ? { onWait: (pid: number) => wait.onWait!(name, pid) } : {}),
        }),
      );
    }
  } catch (error) {
    await release();
    throw error;
  }
  return release;
}
