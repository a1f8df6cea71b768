import { clientMessage } from '../../src/format/clientMessage';
import { MAX_PROGRESS_PER_SECOND } from '../../src/protocol/constants';
import type { AssetStatusMessage, HelperEvent, JobInfo, Progress } from '../../src/protocol/messages';
import type { Catalog } from '../catalog/catalog';
import { jobInfoFromRow, JOB_HISTORY } from './jobHistory';
import { loadConfig } from '../config/config';
import { UserError } from '../errors';
import { writeJobReports } from '../reports/jobReports';
import { endJobUnfinished, markInterruptedJobs, queueJob } from '../engine/jobLifecycle';
import { protect } from '../engine/protect';
import type { ProtectRequest } from '../engine/protectRequest';
import { statusOfRecorded } from '../engine/status';
import { verify, type VerifyRequest } from '../engine/verify';
import type { Workspace } from '../engine/workspace';
import { rebuildCatalog, type RebuildRequest } from '../engine/rebuildCatalog';
import { drill, type DrillRequest } from '../engine/restore/drill';
import { scrub, type ScrubRequest } from '../engine/scrub';
import { applyBandwidthLimit } from '../engine/bandwidthLimit';
import { restore, type RestoreRequest } from '../engine/restore/restore';
import { rebuildJobResult, restoreJobResult } from './restoreResults';

/** Jobs waiting in the helper at most; one more is refused ("busy") rather than queued without end. */
export const MAX_QUEUED_JOBS = 20;

export type JobWork =
  | { kind: 'protect'; title: string; request: Omit<ProtectRequest, 'signal' | 'onProgress' | 'onRecorded' | 'queuedJobId' | 'onLockWait'> }
  | { kind: 'verify'; title: string; request: Omit<VerifyRequest, 'signal' | 'onLockWait' | 'queuedJobId'> }
  | { kind: 'restore'; title: string; request: Omit<RestoreRequest, 'signal' | 'onProgress' | 'onLockWait' | 'queuedJobId' | 'dryRun'> }
  | { kind: 'rebuild'; title: string; request: Omit<RebuildRequest, 'signal' | 'queuedJobId'> }
  | { kind: 'drill'; title: string; request: Omit<DrillRequest, 'signal' | 'onLockWait' | 'queuedJobId' | 'onProgress'> & { targets: [] } }
  | { kind: 'scrub'; title: string; request: Omit<ScrubRequest, 'signal' | 'onLockWait' | 'queuedJobId'> & { targets: [] } };

interface Job {
  info: JobInfo;
  /** Dropped once the job has run: a host's media list can be large. */
  work: JobWork | undefined;
  abort: AbortController;
}

/**
 * The helper's jobs: queued, then run one at a time, in order (across processes, each destination is
 * also locked while a job writes to it, so the CLI and the helper take turns). Every client sees the same
 * jobs through the events; the catalog keeps them across restarts.
 */
export class JobQueue {
  private readonly jobs = new Map<number, Job>();
  private readonly waiting: Job[] = [];
  private running: Job | undefined;
  private idle: Promise<void> = Promise.resolve();

  constructor(
    private readonly home: string,
    private readonly catalog: Catalog,
    private readonly emit: (event: HelperEvent) => void,
    private readonly log: (line: string) => void,
    /** Every finished job once its reports are written (none for a job cancelled before it ran, or a report that failed). */
    private readonly reported: (job: JobInfo, files: readonly string[]) => void = () => undefined,
  ) {
    // A helper killed mid-job left it running in the catalog: it was interrupted (its verified work stays).
    const interrupted = markInterruptedJobs(catalog);
    if (interrupted > 0)
      log(`${interrupted} job${interrupted === 1 ? ' was' : 's were'} interrupted (the process running it stopped); protect again to finish`);
  }

