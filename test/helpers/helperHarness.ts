import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { WebSocket } from 'ws';
import { HelperClient } from '../../src/protocol/helperClient';
import type { HelperEvent } from '../../src/protocol/messages';
import { Catalog } from '../../native-helper/catalog/catalog';
import { catalogPath } from '../../native-helper/config/config';
import { newPairingCode } from '../../native-helper/service/pairing';
import { startHelper, type HelperOptions, type RunningHelper } from '../../native-helper/service/helperServer';
import { BIN } from './cli';

/**
 * Turns the helper's scheduled scrub and drill off in the home's config.json, where it does not set them
 * itself: a test that happens to run at 03:00 gets no scrub it did not ask for.
 */
export function withoutScheduledUpkeep(home: string): void {
  const file = path.join(home, 'config.json');
  const config = (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {}) as { automation?: Record<string, unknown> };
  fs.mkdirSync(home, { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, JSON.stringify({ ...config, automation: { scrubCron: null, drillEvery: null, ...config.automation } }, null, 2), { mode: 0o600 });
}

/** The helper in this process, on a home without scheduled upkeep unless its config.json sets it. */
export async function startTestHelper(options: HelperOptions): Promise<RunningHelper> {
  withoutScheduledUpkeep(options.home);
  return startHelper(options);
}

/** A one-time pairing code, as `threefold pair` makes it (straight into the home's catalog). */
export function pairingCode(home: string): string {
  const catalog = Catalog.open(catalogPath(home));
  try {
    return newPairingCode(catalog).code;
  } finally {
    catalog.close();
  }
}

/** A connected client; `headers` stand in for what a browser would send (Origin) or a rebinding attack (Host). */
export async function connect(port: number, headers: Record<string, string> = {}): Promise<HelperClient> {
  return HelperClient.connect(new WebSocket(`ws://127.0.0.1:${port}`, { headers }));
}

/** A client that said hello and paired with a fresh code. */
export async function pairedClient(port: number, home: string, name = 'test'): Promise<{ client: HelperClient; token: string }> {
  const client = await connect(port);
  await client.hello(name);
  const { token } = await client.request('pair', { code: pairingCode(home), client: name });
  return { client, token };
}

/** Every event a client receives, and a way to wait for one. */
export function recordEvents(client: HelperClient): {
  events: HelperEvent[];
  next(match: (e: HelperEvent) => boolean, timeoutMs?: number): Promise<HelperEvent>;
} {
  const events: HelperEvent[] = [];
  const waiters: Array<{ match: (e: HelperEvent) => boolean; resolve: (e: HelperEvent) => void }> = [];
  client.onEvent((e) => {
    events.push(e);
    for (const w of [...waiters]) {
      if (w.match(e)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(e);
      }
    }
  });
  return {
    events,
    next: (match, timeoutMs = 60_000) => {
      const seen = events.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching event within ${timeoutMs} ms (got ${events.map((e) => e.type).join(', ')})`)), timeoutMs);
        waiters.push({
          match,
          resolve: (e) => {
            clearTimeout(timer);
            resolve(e);
          },
        });
      });
    },
  };
}

export interface HelperProcess {
  child: ChildProcess;
  port: number;
  /** What the helper wrote to stderr (its log), for a failure message. */
  log(): string;
  stop(): Promise<void>;
}

/**
 * `threefold helper --port <port> [args]` as its own process (port 0: a free one; it can be killed); resolves
 * on a home without scheduled upkeep unless its config.json sets it; once it listens. `launcher`: words run first, which end by running the helper's command (a D-Bus session
 * with a keyring); the helper then runs in a process group of its own, which stop() ends whole.
 */
export async function spawnHelper(
  home: string,
  options: { port?: number; args?: readonly string[]; env?: NodeJS.ProcessEnv; launcher?: readonly string[] } = {},
): Promise<HelperProcess> {
  withoutScheduledUpkeep(home);
  const command = [process.execPath, BIN, 'helper', '--port', String(options.port ?? 0), ...(options.args ?? [])];
  const [program, ...args] = [...(options.launcher ?? []), ...command] as [string, ...string[]];
  const child = spawn(program, args, {
    // `env` in place of this process's environment (a test's own HOME, no AWS keys), when given.
    env: { ...(options.env ?? process.env), THREEFOLD_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.launcher !== undefined,
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const m = /127\.0\.0\.1:(\d+)/.exec(stdout);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`the helper exited (${code}) before listening:\n${stderr}`)));
  });
  return {
    child,
    port,
    log: () => stderr,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        if (options.launcher) process.kill(-child.pid!, 'SIGTERM');
        else child.kill('SIGTERM');
      }
      await exited;
    },
  };
}
