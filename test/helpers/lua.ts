import { spawn } from 'node:child_process';
import path from 'node:path';

export const PLUGIN_DIR = path.resolve(__dirname, '../../lightroom/Threefold.lrplugin');
const LUA_TESTS = path.resolve(__dirname, '../lua');

export interface LuaRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a Lua file with Debian's lua5.1 (the language version Lightroom Classic embeds), finding the
 * plug-in's modules and the Lua test helpers by `require`. `script` is a file of test/lua/, or Lua code
 * given with `-e` when `code` is set.
 */
export function runLua(script: string, args: readonly string[] = [], options: { code?: boolean } = {}): Promise<LuaRun> {
  const argv = options.code ? ['-e', script] : [path.join(LUA_TESTS, script), ...args];
  const child = spawn('lua5.1', argv, {
    cwd: PLUGIN_DIR,
    env: { ...process.env, LUA_PATH: `${PLUGIN_DIR}/?.lua;${LUA_TESTS}/?.lua;;` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
