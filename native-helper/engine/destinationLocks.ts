import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { UserError } from '../errors';
import { isProcessAlive } from '../system/isProcessAlive';

const POLL_MS = 100;

export interface LockWait {
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
export async function acquireDestinationLocks(home: string, destinationUrls: ReadonlyMap<string, string>, wait: LockWait = {}): Promise<() => Promise<void>> {
  const dir = path.join(home, 'locks');
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const wanted = [...destinationUrls].map(([name, url]) => ({ name, file: path.join(dir, `${createHash('sha256').update(url).digest('hex').slice(0, 16)}.lock`) }));
  wanted.sort((a, b) => a.file.localeCompare(b.file));
  const held: string[] = [];
  const release = async (): Promise<void> => {
    await Promise.all(held.map((file) => fs.rm(file, { force: true })));
  };
  try {
    for (const { name, file } of wanted) {
      await acquireOne(file, name, wait);
      held.push(file);
    }
  } catch (error) {
    await release();
    throw error;
  }
  return release;
}

async function acquireOne(file: string, destination: string, wait: LockWait): Promise<void> {
  let told = false;
  for (;;) {
    wait.signal?.throwIfAborted();
    try {
      await fs.writeFile(file, String(process.pid), { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new UserError(`cannot take the lock ${file}: ${(error as Error).message}`);
    }
    const holder = Number((await fs.readFile(file, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(holder) && holder > 0 && isProcessAlive(holder)) {
      if (!told) wait.onWait?.(destination, holder);
      told = true;
      await sleep(POLL_MS, undefined, wait.signal ? { signal: wait.signal } : {});
    } else {
      // Left by a process that is gone (or half written by one that died): take it over, unless another
      // waiter just did (the file no longer names the dead process).
      const again = Number((await fs.readFile(file, 'utf8').catch(() => '')).trim());
      if (again === holder) await fs.rm(file, { force: true });
    }
  }
}
