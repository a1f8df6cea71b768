import type { Command } from 'commander';
import type { DoctorReport } from '../../../src/doctor/doctorChecks';
import { DEFAULT_HELPER_PORT } from '../../../src/protocol/constants';
import { resolveHome } from '../../config/home';
import { runDoctor } from '../../install/doctor';
import { parsePort } from './helperService';
import type { GlobalOptions } from './options';

export function registerDoctor(program: Command, globals: () => GlobalOptions): void {
  program
    .command('doctor')
    .description('check the installation: runtime, helper, catalog, each destination, panel and plug-in; exit 1 when something fails')
    .option('--port <n>', `the helper's port (default: the installed login service's, else ${DEFAULT_HELPER_PORT})`)
    .option('--json', 'print JSON')
    .action(async (options: { port?: string; json?: boolean }) => {
      const port = options.port === undefined ? undefined : parsePort(options.port);
      const report = await runDoctor({ home: resolveHome(globals().home), homeOption: globals().home, port });
      process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : doctorText(report));
      process.exitCode = report.level === 'fail' ? 1 : 0;
    });
}

export function doctorText(report: DoctorReport): string {
  const count = (level: string): number => report.lines.filter((l) => l.level === level).length;
  const [fails, warns] = [count('fail'), count('warn')];
  const head = fails + warns === 0 ? 'Threefold doctor: all ok.' : `Threefold doctor: ${fails} to fix, ${warns} warning${warns === 1 ? '' : 's'}.`;
  const body = report.lines.map((l) => `${l.level.padEnd(5)} ${l.subject}: ${l.found}\n${l.next ? `      next: ${l.next}\n` : ''}`);
  return `${head}\n${body.join('')}`;
}
