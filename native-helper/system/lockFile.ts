import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { UserError } from '../errors';
import { isProcessAlive } from './isProcessAlive';

const POLL_MS = 100;
/** A takeover in progress never lasts this long: a takeover file older than this was left by a killed process. */
const TAKEOVER_STALE_MS = 10_000;

/** Lock files this process holds: one that names this process and is not here was left by an earlier life of its pid. */
const heldHere = new Set<string>();

export interface LockWait {
  /** Told once, when the lock is busy and the caller starts to wait. */
  onWait?(holderPid: number): void;
  /** Gives up waiting (cancel). */
  signal?: AbortSignal;
}

/**
 * An exclusive lock between processes: a file naming its holder's process id. A busy lock is waited
 * for; one left by a process that is gone is taken over, one waiter at a time.
 */
export async function acquireLockFile(file: string, wait: LockWait = {}): Promise<() => Promise<void>> {
  // One contender per file in this process at a time: the pid in a lock file cannot tell this process's
  // holders apart, so a waiter here could take a lock released here for an earlier life's and remove it.
  const before = contenders.get(file);
  let leave!: () => void;
  const turn = new Promise<void>((resolve) => (leave = resolve));
  const queue = (before ?? Promise.resolve()).then(() => turn);
  contenders.set(file, queue);
  const done = (): void => {
    leave();
    if (contenders.get(file) === queue) contenders.delete(file);
  };
  let told = false;
  try {
    if (before !== undefined) {
      wait.onWait?.(process.pid);
      told = true;
      await abortable(before, wait.signal);
    }
  } catch (error) {
    done();
    throw error;
  }
  for (;;) {
    try {
      wait.signal?.throwIfAborted();
    } catch (error) {
      done();
      throw error;
    }
    let created: boolean;
    try {
      created = await createWithPid(file);
    } catch (error) {
      done();
      throw error;
    }
    if (created) {
      heldHere.add(file);
      return async () => {
        try {
          await fs.rm(file, { force: true });
        } finally {
          heldHere.delete(file);
          done();
        }
      };
    }
    const holder = await holderOf(file);
    if (holder !== undefined && isProcessAlive(holder) && (holder !== process.pid || heldHere.has(file))) {
      if (!told) wait.onWait?.(holder);
      told = true;
      await sleep(POLL_MS, undefined, wait.signal ? { signal: wait.signal } : {}).catch((error: unknown) => {
        done();
        throw error;
      });
    } else {
      await takeOver(file, holder).catch((error: unknown) => {
        done();
        throw error;
      });
    }
  }
}

/** This process's contenders for each lock file, in turn: each waits for the one before to release. */
const contenders = new Map<string, Promise<void>>();

function abortable(waitFor: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return waitFor;
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    waitFor.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}

/**
 * Removes a lock left by a process that is gone. Two waiters may find it at once: the takeover file lets
 * one of them check again and remove it, so nobody removes a lock another waiter has just taken.
 */
async function takeOver(file: string, deadHolder: number | undefined): Promise<void> {
  const takeover = `${file}.takeover`;
  if (!(await createWithPid(takeover))) {
    const st = await fs.stat(takeover).catch(() => undefined);
    if (st && Date.now() - st.mtimeMs > TAKEOVER_STALE_MS) await fs.rm(takeover, { force: true });
    await sleep(POLL_MS / 10);
    return;
  }
  try {
    if ((await holderOf(file)) === deadHolder) await fs.rm(file, { force: true });
  } finally {
    await fs.rm(takeover, { force: true });
  }
}

/** The holder's process id; undefined for a lock file that is empty or unreadable as a number. */
async function holderOf(file: string): Promise<number | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    // Unreadable is not "free": a live holder's lock must never be taken over for an EMFILE.
    throw new UserError(`cannot read the lock ${file}: ${(error as Error).message}`);
  }
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * Creates the file with this process's id already in it (written aside, then linked into place, which
 * fails if it exists): nobody ever reads a lock file without its owner.
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
