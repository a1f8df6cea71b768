import type { Command } from 'commander';
import { DEFAULT_HELPER_PORT } from '../../../src/protocol/constants';
import { resolveHome } from '../../config/home';
import { UserError } from '../../errors';
import { runSetup } from '../../install/setup';
import { openSetupLog, setupLogFile } from '../../install/setupLog';
import { sendDesktop } from '../../notify/desktopChannel';
import { parsePort } from './helperService';
import type { GlobalOptions } from './options';

export function registerSetup(program: Command, globals: () => GlobalOptions): void {
  program
    .command('setup')
    .description(
      'what a double-click runs: start the helper at every login and now, then show a pairing code in a desktop notification and in <home>/logs/setup.log ' +
        '(printed too when run in a terminal)',
    )
    .option('--port <n>', `the port the helper listens on (default ${DEFAULT_HELPER_PORT})`)
    .action(async (options: { port?: string }) => {
      const home = resolveHome(globals().home);
      // Double-clicked, no terminal: stdout goes nowhere anyone reads, so only the log and the notification speak.
      const terminal = process.stdout.isTTY ? (line: string) => process.stdout.write(`${line}\n`) : undefined;
      try {
        const port = parsePort(options.port ?? DEFAULT_HELPER_PORT);
        process.exitCode = await runSetup({ home, homeOption: globals().home, port, ...(terminal ? { terminal } : {}) });
      } catch (error) {
        const line = `Threefold setup failed: ${(error as Error).message}`;
        const log = openSetupLog(home);
        log(line);
        terminal?.(line);
        // Double-clicked, the notification is the only thing the user sees.
        await sendDesktop({ title: 'Threefold setup failed', lines: [`${setupLogFile(home)} says why.`] }).catch((failure: Error) =>
          log(`(${failure.message})`),
        );
        process.exitCode = error instanceof UserError ? 2 : 1;
      }
    });
}
