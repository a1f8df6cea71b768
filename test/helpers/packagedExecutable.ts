// The single executable as a user has it: built by bin/package-executable.js, copied to a folder outside
// the repository, run with a PATH that has no node and no Node variables.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const repo = path.resolve(__dirname, '../..');
const { executableName } = require('../../bin/package-executable.js') as { executableName: (platform: string, arch: string) => string };

export interface PackagedExecutable {
  /** The copy: `<dir>/app/threefold`, alone in its folder. */
  executable: string;
  /** The environment it runs in: PATH with a few shell tools and no node, HOME in `dir`. */
  env: NodeJS.ProcessEnv;
}

/** Builds the executable from dist/helper/threefold.js (`npm run build` first) and copies it into `dir`. */
export function packagedExecutable(dir: string): PackagedExecutable {
  if (!fs.existsSync(path.join(repo, 'dist/helper/threefold.js'))) throw new Error('dist/helper/threefold.js is missing: run `npm run build` first');
  const packaged = spawnSync(process.execPath, [path.join(repo, 'bin/package-executable.js')], { cwd: repo, encoding: 'utf8' });
  if (packaged.status !== 0) throw new Error(`bin/package-executable.js failed (${packaged.status}):\n${packaged.stdout}\n${packaged.stderr}`);
  const executable = path.join(dir, 'app', 'threefold');
  fs.mkdirSync(path.dirname(executable), { recursive: true });
  fs.copyFileSync(path.join(repo, 'dist/downloads', executableName(process.platform, process.arch)), executable);
  fs.chmodSync(executable, 0o755);
  const tools = path.join(dir, 'tools');
  fs.mkdirSync(tools);
  for (const tool of ['sh', 'ls', 'cat']) fs.symlinkSync(path.join('/bin', tool), path.join(tools, tool));
  return { executable, env: { PATH: tools, HOME: path.join(dir, 'user'), TMPDIR: dir } };
}

/** Runs it to the end, from its own folder. */
export function runExecutable(
  packaged: PackagedExecutable,
  args: readonly string[],
  extraEnv: NodeJS.ProcessEnv = {},
): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(packaged.executable, args, {
    cwd: path.dirname(packaged.executable),
    env: { ...packaged.env, ...extraEnv },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** `threefold <args>` as a long-running process; resolves with its port once it says where it listens. */
export async function startExecutable(
  packaged: PackagedExecutable,
  args: readonly string[],
): Promise<{ child: ChildProcess; port: number; log: () => string }> {
  const child = spawn(packaged.executable, args, { cwd: path.dirname(packaged.executable), env: packaged.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const m = /127\.0\.0\.1:(\d+)/.exec(stdout);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`the executable exited (${code}) before listening:\n${stderr}`)));
  });
  return { child, port, log: () => stderr };
}
