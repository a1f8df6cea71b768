import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
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