  enqueue(work: JobWork): JobInfo {
    if (this.waiting.length >= MAX_QUEUED_JOBS) throw new UserError(`${MAX_QUEUED_JOBS} jobs are waiting already; wait for some to finish`);
    const id = queueJob(this.catalog, work.kind, work.kind === 'rebuild' ? [work.request.from] : work.request.targets, work.title);
    const job: Job = {
      info: {
        id,
        kind: work.kind,
        state: 'queued',
        title: work.title,
        createdAt: new Date().toISOString(),
        finishedAt: null,
        progress: null,
        result: null,
        error: null,
      },
      work,
      abort: new AbortController(),
    };
    this.jobs.set(id, job);
    this.waiting.push(job);
    this.emit({ type: 'job.state', job: { ...job.info } });
    this.idle = this.idle.then(() => this.runNext());
    return { ...job.info };
  }

  /** A queued job is dropped, a running one stops between chunks; verified work is kept either way. */
  cancel(id: number): JobInfo {
    const job = this.jobs.get(id);
    if (!job || job.info.finishedAt !== null) throw new UserError(`job ${id} is not queued or running in this helper`);
    if (job.info.state === 'queued') {
      this.waiting.splice(this.waiting.indexOf(job), 1);
      endJobUnfinished(this.catalog, id, true);
      this.finish(job, 'cancelled', null);
      this.reported({ ...job.info }, []);
    } else if (job.info.state === 'running') {
      job.abort.abort();
    }
    return { ...job.info };
  }

  /** This helper's jobs and, from the catalog, the others (the CLI's, a previous helper's), newest first. */
  list(): JobInfo[] {
    markInterruptedJobs(this.catalog);
    return this.catalog.jobs.recent(JOB_HISTORY).map((row) => {
      const own = this.jobs.get(row.id);
      return own ? { ...own.info } : jobInfoFromRow(this.catalog, row);
    });
  }

  /** Cancels everything and waits for the running job to stop (helper shutdown). */
  async stop(): Promise<void> {
    for (const job of [...this.waiting]) this.cancel(job.info.id);
    this.running?.abort.abort();
    await this.idle;
  }

  private async runNext(): Promise<void> {
    const job = this.waiting.shift();
    if (!job) return;
    this.running = job;
    job.info.state = 'running';
    this.emit({ type: 'job.state', job: { ...job.info } });
    const started = performance.now();
    const work = job.work!;
    job.work = undefined;
    try {
      if (work.kind === 'protect') await this.runProtect(job, work.request);
      else if (work.kind === 'verify') await this.runVerify(job, work.request, started);
      else if (work.kind === 'restore') await this.runRestore(job, work.request);
      else if (work.kind === 'drill') await this.runDrill(job, work.request);
      else if (work.kind === 'scrub') await this.runScrub(job, work.request, started);
      else await this.runRebuild(job, work.request);
    } catch (error) {
      // The catalog row may still say queued (the job ended before its engine started it).
      const cancelled = job.abort.signal.aborted;
      try {
        endJobUnfinished(this.catalog, job.info.id, cancelled);
      } catch (recordError) {
        this.log(`job ${job.info.id}: its end could not be recorded: ${(recordError as Error).message}`);
      }
      if (cancelled) {
        this.finish(job, 'cancelled', null);
      } else {
        const message = error instanceof UserError ? error.message : `unexpected error: ${(error as Error).message}`;
        if (!(error instanceof UserError)) this.log(`job ${job.info.id}: ${(error as Error).stack ?? message}`);
        this.finish(job, 'failed', clientMessage(message));
      }
    } finally {
      this.running = undefined;
      this.forgetOldJobs();
    }
    this.reported({ ...job.info }, await this.writeReports(job.info.id));
  }

  /** The finished job's reports (config `reports`), the files written; one that cannot be written is logged, the job stands. */
  private async writeReports(jobId: number): Promise<string[]> {
    try {
      if (this.catalog.reports.job(jobId)?.finishedAt == null) return [];
      return await writeJobReports(await this.workspace(), jobId);
    } catch (error) {
      this.log(`job ${jobId}: its report could not be written: ${(error as Error).message}`);
      return [];
    }
  }

