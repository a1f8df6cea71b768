import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import type { Command } from 'commander';
import { DEFAULT_HELPER_PORT } from '../../../src/protocol/constants';
import { resolveHome } from '../../config/home';
import { UserError } from '../../errors';
import { HelperPortError, startHelper } from '../../service/helperServer';
import { registerHelperServiceCommands } from './helperService';
import type { GlobalOptions } from './options';

/**
 * The helper stays up all day beside Premiere Pro: its heap may grow to twice what was live at the last
 * full collection, where V8 alone lets it reach four times. A look at 100,000 files left ~60 MB live and
 * then ~170 MB of garbage before V8 collected (peak RSS 330-380 MB; with this, 260-280 MB for little CPU:
 * bench/helperProfile.md). V8 reads the factor at each collection, so setting it once started holds.
 */
const HELPER_HEAP_GROWTH = '--heap-growing-percent=100';

interface HelperOptions {
  port?: string;
  panel?: string;
  allowOrigin?: string[];
}

export function registerHelper(program: Command, globals: () => GlobalOptions): void {
  const helper = program
    .command('helper')
    .description('run the helper the Threefold panel talks to (127.0.0.1 only), in the foreground; logs to <home>/logs/helper.log')
    .option('--port <n>', `the port to listen on (default ${DEFAULT_HELPER_PORT})`)
    .option('--panel <dir>', 'serve this browser build of the panel at http://127.0.0.1:PORT/ (default: dist/panel-web when present)')
    .option('--allow-origin <origin>', 'also accept connections from this origin (repeatable; for a host that sends one)', (v: string, prev: string[] = []) => [
      ...prev,
      v,
    ])
    .action(async (options: HelperOptions) => {
      const home = resolveHome(globals().home);
      const port = options.port === undefined ? DEFAULT_HELPER_PORT : portNumber(options.port);
      const panelDir = options.panel === undefined ? defaultPanelDir() : path.resolve(options.panel);
      const log = helperLog(home);
      v8.setFlagsFromString(HELPER_HEAP_GROWTH);
      let running;
      try {
        running = await startHelper({ home, port, ...(panelDir ? { panelDir } : {}), extraOrigins: options.allowOrigin ?? [], log });
      } catch (error) {
        if (error instanceof HelperPortError) throw new UserError(error.message);
        throw error;
      }
      process.stdout.write(`Threefold helper on 127.0.0.1:${running.port} (home ${home}). Pair the panel with: threefold pair\n`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          log('stopping');
          void running.close().then(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
  registerHelperServiceCommands(helper, globals);
}

/** Each line with its time, to <home>/logs/helper.log and to stderr (a service manager keeps that too). */
function helperLog(home: string): (line: string) => void {
  const dir = path.join(home, 'logs');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = fs.createWriteStream(path.join(dir, 'helper.log'), { flags: 'a', mode: 0o600 });
  return (line) => {
    const stamped = `${new Date().toISOString()} ${line}\n`;
    file.write(stamped);
    process.stderr.write(stamped);
  };
}

/** dist/panel-web beside the bundled helper (dist/helper) or in the repository (bin/). */
function defaultPanelDir(): string | undefined {
  const script = process.argv[1];
  if (!script) return undefined;
  const dir = path.dirname(fs.realpathSync(script));
  return [path.join(dir, '..', 'panel-web'), path.join(dir, '..', 'dist', 'panel-web')].find((d) => fs.existsSync(path.join(d, 'index.html')));
}

function portNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UserError(`--port must be a port number (got ${value})`);
  return n;
}
