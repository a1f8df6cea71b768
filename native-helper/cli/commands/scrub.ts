import type { Command } from 'commander';
import { formatBytes, formatDuration } from '../../../src/format/formatBytes';
import { scrub, type ScrubReport } from '../../engine/scrub';
import { openWorkspace } from '../../engine/workspace';
import { UserError } from '../../errors';
import { checkOutcomeLines } from '../render/checkOutcomeLines';
import { BWLIMIT_HELP, collectNames, type GlobalOptions } from './options';

interface ScrubOptions {
  days?: string;
  budget?: string;
  maxSeconds?: string;
  hours?: string;
  bwlimit?: string;
  dest?: string[];
  repair?: boolean;
  json?: boolean;
}

export function registerScrub(program: Command, globals: () => GlobalOptions): void {
  program
    .command('scrub')
    .description('re-read the copies due, oldest verification first, within a read budget and a time limit (run it nightly)')
    .option('--days <n>', 'every copy is re-read within this many days; cloud objects are checked by their metadata each run (default 30)')
    .option('--budget <rate>', 'read at most this much per second, e.g. 50MB/s (default: as fast as the disks go)')
    .option('--max-seconds <n>', 'stop after this many seconds; the next scrub goes on from the oldest copy left')
    .option('--hours <span>', "run only within these hours of this machine's day, e.g. 01:00-06:00, and stop at their end")
    .option('--dest <names>', 'only these destinations (comma-separated)', collectNames)
    .option('--repair', 'rewrite each copy that fails from another verified copy, or from the source when it still has the recorded hash')
    .option('--bwlimit <rate>', BWLIMIT_HELP)
    .option('--json', 'print JSON')
    .action(async (options: ScrubOptions) => {
      const ws = await openWorkspace(globals().home);
      let report: ScrubReport;
      try {
        report = await scrub(ws, {
          ...(options.days !== undefined ? { days: wholeNumber('--days', options.days) } : {}),
          ...(options.budget !== undefined ? { budget: options.budget } : {}),
          ...(options.maxSeconds !== undefined ? { maxSeconds: positiveNumber('--max-seconds', options.maxSeconds) } : {}),
          ...(options.hours !== undefined ? { hours: options.hours } : {}),
          ...(options.bwlimit !== undefined ? { bwlimit: options.bwlimit } : {}),
          ...(options.dest ? { only: options.dest } : {}),
          repair: options.repair ?? false,
        });
      } finally {
        ws.catalog.close();
      }
      if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else process.stdout.write(`${renderScrubReport(report)}\n`);
      process.exitCode = report.ran && report.failures.length > 0 ? 1 : 0;
    });
}

function wholeNumber(option: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`${option} must be a whole number, 1 or more (not "${text}")`);
  return n;
}

function positiveNumber(option: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new UserError(`${option} must be a number of seconds above 0 (not "${text}")`);
  return n;
}

function renderScrubReport(r: ScrubReport): string {
  if (!r.ran) return `Scrub not run: ${r.why}.`;
  const lines = [
    `Scrubbed ${r.copies.checked} of ${r.due} cop${r.due === 1 ? 'y' : 'ies'} due: ${r.copies.passed} passed (${formatBytes(r.bytes)} read in ${formatDuration(r.seconds)}).`,
  ];
  if (r.stoppedBy) lines.push(`Stopped at the ${r.stoppedBy}: the next scrub goes on from the oldest copy left.`);
  lines.push(...checkOutcomeLines(r));
  return lines.join('\n');
}
