import type { Command } from 'commander';
import { formatBytes, formatDuration } from '../../../src/format/formatBytes';
import { verify, type VerifyReport } from '../../engine/verify';
import { openWorkspace } from '../../engine/workspace';
import { checkOutcomeLines } from '../render/checkOutcomeLines';
import { absoluteTargets, collectNames, type GlobalOptions } from './options';

export function registerVerify(program: Command, globals: () => GlobalOptions): void {
  program
    .command('verify')
    .description('re-read copies on the destinations and compare them with the recorded hashes (bit rot shows up here)')
    .argument('[targets...]', 'only copies of these folders or files')
    .option('--dest <names>', 'only these destinations (comma-separated)', collectNames)
    .option('--sources', 're-hash the sources too (catches in-place corruption of a source)')
    .option('--read', 'download cloud copies and hash them (without it: their size and stored hash are checked)')
    .option('--repair', 'rewrite each copy that fails from another verified copy, or from the source when it still has the recorded hash')
    .option('--json', 'print JSON')
    .action(async (targets: string[], options: { dest?: string[]; sources?: boolean; read?: boolean; repair?: boolean; json?: boolean }) => {
      const ws = await openWorkspace(globals().home);
      let report: VerifyReport;
      try {
        report = await verify(ws, {
          targets: absoluteTargets(targets),
          ...(options.dest ? { only: options.dest } : {}),
          sources: options.sources ?? false,
          readCloud: options.read ?? false,
          repair: options.repair ?? false,
        });
      } finally {
        ws.catalog.close();
      }
      if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else process.stdout.write(`${renderVerifyReport(report)}\n`);
      process.exitCode = report.failures.length > 0 ? 1 : 0;
    });
}

function renderVerifyReport(r: VerifyReport): string {
  const lines = [`Verified ${r.copies.passed} of ${r.copies.checked} copies (${formatBytes(r.bytes)} read in ${formatDuration(r.seconds)}).`];
  if (r.sources) {
    lines.push(`Sources: ${r.sources.passed} of ${r.sources.checked} match their recorded hash; ${r.sources.skipped} changed or absent (see status).`);
  }
  lines.push(...checkOutcomeLines(r));
  return lines.join('\n');
}
