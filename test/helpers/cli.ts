import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import path from 'node:path';

export const BIN = path.resolve(__dirname, '../../bin/threefold.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (`npm test` builds it first) as a user would, with its own home. */
export function runCli(home: string, args: readonly string[], options: SpawnSyncOptions = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    ...options,
    env: { ...process.env, THREEFOLD_HOME: home, ...(options.env ?? {}) },
  });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

export function runCliJson<T>(home: string, args: readonly string[], options: SpawnSyncOptions = {}): { code: number; json: T; stderr: string } {
  const r = runCli(home, [...args, '--json'], options);
  let json: T;
  try {
    json = JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
  return { code: r.code, json, stderr: r.stderr };
}

/** Like runCli, without blocking this process (a server or proxy in the test keeps serving meanwhile). */
export function runCliAsync(home: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, THREEFOLD_HOME: home, ...(options.env ?? {}) } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
