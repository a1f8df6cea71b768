import type { JobInfo } from '../../src/protocol/messages';
import { listedRestoreFiles, type RebuildOutcome, type RestoreOutcome } from '../../src/protocol/restoreMessages';
import type { RebuildReport } from '../engine/rebuildCatalog';
import { failureText, type RestoreReport } from '../engine/restore/restore';

/** A restore's report as the protocol carries it: its files bounded, the failed ones first. */
export function restoreOutcome(report: RestoreReport): RestoreOutcome {
  const { files, notListed } = listedRestoreFiles(report.files);
  return { dryRun: report.job.dryRun, to: report.to, totals: report.totals, files, filesNotListed: notListed, unreachable: report.unreachable };
}

/**
 * A finished restore job's result: its outcome, and the failed files it lists with their reasons (the
 * catalog keeps every one as a job item; `totals.failed` counts them).
 */
export function restoreJobResult(report: RestoreReport): NonNullable<JobInfo['result']> {
  const restore = restoreOutcome(report);
  return {
    files: report.totals.restored,
    bytes: report.totals.bytes,
    seconds: report.job.seconds,
    upToDate: report.totals.alreadyThere,
    failed: restore.files.filter((f) => f.state === 'failed').map((f) => ({ path: f.path, destination: null, error: failureText(f) })),
    ...(report.warnings.length > 0 ? { warnings: report.warnings } : {}),
    restore,
  };
}

/** A finished rebuild job's result: the copies it added, its warnings, and what `catalog rebuild --json` says. */
export function rebuildJobResult(report: RebuildReport): NonNullable<JobInfo['result']> {
  const { job: _job, warnings, seconds, ...learnt } = report;
  const rebuild: RebuildOutcome = learnt;
  return {
    files: (report.snapshot?.added.copies ?? 0) + (report.history?.added.copies ?? 0),
    bytes: 0,
    seconds,
    upToDate: 0,
    failed: [],
    ...(warnings.length > 0 ? { warnings } : {}),
    rebuild,
  };
}
