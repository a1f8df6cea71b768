import type { Command } from 'commander';
import { formatBytes, formatDuration } from '../../../src/format/formatBytes';
import type { ClobberRule } from '../../../src/restore/existingTarget';
import { failureText, restore, type RestoreReport } from '../../engine/restore/restore';
import { restoreVersion, type VersionRestoreReport } from '../../engine/restore/restoreVersion';
import { applyBandwidthLimit } from '../../engine/bandwidthLimit';
import { openWorkspace } from '../../engine/workspace';
import { cancelOnInterrupt } from './interrupt';
import { runCopyingJob } from './jobReports';
import { UserError } from '../../errors';
import { displayPath } from '../render/displayPath';
import { localTime } from '../render/localTime';
import { jsonTextPieces } from '../render/jsonText';
import { asLines, endingWithNewline, writeText } from '../render/writeText';
import { absoluteTargets, BWLIMIT_HELP, type GlobalOptions } from './options';

interface RestoreOptions {
  to?: string;
  from?: string;
  dryRun?: boolean;
  overwrite?: boolean;
  clobber?: boolean;
  json?: boolean;
  version?: string;
  bwlimit?: string;
}

export function registerRestore(program: Command, globals: () => GlobalOptions): void {
  program
    .command('restore')
    .description('bring recorded files back from their verified copies, each read back and checked against its recorded hash')
    .argument('<targets...>', 'files, folders, Premiere projects (.prproj) or Lightroom catalogs (.lrcat), as they were protected')
    .option('--to <folder>', 'restore under this folder (keeping the layout: <folder>/<volume>/<path>) instead of in place')
    .option('--from <name>', 'only copies on this destination')
    .option('--dry-run', 'say which copy each file would come from, restore nothing')
    .option('--overwrite', 'replace a file with other content at a target (it is kept, and the restored file put beside it, without this)')
    .option('--no-clobber', 'leave a file with other content at a target alone, and restore nothing there')
    .option('--version <when>', 'an earlier version of one file (a time such as 2026-11-23T10:15, or an id from `threefold versions`), written beside it')
    .option('--json', 'print the result as JSON')
    .option('--bwlimit <rate>', BWLIMIT_HELP)
    .action(async (targets: string[], options: RestoreOptions) => {
      if (options.version !== undefined) return restoreOneVersion(targets, options, globals);
      if (options.overwrite && options.clobber === false) throw new UserError('--overwrite and --no-clobber contradict each other: choose one');
      const clobber: ClobberRule = options.overwrite ? 'overwrite' : options.clobber === false ? 'no-clobber' : 'beside';
      const cancel = cancelOnInterrupt('restore');
      let report: RestoreReport;
      try {
        report = await runCopyingJob(
          globals().home,
          { bwlimit: options.bwlimit, progressVerb: options.json || options.dryRun ? undefined : 'Restoring' },
          (ws, progress) =>
            restore(ws, {
              targets: absoluteTargets(targets),
              ...(options.to !== undefined ? { to: absoluteTargets([options.to])[0]! } : {}),
              ...(options.from !== undefined ? { from: options.from } : {}),
              dryRun: options.dryRun ?? false,
              clobber,
              signal: cancel.signal,
              ...progress,
            }),
        );
      } finally {
        cancel.dispose();
      }
      await writeText(process.stdout, options.json ? endingWithNewline(jsonTextPieces(report)) : asLines(restoreReportLines(report)));
      // Interrupted (Ctrl-C), as a shell expects: 128 + SIGINT.
      process.exitCode = report.job.state === 'cancelled' ? 130 : report.totals.failed + report.totals.waitingForArchive > 0 ? 1 : 0;
    });
}

