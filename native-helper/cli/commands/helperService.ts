import readline from 'node:readline/promises';
import type { Command } from 'commander';
import { DEFAULT_HELPER_PORT } from '../../../src/protocol/constants';
import { UserError } from '../../errors';
import { resolveHome } from '../../config/home';
import { loginServiceFor } from '../../install/loginServiceFor';
import { checkPurgeable, purgeHome } from '../../install/purgeHome';
import { installLoginService, showCommand, uninstallLoginService, type LoginServicePlan, type ServiceCommand } from '../../service/loginService';
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
      const plan = loginServiceFor(globals().home, port);
      if (options.print) {
        process.stdout.write(`# ${plan.file}\n${plan.content}\n# then run:\n${commandLines(plan, plan.install)}`);
        return;
      }
      await installLoginService(plan);
      process.stdout.write(`The helper now starts at every login, on port ${port} (${plan.file}).\n`);
    });

  helperCommand
    .command('uninstall')
    .description('stop starting the helper at login, and stop it; the home folder stays unless --purge-home')
    .option('--print', 'print the commands instead of running them')
    .option('--purge-home', 'also remove the home folder (config, catalog, logs, reports) and the keys Threefold stored; the copies on destinations stay')
    .option('--yes', 'with --purge-home: do not ask for confirmation')
    .action(async (options: { print?: boolean; purgeHome?: boolean; yes?: boolean }) => {
      const plan = loginServiceFor(globals().home, DEFAULT_HELPER_PORT);
      const home = resolveHome(globals().home);
      if (options.print) {
        process.stdout.write(`# run:\n${commandLines(plan, plan.uninstall)}# remove ${plan.file}\n`);
        if (plan.afterUninstall.length > 0) process.stdout.write(`# then run:\n${commandLines(plan, plan.afterUninstall)}`);
        if (options.purgeHome) process.stdout.write(`# then remove ${home}\n`);
        return;
      }
      // Checked and asked before anything is done: a refusal leaves the service as it was too.
      const purge = options.purgeHome === true && (await checkPurgeable(home));
      if (purge && !options.yes) await confirmPurge(home);
      const removed = await uninstallLoginService(plan);
      process.stdout.write(removed ? `The helper no longer starts at login (removed ${plan.file}).\n` : `Nothing to remove: ${plan.file} was not there.\n`);
      if (!options.purgeHome) {
        process.stdout.write(`The home folder stays: ${home} (remove it too with --purge-home).\n`);
        return;
      }
      if (!purge) {
        process.stdout.write(`No home folder to remove: ${home} is not there.\n`);
        return;
      }
      const left = await purgeHome(home);
      process.stdout.write(`Removed ${home}. The copies on your destinations are untouched.\n`);
      for (const what of left) process.stdout.write(`Not forgotten: ${what}\n`);
    });
}

export function parsePort(value: unknown): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UserError(`--port must be a TCP port, 1 to 65535 (got ${String(value)})`);
  return port;
}

function commandLines(plan: LoginServicePlan, commands: ServiceCommand[]): string {
  return commands.map((c) => `${showCommand(plan.platform, c)}${c.ignoreFailure ? '   # may fail: nothing to stop' : ''}\n`).join('');
}

/** A yes typed on the terminal; without a terminal to ask, --yes is the only way. */
async function confirmPurge(home: string): Promise<void> {
  if (!process.stdin.isTTY) throw new UserError(`--purge-home removes ${home} and everything in it: add --yes to confirm (there is no terminal to ask)`);
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl
    .question(`Remove ${home} (config, catalog, logs, reports) for good? The copies on your destinations stay. Type yes: `)
    .finally(() => rl.close());
  if (answer.trim().toLowerCase() !== 'yes') throw new UserError(`nothing removed: ${home} stays, and the helper still starts at login`);
}
