import { createHash, randomBytes } from 'node:crypto';
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
  // One lock per place: two names for the same URL must not make a job wait for itself.
  const byFile = new Map([...destinationUrls].map(([name, url]) => [path.join(dir, `${createHash('sha256').update(url).digest('hex').slice(0, 16)}.lock`), name]));
  const wanted = [...byFile].map(([file, name]) => ({ name, file })).sort((a, b) => a.file.localeCompare(b.file));
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
    if (await createWithPid(file)) return;
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

/**
 * Creates the lock file with this process's id already in it (written aside, then linked into place,
 * which fails if it exists): nobody ever reads a lock file without its owner.
 */
async function createWithPid(file: string): Promise<boolean> {
  const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await fs.writeFile(aside, String(process.pid));
  try {
    await fs.link(aside, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new UserError(`cannot take the lock ${file}: ${(error as Error).message}`);
  } finally {
    await fs.rm(aside, { force: true });
  }
}
