import { Command, CommanderError } from 'commander';
import { UserError } from '../errors';
import { TOOL_VERSION } from '../version';
import { registerDest } from './commands/dest';
import { registerHelper } from './commands/helper';
import { registerJobs } from './commands/jobs';
import type { GlobalOptions } from './commands/options';
import { registerPair } from './commands/pair';
import { registerProtect } from './commands/protect';
import { registerScan } from './commands/scan';
import { registerStatus } from './commands/status';
import { registerVerify } from './commands/verify';

/** Exit codes: 0 all requested work succeeded, 1 some files failed (the rest were done), 2 usage or configuration. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('threefold')
    .description('Keeps every file of a project under the 3-2-1 rule: 3 verified copies, 2 kinds of media, 1 offsite.')
    .version(TOOL_VERSION)
    .option('--home <dir>', 'where config.json and catalog.sqlite live (default: $THREEFOLD_HOME, else the platform config folder)')
    .exitOverride()
    .showHelpAfterError('(run threefold --help for usage)');
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  registerDest(program, globals);
  registerScan(program, globals);
  registerProtect(program, globals);
  registerStatus(program, globals);
  registerVerify(program, globals);
  registerHelper(program, globals);
  registerPair(program, globals);
  registerJobs(program, globals);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UserError) {
      process.stderr.write(`threefold: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`threefold: ${(error as Error)?.stack ?? String(error)}\n`);
    return 1;
  }
}
