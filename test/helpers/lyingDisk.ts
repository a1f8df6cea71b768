import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Debian's python3, which has Debian's fusepy (the pyenv python3 on PATH may not). */
const PYTHON = '/usr/bin/python3';
const SCRIPT = path.join(__dirname, 'lyingDisk.py');
const INSTALL = "install Debian's fuse3 and python3-fusepy (apt-get install fuse3 python3-fusepy; .ci/run does) and make /dev/fuse available";

export interface LyingDisk {
  /** Where it is mounted: files written here land in `backing`. */
  mountpoint: string;
  backing: string;
  unmount(): Promise<void>;
}

/**
 * Mounts test/helpers/lyingDisk.py (a FUSE loopback) over `backing` at `mountpoint`: files whose name
 * contains `corrupt` are stored with their first byte changed while the page cache keeps the written
 * bytes; with `refuseDirect`, every byte is stored as written and direct I/O is refused instead (with
 * `refuseDirectReads`, direct opens are taken and their reads refused); with
 * `failing`, once a file `.fail-now` is at the backing folder's top, any path containing it fails with EIO.
 * Throws, saying what to install, where FUSE is not available: the tests that need it never skip.
 */
export async function mountLyingDisk(
  backing: string,
  mountpoint: string,
  options: { corrupt?: string; refuseDirect?: boolean; refuseDirectReads?: boolean; failing?: string } = {},
): Promise<LyingDisk> {
  const probe = spawnSync(PYTHON, ['-c', 'import fusepy'], { encoding: 'utf8' });
  if (probe.status !== 0)
    throw new Error(`the lying-disk tests need FUSE from Python: ${PYTHON} cannot import fusepy (${(probe.stderr || String(probe.error)).trim()}); ${INSTALL}`);
  if (spawnSync('fusermount3', ['-V']).error) throw new Error(`the lying-disk tests need fusermount3: ${INSTALL}`);
  fs.mkdirSync(backing, { recursive: true });
  fs.mkdirSync(mountpoint, { recursive: true });
  // No file name contains '/': nothing is corrupted unless asked.
  const args = [
    SCRIPT,
    backing,
    mountpoint,
    options.corrupt ?? '/',
    ...(options.refuseDirect ? ['--refuse-direct'] : []),
    ...(options.refuseDirectReads ? ['--refuse-direct-reads'] : []),
    ...(options.failing ? ['--failing', options.failing] : []),
  ];
  const child = spawn(PYTHON, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const unmount = async (): Promise<void> => {
    if (child.exitCode === null) {
      spawnSync('fusermount3', ['-u', '-z', mountpoint]);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
  };
  // Mounted once the mountpoint is on another device than its parent.
  const parentDevice = fs.statSync(path.dirname(mountpoint)).dev;
  for (const started = Date.now(); Date.now() - started < 10_000; await new Promise((r) => setTimeout(r, 50))) {
    if (child.exitCode !== null) break;
    if (fs.statSync(mountpoint).dev !== parentDevice) return { mountpoint, backing, unmount };
  }
  await unmount();
  throw new Error(`the lying disk did not mount at ${mountpoint}: ${stderr.trim() || 'no message'}; ${INSTALL}`);
}
