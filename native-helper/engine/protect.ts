import { selectDestinations, type DestinationConfig } from '../config/config';
import type { Destination } from '../destinations/destination';
import { destinationUrl, openDestination } from '../destinations/openDestinations';
import { UserError } from '../errors';
import { projectKindOf } from '../readers/readProject';
import { targetKind } from '../fsutil/collectSources';
import type { Selection } from '../targets/selectTargets';
import { CopyRun, copyPool } from './copyRun';
import { acquireDestinationLocks } from './destinationLocks';
import { runJob } from './jobLifecycle';
import type { JobFailure, JobOutcome } from './jobReport';
import { overlappingDestinations } from './overlappingDestinations';
import { planJob } from './protectPlan';
import type { ProtectRequest } from './protectRequest';
import { snapshotStateAfterJob } from './stateSnapshots';
import { buildStatus, type StatusDocument } from './status';
import type { Workspace } from './workspace';

export interface ProtectReport extends StatusDocument {
  job: JobOutcome;
}

/** plan → copy → verify → record → ASC MHL, for folder and file targets; then the status of their assets. */
export async function protect(ws: Workspace, request: ProtectRequest & { withStatus: false }): Promise<{ job: JobOutcome }>;
export async function protect(ws: Workspace, request: ProtectRequest): Promise<ProtectReport>;
export async function protect(ws: Workspace, request: ProtectRequest): Promise<ProtectReport | { job: JobOutcome }> {
  const { job, selection } = await protectJob(ws, request);
  if (!selection) return { job };
  // Built once the job is over and its state for every file is garbage: never both at once.
  return { ...(await buildStatus(ws.config, ws.catalog, selection)), job };
}

/** The job; the selection comes back only for a closing status. */
async function protectJob(ws: Workspace, request: ProtectRequest): Promise<{ job: JobOutcome; selection?: Selection }> {
  const started = performance.now();
  if (ws.config.destinations.length === 0) {
    throw new UserError('no destinations are configured: add one with `threefold dest add NAME PATH --media LABEL`');
  }
  const selected = selectDestinations(ws.config.destinations, request.only);
  for (const target of request.targets) {
    if (projectKindOf(target) !== null) continue; // its reader says what is wrong with it
    const known = ws.catalog.assets.any({ kind: 'file', path: target }) || ws.catalog.assets.any({ kind: 'folder', path: target });
    if (!known && (await targetKind(target)) === 'absent') throw new UserError(`${target}: no such file or folder`);
  }
  // A destination overlapping a target is refused for this job; the others still get their copies.
  const refusals = await overlappingDestinations(ws.home, request.targets, selected, ws.config.destinations);
  const chosen = selected.filter((d) => !refusals.some((r) => r.destination === d.name));
  if (chosen.length === 0 && refusals.length > 0) throw new UserError(`${refusals[0]!.reason}; no other destination is left for this job`);
  const refused: JobFailure[] = refusals.map((r) => ({ path: r.target, destination: r.destination, error: r.reason }));
  const signal = request.signal;
  const urls = new Map(chosen.map((d) => [d.name, destinationUrl(d)]));
  const wait = { ...(signal ? { signal } : {}), ...(request.onLockWait ? { onWait: request.onLockWait } : {}) };
  // Taken before planning: a job that waited for another plans with what that one recorded.
  const releaseLock = request.dryRun ? async () => undefined : await acquireDestinationLocks(ws.home, urls, wait);
  // Each destination is opened once for the job, on the buffers of its copies: reached before planning,
  // then written to.
  const opened = new Map<string, Destination>();
  const pool = copyPool(request);
  const open = (config: DestinationConfig): Destination => {
    const destination = openDestination(config, pool, ws.catalog);
    opened.set(config.name, destination);
    return destination;
  };
  try {
    const { plan, failed, usable, selection } = await planJob(ws, request, chosen, open);
    failed.unshift(...refused);
    if (request.dryRun) {
      return {
        job: {
          id: null,
          state: 'succeeded',
          dryRun: true,
          files: plan.tasks.length,
          bytes: plan.bytesToRead,
          seconds: (performance.now() - started) / 1000,
          upToDate: plan.upToDate.length,
          failed,
          readFromCache: [],
          planned: plan.tasks.map((t) => ({ path: t.source.path, destinations: t.destinations, why: t.why })),
        },
        ...(selection ? { selection } : {}),
      };
    }

    const job = { kind: 'protect' as const, targets: request.targets, queuedJobId: request.queuedJobId, signal };
    const {
      id: jobId,
      state: outcome,
      result: run,
    } = await runJob(
      ws.catalog,
      job,
      async (id) => {
        const run = new CopyRun(ws, id, usable, opened, pool, plan.tasks, request);
        if (plan.tasks.length > 0) {
          try {
            await run.execute();
          } finally {
            await run.close();
          }
        }
        failed.push(...run.failed);
        selection?.warnings.push(...run.warnings);
        return run;
      },
      (run) => ({ files: run.filesCopied, bytes: run.bytesRead, failed: failed.length > 0 }),
    );
    const seconds = (performance.now() - started) / 1000;
    const warnings = plan.tasks.length > 0 && !signal?.aborted ? await snapshotStateAfterJob(ws, usable) : [];
    return {
      job: {
        id: jobId,
        state: outcome,
        dryRun: false,
        files: run.filesCopied,
        bytes: run.bytesRead,
        seconds,
        upToDate: plan.upToDate.length,
        failed,
        readFromCache: run.readFromCache,
        ...(warnings.length > 0 ? { warnings } : {}),
      },
      ...(selection ? { selection } : {}),
    };
  } finally {
    for (const destination of opened.values()) destination.close();
    await releaseLock();
  }
}