  /** Finished jobs beyond the history are the catalog's to remember. */
  private forgetOldJobs(): void {
    const finished = [...this.jobs.values()].filter((j) => j.info.finishedAt !== null);
    for (const job of finished.slice(0, Math.max(0, finished.length - JOB_HISTORY))) this.jobs.delete(job.info.id);
  }

  private async runProtect(job: Job, request: JobWork['request'] & ProtectRequest): Promise<void> {
    const ws = await this.workspace();
    // Announced in order, and all of them before job.finished.
    let announcements = Promise.resolve();
    let report;
    try {
      report = await this.followed(job, (hooks) =>
        protect(ws, {
          ...request,
          ...hooks,
          withStatus: false,
          onRecorded: (paths) => {
            announcements = announcements.then(() => this.announceAssets(ws, job.info.id, paths));
          },
        }),
      );
    } finally {
      await announcements;
    }
    const { files, bytes, seconds, upToDate, failed, readFromCache, warnings, state } = report.job;
    job.info.result = { files, bytes, seconds, upToDate, failed, readFromCache, ...(warnings?.length ? { warnings } : {}) };
    // What the catalog recorded, even if a cancel arrived after the job had finished.
    this.finish(job, state, null);
  }

  private async runVerify(job: Job, request: JobWork['request'] & VerifyRequest, started: number): Promise<void> {
    const ws = await this.workspace();
    const report = await verify(ws, { ...request, queuedJobId: job.info.id, signal: job.abort.signal });
    const failed = report.failures.map((f) => ({ path: f.path, destination: f.destination, error: f.error }));
    job.info.result = {
      files: report.copies.checked,
      bytes: report.bytes,
      seconds: (performance.now() - started) / 1000,
      upToDate: 0,
      failed,
      readFromCache: report.readFromCache,
      ...(report.warnings.length > 0 ? { warnings: report.warnings } : {}),
      ...(report.repaired.length > 0 ? { repaired: report.repaired.map((r) => ({ path: r.path, destination: r.destination, from: r.from })) } : {}),
    };
    // What the catalog recorded, even if a cancel arrived after the job had finished.
    this.finish(job, report.job.state, null);
  }

  // ---- restore and catalog rebuild

  private async runRestore(job: Job, request: JobWork['request'] & RestoreRequest): Promise<void> {
    const ws = await this.workspace();
    const report = await this.followed(job, (hooks) => restore(ws, { ...request, ...hooks }));
    job.info.result = restoreJobResult(report);
    this.finish(job, report.job.state, null);
    // Files back in place change their assets' states: clients showing badges ask again.
    if (report.to === null && report.totals.restored > 0) this.emit({ type: 'badges.changed', project: null });
  }

  private async runRebuild(job: Job, request: JobWork['request'] & RebuildRequest): Promise<void> {
    const report = await rebuildCatalog(await this.workspace(), { ...request, queuedJobId: job.info.id, signal: job.abort.signal });
    job.info.result = rebuildJobResult(report);
    this.finish(job, report.job.state, null);
    if (job.info.result.files > 0) this.emit({ type: 'badges.changed', project: null });
  }

  // ---- scrub

  private async runScrub(job: Job, request: ScrubRequest, started: number): Promise<void> {
    const report = await scrub(await this.workspace(), { ...request, queuedJobId: job.info.id, signal: job.abort.signal });
    // Queued within its hours, it waited past them: it ends as failed, with the reason.
    if (!report.ran) throw new UserError(report.why);
    job.info.result = {
      files: report.copies.checked,
      bytes: report.bytes,
      seconds: (performance.now() - started) / 1000,
      upToDate: 0,
      failed: report.failures.map((f) => ({ path: f.path, destination: f.destination, error: f.error })),
      readFromCache: report.readFromCache,
      ...(report.warnings.length > 0 ? { warnings: report.warnings } : {}),
      ...(report.repaired.length > 0 ? { repaired: report.repaired.map((r) => ({ path: r.path, destination: r.destination, from: r.from })) } : {}),
      scrub: { due: report.due, stoppedBy: report.stoppedBy },
    };
    this.finish(job, report.job.state, null);
  }