/** `restore FILE --version WHEN`: that version beside the file (never over it). */
async function restoreOneVersion(targets: string[], options: RestoreOptions, globals: () => GlobalOptions): Promise<void> {
  if (targets.length !== 1) throw new UserError('--version restores one file: name just that file');
  if (options.dryRun || options.overwrite || options.clobber === false) {
    throw new UserError('--version writes the version beside the file under a name of its own: --dry-run, --overwrite and --no-clobber do not apply');
  }
  const ws = await openWorkspace(globals().home);
  applyBandwidthLimit(options.bwlimit ?? ws.config.bwlimit);
  let report: VersionRestoreReport;
  try {
    report = await restoreVersion(ws, {
      target: absoluteTargets(targets)[0]!,
      version: options.version!,
      ...(options.to !== undefined ? { to: absoluteTargets([options.to])[0]! } : {}),
      ...(options.from !== undefined ? { from: options.from } : {}),
    });
  } finally {
    ws.catalog.close();
  }
  await writeText(process.stdout, options.json ? endingWithNewline(jsonTextPieces(report)) : asLines(versionReportLines(report)));
  process.exitCode = report.totals.failed > 0 ? 1 : 0;
}

function* versionReportLines(r: VersionRestoreReport): Generator<string> {
  const f = r.files[0]!;
  const which = `version ${r.version.id} (saved ${localTime(r.version.mtime)}, ${formatBytes(r.version.size)}) of ${displayPath(f.path)}`;
  if (f.state === 'restored') yield `Restored and verified the ${which}: ${displayPath(f.target!)} ← ${f.from} (${displayPath(f.location!)})`;
  else if (f.state === 'already-there') yield `The ${which} is already at ${displayPath(f.target!)}.`;
  else yield `FAILED: the ${which}: ${failureText(f)}`;
  for (const u of r.unreachable) yield `warning: ${u.destination} could not be used: ${u.error}`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function* restoreReportLines(r: RestoreReport): Generator<string> {
  const { totals } = r;
  const where = r.to ? ` under ${displayPath(r.to)}` : ' in place';
  if (r.job.dryRun) {
    yield `Dry run: ${plural(totals.files, 'file')} (${formatBytes(totals.bytes)}) would be restored${where}; ${totals.alreadyThere} already there.`;
  } else {
    const rate = r.job.seconds > 0 && totals.bytes > 0 ? ` (${formatBytes(totals.bytes / r.job.seconds)}/s)` : '';
    if (r.job.state === 'cancelled') yield 'Cancelled: the files listed as restored are back and verified; restore again to finish.';
    yield `Restored and verified ${plural(totals.restored, 'file')}${where}, ${formatBytes(totals.bytes)}, in ${formatDuration(r.job.seconds)}${rate}; ${totals.alreadyThere} already there.`;
  }
  const written = r.files.filter((f) => f.state === 'restored' || f.state === 'would-restore');
  for (const f of written) {
    const from = `${f.from} (${displayPath(f.location!)}, ${formatBytes(f.bytes)})`;
    // Under a new root each old path is shown with its new one: what Premiere or Lightroom is relinked with.
    const line = f.target === f.path ? `  ${displayPath(f.path)} ← ${from}` : `  ${displayPath(f.path)} → ${displayPath(f.target!)} ← ${from}`;
    yield f.note ? `${line}: ${f.note}` : line;
  }
  if (r.to && written.length > 0) yield `Relink the projects that use these files: each old path is listed above with its new one.`;
  for (const w of r.warnings) yield `warning: ${w}`;
  for (const u of r.unreachable) yield `warning: ${u.destination} could not be used: ${u.error}`;
  const notProtected = r.files.filter((f) => f.state === 'not-protected');
  if (notProtected.length > 0) {
    yield `${notProtected.length} not protected by Threefold:`;
    for (const f of notProtected) yield `  ${displayPath(f.path)}: ${f.note}`;
  }
  const waiting = r.files.filter((f) => f.state === 'waiting-for-archive');
  if (waiting.length > 0) {
    yield `${waiting.length} waiting for the archive (restore requested; run this again once it is done):`;
    for (const f of waiting) yield `  ${displayPath(f.path)}: ${failureText(f)}`;
  }
  const failed = r.files.filter((f) => f.state === 'failed');
  if (failed.length > 0) {
    yield `${failed.length} FAILED:`;
    for (const f of failed) yield `  ${displayPath(f.path)}: ${failureText(f)}`;
  }
}
