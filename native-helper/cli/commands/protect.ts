import type { Command } from 'commander';
import { formatBytes, formatDuration } from '../../../src/format/formatBytes';
import { protect, type ProtectReport } from '../../engine/protect';
import { UserError } from '../../errors';
import { runCopyingJob } from './jobReports';
import { cacheReadBackLines } from '../render/cacheReadBackLines';
import { displayPath } from '../render/displayPath';
import { jsonTextPieces } from '../render/jsonText';
import { statusTableLines } from '../render/statusTable';
import { asLines, endingWithNewline, writeText } from '../render/writeText';
import { absoluteTargets, BWLIMIT_HELP, collectNames, type GlobalOptions } from './options';

interface ProtectOptions {
  to?: string[];
  dryRun?: boolean;
  json?: boolean;
  concurrency?: string;
  includePreviews?: boolean;
  bwlimit?: string;
}

export function registerProtect(program: Command, globals: () => GlobalOptions): void {
  program
    .command('protect')
    .description('copy, verify and record every file of the targets on the destinations; writes ASC MHL')
    .argument('<targets...>', 'folders, files, Premiere projects (.prproj) or Lightroom catalogs (.lrcat)')
    .option('--include-previews', 'Lightroom: also copy the preview caches (regenerable)')
    .option('--to <names>', 'only these destinations (comma-separated)', collectNames)
    .option('--dry-run', 'say what would be copied, copy nothing')
    .option('--json', 'print the result as JSON')
    .option('--concurrency <n>', 'large files copied at once, or 8 times as many under 512 KiB (default 4)')
    .option('--bwlimit <rate>', BWLIMIT_HELP)
    .action(async (targets: string[], options: ProtectOptions) => {
      const report: ProtectReport = await runCopyingJob(
        globals().home,
        { bwlimit: options.bwlimit, progressVerb: options.json || options.dryRun ? undefined : 'Protecting' },
        (ws, progress) =>
          protect(ws, {
            targets: absoluteTargets(targets),
            ...(options.to ? { only: options.to } : {}),
            dryRun: options.dryRun ?? false,
            ...(options.includePreviews ? { includePreviews: true } : {}),
            ...(options.concurrency ? { concurrency: positiveInteger(options.concurrency) } : {}),
            ...progress,
          }),
      );
      await writeText(process.stdout, options.json ? endingWithNewline(jsonTextPieces(report)) : asLines(protectReportLines(report)));
      process.exitCode = report.job.failed.length > 0 ? 1 : 0;
    });
}

function* protectReportLines(report: ProtectReport): Generator<string> {
  const { job } = report;
  const lines: string[] = [];
  for (const w of report.warnings) lines.push(`warning: ${w}`);
  if (job.dryRun) {
    lines.push(`Dry run: ${job.files} files (${formatBytes(job.bytes)}) would be copied; ${job.upToDate} already have verified copies.`);
    for (const p of job.planned ?? []) lines.push(`  ${displayPath(p.path)} → ${p.destinations.join(', ')} (${p.why})`);
  } else if (job.files === 0 && job.failed.length === 0) {
    lines.push(
      `Nothing to copy: ${job.upToDate} files already have verified copies on every destination (checked by size and modification time; run \`threefold verify\` to re-read them).`,
    );
  } else {
    const rate = job.seconds > 0 ? ` (${formatBytes(job.bytes / job.seconds)}/s)` : '';
    lines.push(
      `Copied and verified ${job.files} files, ${formatBytes(job.bytes)} read once, in ${formatDuration(job.seconds)}${rate}; ${job.upToDate} were already protected.`,
    );
  }
  lines.push(...cacheReadBackLines(job.readFromCache));
  for (const w of job.warnings ?? []) lines.push(`warning: ${w}`);
  if (job.failed.length > 0) {
    lines.push(`${job.failed.length} problem${job.failed.length === 1 ? '' : 's'}:`);
    for (const f of job.failed) lines.push(`  ${displayPath(f.path)}${f.destination ? ` → ${f.destination}` : ''}: ${f.error}`);
  }
  yield* lines;
  yield '';
  yield* statusTableLines(report);
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UserError(`--concurrency must be a whole number from 1 to 64 (got ${value})`);
  return n;
}