  // ---- drill

  private async runDrill(job: Job, request: DrillRequest): Promise<void> {
    const ws = await this.workspace();
    const report = await this.followed(job, (hooks) => drill(ws, { ...request, ...hooks }));
    const failed = report.files.filter((f) => !f.ok).map((f) => ({ path: f.path, destination: f.destination, error: f.error ?? 'failed' }));
    job.info.result = {
      files: report.files.length - failed.length,
      bytes: report.files.reduce((sum, f) => sum + (f.ok ? f.bytes : 0), 0),
      seconds: report.job.seconds,
      upToDate: 0,
      failed,
      drill: report.drill,
    };
    for (const w of report.warnings) this.log(`job ${job.info.id}: ${w}`);
    this.finish(job, report.job.state, null);
  }
  /**
   * Runs an engine with what the queue follows a job by: its row, its cancel, its waits for a locked
   * destination (logged) and its progress (kept, and sent throttled; the last one always).
   */
  private async followed<T>(job: Job, run: (hooks: EngineHooks) => Promise<T>): Promise<T> {
    const throttle = progressThrottle((progress) => this.emit({ type: 'job.progress', jobId: job.info.id, progress }));
    try {
      return await run({
        queuedJobId: job.info.id,
        signal: job.abort.signal,
        onLockWait: (destination, pid) => this.log(`job ${job.info.id} waits for ${destination}, which process ${pid} is writing to`),
        onProgress: (progress) => {
          job.info.progress = progress;
          throttle.push(progress);
        },
      });
    } finally {
      throttle.flush();
    }
  }

  private finish(job: Job, state: JobInfo['state'], error: string | null): void {
    job.info.state = state;
    job.info.error = error;
    job.info.finishedAt = new Date().toISOString();
    this.emit({ type: 'job.finished', job: { ...job.info } });
  }

  /** The new 3-2-1 state of assets whose copies were just recorded. */
  private async announceAssets(ws: Workspace, jobId: number, paths: readonly string[]): Promise<void> {
    try {
      for (const asset of statusOfRecorded(ws.config, ws.catalog, paths)) this.emit({ type: 'asset.status', jobId, asset: asset satisfies AssetStatusMessage });
    } catch (error) {
      this.log(`job ${jobId}: the new status of ${paths.length} files could not be read: ${(error as Error).message}`);
    }
  }

  private async workspace(): Promise<Workspace> {
    // Read for every job: `threefold dest add` in a terminal changes config.json under a running helper.
    const config = await loadConfig(this.home);
    applyBandwidthLimit(config.bwlimit);
    return { home: this.home, config, catalog: this.catalog };
  }
}

/** At most MAX_PROGRESS_PER_SECOND progress events; the latest is never lost, only delayed. */
/** What a followed job's engine is given by the queue. */
interface EngineHooks {
  queuedJobId: number;
  signal: AbortSignal;
  onLockWait: (destination: string, pid: number) => void;
  onProgress: (progress: Progress) => void;
}

function progressThrottle(send: (p: Progress) => void): { push(p: Progress): void; flush(): void } {
  const interval = 1000 / MAX_PROGRESS_PER_SECOND;
  let last = 0;
  let pending: Progress | undefined;
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending === undefined) return;
    last = performance.now();
    send(pending);
    pending = undefined;
  };
  return {
    push: (p) => {
      pending = p;
      const wait = interval - (performance.now() - last);
      if (wait <= 0) flush();
      else timer ??= setTimeout(flush, wait);
    },
    flush,
  };
}
