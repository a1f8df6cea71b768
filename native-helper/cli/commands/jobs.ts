import type { Command } from 'commander';
import { WebSocket } from 'ws';
import { formatBytes, formatDuration } from '../../../src/format/formatBytes';
import { DEFAULT_HELPER_PORT } from '../../../src/protocol/constants';
import { HelperClient } from '../../../src/protocol/helperClient';
import type { HelperEvent, JobInfo, Progress } from '../../../src/protocol/messages';
import { Catalog } from '../../catalog/catalog';
import { catalogPath } from '../../config/config';
import { resolveHome } from '../../config/home';
import { UserError } from '../../errors';
import { jobInfoFromRow, JOB_HISTORY } from '../../service/jobHistory';
import { issueLocalToken } from '../../service/pairing';
import { displayPath } from '../render/displayPath';
import type { GlobalOptions } from './options';

const ACTIVE = new Set<JobInfo['state']>(['queued', 'running']);
/** Progress lines per job, at most one this often. */
const LINE_MS = 1000;

export function registerJobs(program: Command, globals: () => GlobalOptions): void {
  program
    .command('jobs')
    .description('list recent jobs (the CLI’s and the helper’s); with --watch, follow the helper’s jobs live')
    .option('--watch', 'follow the running helper’s jobs until none is queued or running')
    .option('--port <n>', `the helper's port (default ${DEFAULT_HELPER_PORT})`)
    .option('--json', 'print JSON (without --watch)')
    .action(async (options: { watch?: boolean; port?: string; json?: boolean }) => {
      const catalog = Catalog.open(catalogPath(resolveHome(globals().home)));
      try {
        if (options.watch) await watch(catalog, options.port === undefined ? DEFAULT_HELPER_PORT : Number(options.port));
        else list(catalog, options.json === true);
      } finally {
        catalog.close();
      }
    });
}

function list(catalog: Catalog, json: boolean): void {
  const jobs = catalog.jobs.recent(JOB_HISTORY).map((row) => jobInfoFromRow(catalog, row));
  if (json) {
    process.stdout.write(`${JSON.stringify(jobs, null, 2)}\n`);
    return;
  }
  if (jobs.length === 0) process.stdout.write('No jobs yet.\n');
  for (const job of jobs) process.stdout.write(`${describeJob(job)}\n`);
}

async function watch(catalog: Catalog, port: number): Promise<void> {
  const { token, revoke } = issueLocalToken(catalog, 'threefold jobs --watch');
  // Ctrl-C still removes the token.
  const interrupted = (): void => {
    revoke();
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  let client: HelperClient | undefined;
  try {
    try {
      client = await HelperClient.connect(new WebSocket(`ws://127.0.0.1:${port}`));
    } catch {
      throw new UserError(`no helper answers on 127.0.0.1:${port}: start it with \`threefold helper\``);
    }
    await followJobs(client);
  } finally {
    process.removeListener('SIGINT', interrupted);
    client?.close();
    revoke();
  }

  async function followJobs(helper: HelperClient): Promise<void> {
    await helper.hello('threefold jobs --watch', token);
    const active = new Set<number>();
    const finished = new Set<number>();
    const lastLine = new Map<number, number>();
    let listed = false;
    let done: () => void = () => undefined;
    let lost: (error: Error) => void = () => undefined;
    const allDone = new Promise<void>((resolve, reject) => {
      done = resolve;
      lost = reject;
    });
    allDone.catch(() => undefined); // awaited below only when jobs run; closing afterwards is no error
    const settleIfIdle = (): void => {
      if (listed && active.size === 0) done();
    };
    helper.onClose((reason) => lost(new UserError(`the helper stopped while jobs were running (${reason}); \`threefold jobs\` shows how they ended`)));
    helper.onEvent((event: HelperEvent) => {
      if (event.type === 'job.state') {
        if (!finished.has(event.job.id)) active.add(event.job.id);
        process.stdout.write(`${describeJob(event.job)}\n`);
      } else if (event.type === 'job.progress') {
        const now = Date.now();
        if (now - (lastLine.get(event.jobId) ?? 0) < LINE_MS) return;
        lastLine.set(event.jobId, now);
        process.stdout.write(`  job ${event.jobId}: ${describeProgress(event.progress)}\n`);
      } else if (event.type === 'job.finished') {
        active.delete(event.job.id);
        finished.add(event.job.id);
        process.stdout.write(`${describeJob(event.job)}\n`);
        settleIfIdle();
      }
    });
    const running = (await helper.request('jobs', {})).jobs.filter((j) => ACTIVE.has(j.state) && !finished.has(j.id));
    for (const job of running) {
      if (!active.has(job.id)) process.stdout.write(`${describeJob(job)}\n`);
      active.add(job.id);
    }
    listed = true;
    if (active.size === 0) {
      if (finished.size === 0) process.stdout.write('No job is queued or running in the helper.\n');
      return;
    }
    await allDone;
  }
}

function describeJob(job: JobInfo): string {
  const head = `job ${job.id} ${job.kind} ${displayPath(job.title)}: ${job.state}`;
  if (job.error) return `${head}: ${job.error}`;
  if (!job.result) return head;
  const { files, bytes, seconds, failed } = job.result;
  const problems =
    failed.length > 0 ? `; ${failed.length} problem${failed.length === 1 ? '' : 's'} (first: ${displayPath(failed[0]!.path)}: ${failed[0]!.error})` : '';
  return `${head}, ${files} files, ${formatBytes(bytes)} in ${formatDuration(seconds)}${problems}`;
}

function describeProgress(p: Progress): string {
  const eta = p.etaSeconds === null ? '' : `, ETA ${formatDuration(p.etaSeconds)}`;
  const perDestination = p.destinations.map((d) => `${d.name} ${d.filesDone}/${d.filesTotal}`).join(', ');
  return `${p.filesDone}/${p.filesTotal} files, ${formatBytes(p.bytesDone)}/${formatBytes(p.bytesTotal)}, ${formatBytes(p.rate)}/s${eta} (${perDestination})`;
}
