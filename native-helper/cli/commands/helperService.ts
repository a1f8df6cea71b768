import path from 'node:path';
import { isSea } from 'node:sea';
import type { Command } from 'commander';
import { DEFAULT_HELPER_PORT } from '../../../src/protocol/constants';
import { resolveHome } from '../../config/home';
import { UserError } from '../../errors';
import {
  currentServiceContext,
  installLoginService,
  loginServicePlan,
  showCommand,
  uninstallLoginService,
  type LoginServicePlan,
  type ServiceCommand,
} from '../../service/loginService';
import type { GlobalOptions } from './options';

/** `helper install` and `helper uninstall`: start the helper at every login, or stop doing so. */
export function registerHelperServiceCommands(helperCommand: Command, globals: () => GlobalOptions): void {
  helperCommand
    .command('install')
    .description('start the helper at every login (systemd user unit, launchd agent or scheduled task), and now')
    .option('--port <n>', `the port it listens on (default ${DEFAULT_HELPER_PORT})`)
    .option('--print', 'print the file and the commands instead of installing')
    .action(async (options: { port?: string; print?: boolean }) => {
      // When `helper` itself has --port, commander gives `helper install --port N` to it, not to us.
      const port = parsePort(options.port ?? helperCommand.opts<{ port?: unknown }>().port ?? DEFAULT_HELPER_PORT);
      const plan = planFor(globals(), port);
      if (options.print) {
        process.stdout.write(`# ${plan.file}\n${plan.content}\n# then run:\n${commandLines(plan, plan.install)}`);
        return;
      }
      await installLoginService(plan);
      process.stdout.write(`The helper now starts at every login, on port ${port} (${plan.file}).\n`);
    });

  helperCommand
    .command('uninstall')
    .description('stop starting the helper at login, and stop it')
    .option('--print', 'print the commands instead of running them')
    .action(async (options: { print?: boolean }) => {
      const plan = planFor(globals(), DEFAULT_HELPER_PORT);
      if (options.print) {
        process.stdout.write(`# run:\n${commandLines(plan, plan.uninstall)}# remove ${plan.file}\n`);
        if (plan.afterUninstall.length > 0) process.stdout.write(`# then run:\n${commandLines(plan, plan.afterUninstall)}`);
        return;
      }
      const removed = await uninstallLoginService(plan);
      process.stdout.write(removed ? `The helper no longer starts at login (removed ${plan.file}).\n` : `Nothing to remove: ${plan.file} was not there.\n`);
    });
}

function planFor(globals: GlobalOptions, port: number): LoginServicePlan {
  // The single executable is Node and the script in one file: the service runs it alone.
  const script = isSea() ? undefined : process.argv[1];
  if (!isSea() && !script) throw new UserError('cannot tell which script is running: start threefold as `node path/to/threefold.js`');
  const home = resolveHome(globals.home);
  // The service manager does not see this shell's THREEFOLD_HOME: a chosen home is passed explicitly.
  const chosen = globals.home ?? process.env.THREEFOLD_HOME;
  const launch = {
    nodePath: process.execPath,
    ...(script === undefined ? {} : { scriptPath: path.resolve(script) }),
    args: ['helper', '--port', String(port)],
    logDir: path.join(home, 'logs'),
    ...(chosen ? { home } : {}),
  };
  return loginServicePlan(process.platform, launch, currentServiceContext(home));
}

function parsePort(value: unknown): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UserError(`--port must be a TCP port, 1 to 65535 (got ${String(value)})`);
  return port;
}

function commandLines(plan: LoginServicePlan, commands: ServiceCommand[]): string {
  return commands.map((c) => `${showCommand(plan.platform, c)}${c.ignoreFailure ? '   # may fail: nothing to stop' : ''}\n`).join('');
}
