import { Command, CommanderError } from 'commander';
import { describeCatalogFailure } from '../catalog/catalogFailure';
import { catalogPath } from '../config/config';
import { resolveHome } from '../config/home';
import { UserError } from '../errors';
import { TOOL_VERSION } from '../version';
import type { GlobalOptions } from './commands/options';
import { OUTPUT_CLOSED_EXIT, watchOutput } from './outputClosed';

type Register = (program: Command, globals: () => GlobalOptions) => void;

/**
 * Each command's module, loaded only when it is needed: every module loads its engine (the helper's
 * WebSocket server, the readers, the protect engine…), and a run of one command needs none of the others'.
 */
const COMMANDS: ReadonlyArray<[name: string, load: () => Register]> = [
  ['dest', () => (require('./commands/dest') as typeof import('./commands/dest')).registerDest],
  ['scan', () => (require('./commands/scan') as typeof import('./commands/scan')).registerScan],
  ['protect', () => (require('./commands/protect') as typeof import('./commands/protect')).registerProtect],
  ['status', () => (require('./commands/status') as typeof import('./commands/status')).registerStatus],
  ['verify', () => (require('./commands/verify') as typeof import('./commands/verify')).registerVerify],
  ['restore', () => (require('./commands/restore') as typeof import('./commands/restore')).registerRestore],
  ['drill', () => (require('./commands/drill') as typeof import('./commands/drill')).registerDrill],
  ['scrub', () => (require('./commands/scrub') as typeof import('./commands/scrub')).registerScrub],
  ['report', () => (require('./commands/report') as typeof import('./commands/report')).registerReport],
  ['versions', () => (require('./commands/versions') as typeof import('./commands/versions')).registerVersions],
  ['helper', () => (require('./commands/helper') as typeof import('./commands/helper')).registerHelper],
  ['pair', () => (require('./commands/pair') as typeof import('./commands/pair')).registerPair],
  ['jobs', () => (require('./commands/jobs') as typeof import('./commands/jobs')).registerJobs],
  ['plan', () => (require('./commands/plan') as typeof import('./commands/plan')).registerPlan],
  ['catalog', () => (require('./commands/catalog') as typeof import('./commands/catalog')).registerCatalog],
  ['notify', () => (require('./commands/notify') as typeof import('./commands/notify')).registerNotify],
  ['doctor', () => (require('./commands/doctor') as typeof import('./commands/doctor')).registerDoctor],
  ['setup', () => (require('./commands/setup') as typeof import('./commands/setup')).registerSetup],
];

/** Exit codes: 0 all requested work succeeded, 1 some files failed (the rest were done), 2 usage or configuration. */
export async function main(argv: readonly string[]): Promise<number> {
  const output = watchOutput();
  const program = new Command('threefold')
    .description('Keeps every file of a project under the 3-2-1 rule: 3 verified copies, 2 kinds of media, 1 offsite.')
    .option('--home <dir>', 'where config.json and catalog.sqlite live (default: $THREEFOLD_HOME, else the platform config folder)')
    .exitOverride()
    .showHelpAfterError('(run threefold --help for usage)');
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  // The named command alone; all of them for anything else (help, a typo commander suggests a name for).
  const named = COMMANDS.find(([name]) => name === commandName(argv));
  // Program options are read after a command's name too: `--version` is the program's only without one (`restore --version WHEN`).
  if (!named) program.version(TOOL_VERSION);
  for (const [, load] of named ? [named] : COMMANDS) load()(program, globals);

  try {
    await program.parseAsync(argv, { from: 'user' });
    if (output.closed()) return OUTPUT_CLOSED_EXIT;
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (output.closed()) return OUTPUT_CLOSED_EXIT;
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UserError) {
      process.stderr.write(`threefold: ${error.message}\n`);
      return 2;
    }
    const catalogFailure = describeCatalogFailure(error, catalogPath(resolveHome(globals().home)));
    if (catalogFailure !== undefined) {
      process.stderr.write(`threefold: ${catalogFailure}\n`);
      return 2;
    }
    process.stderr.write(`threefold: ${(error as Error)?.stack ?? String(error)}\n`);
    return 1;
  }
}

/**
 * The first word that is not an option of the program nor `--home`'s value (its only option that takes one);
 * none after `-h`/`--help`, which lists every command.
 */
function commandName(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '-h' || argv[i] === '--help') return undefined;
    if (argv[i] === '--home') i += 1;
    else if (!argv[i]!.startsWith('-')) return argv[i];
  }
  return undefined;
}
