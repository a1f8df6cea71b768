import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatBytes } from '../src/format/formatBytes';
import { loadConfig, saveConfig } from '../native-helper/config/config';
import type { Run } from './report';

export type Measurement = Run;

/**
 * Runs a command as a child process and measures its wall time; a Node child of ours (or one preloaded
 * with peakRssOnExit.ts) prints its own peak RSS as the last stderr line `peak-rss <bytes>`. A child that
 * prints `work-seconds <s>` (hashChild.ts) is timed by that instead: its work without Node's start.
 */
export function measure(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${stderr}`));
      const rss = /peak-rss (\d+)\s*$/.exec(stderr);
      const work = /^work-seconds ([\d.]+)$/m.exec(stderr);
      resolve({ seconds: work ? Number(work[1]) : seconds, peakRssBytes: rss ? Number(rss[1]) : null });
    });
  });
}

/**
 * `runs` rounds of every side, the order reversed each round (A B C, C B A, …): on a shared machine a
 * burst of someone else's load then falls on all sides rather than on all the runs of one. Result [side][round].
 */
export async function runRounds(runs: number, sides: ReadonlyArray<() => Promise<Measurement>>): Promise<Measurement[][]> {
  const results = sides.map((): Measurement[] => []);
  for (let round = 0; round < runs; round += 1) {
    const order = sides.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) results[i]!.push(await sides[i]!());
  }
  return results;
}

/** `bin/threefold.js --home HOME protect TARGET`, the CLI as a user runs it, reporting its peak RSS. */
export function threefoldProtect(home: string, target: string, env: NodeJS.ProcessEnv = {}): Promise<Measurement> {
  const cli = path.resolve(__dirname, '../../bin/threefold.js');
  return measure(process.execPath, ['-r', path.join(__dirname, 'peakRssOnExit.js'), cli, '--home', home, 'protect', target], env);
}

/** A fresh Threefold home whose destinations are these local folders (created). */
export async function homeWithLocalDestinations(home: string, folders: readonly string[]): Promise<void> {
  for (const f of folders) fs.mkdirSync(f, { recursive: true });
  await saveConfig(home, {
    ...(await loadConfig(home)),
    destinations: folders.map((f, i) => ({ name: `d${i}`, kind: 'local' as const, path: f, media: `m${i}`, offsite: false })),
  });
}

/**
 * Runs that each copy to two fresh local folders under `root`: `fresh(label)` names a new pair, and
 * `threefoldToTwo(source)` protects `source` to a new pair from a fresh home, then removes all of it.
 */
export function twoFolderRuns(root: string): { fresh: (label: string) => string[]; threefoldToTwo: (source: string) => Promise<Measurement> } {
  let run = 0;
  const fresh = (label: string): string[] => {
    run += 1;
    return ['a', 'b'].map((d) => path.join(root, `${label}-${run}${d}`));
  };
  const threefoldToTwo = async (source: string): Promise<Measurement> => {
    const dests = fresh('threefold');
    const home = `${dests[0]}-home`;
    await homeWithLocalDestinations(home, dests);
    const m = await threefoldProtect(home, source);
    removeAll(home, ...dests);
    return m;
  };
  return { fresh, threefoldToTwo };
}

export function removeAll(...paths: string[]): void {
  for (const p of paths) fs.rmSync(p, { recursive: true, force: true });
}

/** A file of `size` bytes that does not compress or dedupe (each 4 KiB block differs). */
export function writePatterned(file: string, size: number, seed: number): void {
  const block = Buffer.alloc(Math.min(size, 4 * 1024 * 1024));
  const fd = fs.openSync(file, 'w');
  try {
    for (let written = 0; written < size; written += block.length) {
      for (let j = 0; j < block.length; j += 4096) block.writeUInt32LE((seed * 7919 + written + j) >>> 0, j);
      fs.writeSync(fd, block, 0, Math.min(block.length, size - written));
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** `count` patterned files of `size` bytes in `folder`, in subfolders of 1,000 as cameras write them. */
export function writeFolderOfFiles(folder: string, count: number, size: number, prefix: string): void {
  for (let i = 0; i < count; i += 1) {
    const sub = path.join(folder, `${String(Math.floor(i / 1000)).padStart(3, '0')}`);
    if (i % 1000 === 0) fs.mkdirSync(sub, { recursive: true });
    writePatterned(path.join(sub, `${prefix}${String(i).padStart(6, '0')}`), size, i + 2);
  }
}

/**
 * Installs what a baseline needs from Debian's packages when its command is missing (as .ci/run does):
 * `apt-get install -y` only then, and says so.
 */
export function ensureCommands(packageOf: Readonly<Record<string, string>>, say: (line: string) => void): void {
  const missing = Object.entries(packageOf).filter(([command]) => !onPath(command));
  if (missing.length === 0) return;
  const packages = [...new Set(missing.flatMap(([, p]) => p.split(' ')))];
  say(`installing ${packages.join(' ')} from Debian's packages (missing: ${missing.map(([c]) => c).join(', ')})…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
}

function onPath(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** "2 cores (AMD EPYC), 25.3 GB RAM, Node v20.20.2; temp dir /tmp on /dev/vda (ext4; /sys/block/vda/queue/rotational: 1)". */
export function describeMachine(dir: string): string {
  const cpus = os.cpus();
  const fsLine = (() => {
    try {
      const [source, fstype] = execFileSync('findmnt', ['-no', 'SOURCE,FSTYPE', '-T', dir], { encoding: 'utf8' }).trim().split(/\s+/);
      const device = path.basename(source ?? '');
      const rotational = readIfExists(`/sys/block/${device}/queue/rotational`);
      return `${source} (${fstype}${rotational === undefined ? '' : `; /sys/block/${device}/queue/rotational: ${rotational}`})`;
    } catch {
      return 'an unknown file system';
    }
  })();
  return `${cpus.length} cores (${cpus[0]?.model.trim() ?? '?'}), ${formatBytes(os.totalmem())} RAM, Node ${process.version}; temp dir ${path.dirname(dir)} on ${fsLine}`;
}

/** The 1-minute load average, the number of runnable processes the cores were shared with. */
export function loadAverage(): string {
  return os.loadavg()[0]!.toFixed(1);
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}
