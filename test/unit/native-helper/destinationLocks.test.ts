import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { acquireDestinationLocks } from '../../../native-helper/engine/destinationLocks';
import { makeTempDir } from '../../helpers/tempDir';

let temp: ReturnType<typeof makeTempDir>;
let locks: string;
beforeEach(() => {
  temp = makeTempDir();
  locks = path.join(temp.dir, 'locks');
});
afterEach(() => temp.cleanup());

const destinations = (...names: string[]) => new Map(names.map((n) => [n, `local:/mnt/${n}`]));
const lockFiles = () => (fs.existsSync(locks) ? fs.readdirSync(locks).sort() : []);
const holders = () => lockFiles().map((f) => fs.readFileSync(path.join(locks, f), 'utf8'));

/** Settles within `ms`? (A promise that is still waiting for a lock does not.) */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const timeout = new AbortController();
  const expired = sleep(ms, false, { signal: timeout.signal }).catch(() => true);
  const settled = await Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    expired,
  ]);
  timeout.abort();
  return settled;
}

/** The name of a destination's lock file (taken and released once). */
async function lockFileOf(name: string): Promise<string> {
  const release = await acquireDestinationLocks(temp.dir, destinations(name));
  const [file] = lockFiles();
  await release();
  return file!;
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  return child.pid!;
}

describe('acquireDestinationLocks', () => {
  it('writes one lock file per destination naming this process, and removes them on release', async () => {
    const release = await acquireDestinationLocks(temp.dir, destinations('raid', 'hdd', 'nas'));
    expect(lockFiles()).toHaveLength(3);
    expect(lockFiles().every((f) => f.endsWith('.lock'))).toBe(true);
    expect(holders()).toEqual([String(process.pid), String(process.pid), String(process.pid)]);
    await release();
    expect(lockFiles()).toEqual([]);
  });

  it('an overlapping set waits for the holder, told once, then gets the locks', async () => {
    const releaseFirst = await acquireDestinationLocks(temp.dir, destinations('raid', 'hdd'));
    const waits: [string, number][] = [];
    const second = acquireDestinationLocks(temp.dir, destinations('hdd', 'nas'), { onWait: (name, pid) => waits.push([name, pid]) });
    expect(await settlesWithin(second, 400)).toBe(false);
    expect(waits).toEqual([['hdd', process.pid]]);

    await releaseFirst();
    const releaseSecond = await second;
    expect(waits).toHaveLength(1);
    expect(lockFiles()).toHaveLength(2); // hdd and nas, now the second's
    await releaseSecond();
    expect(lockFiles()).toEqual([]);
  });

  it('a disjoint set does not wait', async () => {
    const releaseFirst = await acquireDestinationLocks(temp.dir, destinations('raid'));
    const onWait = jest.fn();
    const second = acquireDestinationLocks(temp.dir, destinations('hdd', 'nas'), { onWait });
    expect(await settlesWithin(second, 2000)).toBe(true);
    expect(onWait).not.toHaveBeenCalled();
    expect(lockFiles()).toHaveLength(3);
    await (await second)();
    await releaseFirst();
  });

  it.each<[string, (pid: number) => string]>([
    ['a dead process', (pid) => String(pid)],
    ['a process that died while writing it', () => ''],
  ])('a lock left by %s is taken over at once', async (_, content) => {
    const dead = await deadPid();
    fs.writeFileSync(path.join(locks, await lockFileOf('raid')), content(dead)); // left behind

    const onWait = jest.fn();
    const taking = acquireDestinationLocks(temp.dir, destinations('raid'), { onWait });
    expect(await settlesWithin(taking, 2000)).toBe(true);
    expect(onWait).not.toHaveBeenCalled();
    expect(holders()).toEqual([String(process.pid)]);
    await (await taking)();
  });

  it('an abort stops the wait with an AbortError and releases the locks it had taken', async () => {
    const names = ['a', 'b', 'c', 'd', 'e'];
    const files = new Map<string, string>();
    for (const name of names) files.set(name, await lockFileOf(name));
    // Locks are taken in one global order: make the busy one the last, so the waiter holds the others.
    const busy = names.reduce((a, b) => (files.get(a)!.localeCompare(files.get(b)!) > 0 ? a : b));
    const releaseFirst = await acquireDestinationLocks(temp.dir, destinations(busy));
    const controller = new AbortController();
    let waiting!: () => void;
    const told = new Promise<void>((resolve) => (waiting = resolve));
    const second = acquireDestinationLocks(temp.dir, destinations(...names), { onWait: () => waiting(), signal: controller.signal });
    await told;
    expect(lockFiles()).toEqual([...files.values()].sort());
    controller.abort();
    await expect(second).rejects.toMatchObject({ name: 'AbortError' });
    expect(lockFiles()).toEqual([files.get(busy)]);
    expect(holders()).toEqual([String(process.pid)]);
    await releaseFirst();
    expect(lockFiles()).toEqual([]);
  });

  it('an already aborted signal takes nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(acquireDestinationLocks(temp.dir, destinations('raid', 'hdd'), { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(lockFiles()).toEqual([]);
  });

  it('two destination names for one URL take one lock: a job never waits for itself', async () => {
    const timeout = AbortSignal.timeout(2000);
    const release = await acquireDestinationLocks(
      temp.dir,
      new Map([
        ['b2', 's3:aws/bucket/p'],
        ['b2-again', 's3:aws/bucket/p'],
      ]),
      { signal: timeout },
    );
    expect(lockFiles()).toHaveLength(1);
    await release();
    expect(lockFiles()).toEqual([]);
  });
});
