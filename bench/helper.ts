import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteDatabase } from '../native-helper/sqlite/sqliteDatabase';
import { WebSocket } from 'ws';
import { formatBytes } from '../src/format/formatBytes';
import { HelperClient } from '../src/protocol/helperClient';
import type { Badges } from '../src/protocol/badges';
import type { HelperEvent, JobInfo, StatusDocumentMessage } from '../src/protocol/messages';
import type { StateSummary } from '../src/policy/summarize';
import { Catalog } from '../native-helper/catalog/catalog';
import { catalogPath, loadConfig, saveConfig } from '../native-helper/config/config';
import { writePremiereProject } from '../native-helper/demo/premiereProjectWriter';
import { newPairingCode } from '../native-helper/service/pairing';
import { HelperProcess, readProc, THREEFOLD_BIN, type PhaseUsage } from './helperProcess';
import { measure, type Measurement } from './measure';

/**
 * `npm run bench -- helper` (issue #5): the helper as a child process, a client over its WebSocket as the
 * panel would be. (a) `status` latency for a project of 100,000 media, by project path and by the host's
 * media list, before and after the files are protected; (b) the helper's peak RSS and the duration of a
 * protect job of those files, against `threefold protect` of the same files from the CLI.
 */
const FILES = Number(process.env.BENCH_HELPER_FILES ?? 100_000);
const STATUS_RUNS = Number(process.env.BENCH_HELPER_STATUS_RUNS ?? 20);
/** The full `status` document (locations of every copy) is for the CLI and scripts: a few runs, for comparison. */
const FULL_STATUS_RUNS = Number(process.env.BENCH_HELPER_FULL_STATUS_RUNS ?? 3);
/** `BENCH_HELPER_STATUS=0`: only the protect job and its CLI baseline (the job's memory, in a third of the time). */
const WITH_STATUS = process.env.BENCH_HELPER_STATUS !== '0';
/** When set, every helper runs with `--cpu-prof` and writes its profile there (the figures are then slower). */
const CPU_PROF_DIR = process.env.BENCH_HELPER_CPU_PROF;
const FILES_PER_FOLDER = 1000;
export const STATUS_TARGET_MS = 500;
/** Issue #7's peak RSS target, for every run: the job's and each part of `badges` (issue #5's job target too). */
export const JOB_RSS_TARGET_BYTES = 300 * 1000 * 1000; // formatBytes' MB

export interface LatencyRow {
  name: string;
  runs: number;
  /** The first request, not counted in the percentiles: the helper reads and looks at everything once. */
  firstMs: number;
  /** Request sent → result parsed and validated by HelperClient (what the panel waits). */
  p50Ms: number;
  p95Ms: number;
  /** Request sent → the response frame arrived, before the client's JSON.parse and validation. */
  rawP50Ms: number;
  rawP95Ms: number;
  responseBytes: number;
  requestBytes: number;
  usage: PhaseUsage;
}

/** The host's media list as a panel sends it (paths only: the rest takes its defaults). */
type BenchHost = { name: string; media: Array<{ path: string }> };

export interface JobRow {
  name: string;
  /** protect request sent → job.finished received. */
  seconds: number;
  /** The job's own figure (result.seconds). */
  engineSeconds: number;
  files: number;
  bytes: number;
  usage: PhaseUsage;
  events: { assetStatus: number; progress: number };
  clientCpuSeconds: number;
  /**
   * The helper's peak RSS so far at moments seen from outside (polled, not told by the helper, whose events
   * reach the client behind 100,000 others): every copy recorded in the catalog, the ASC MHL generation on the
   * destination, the job's catalog row finished (what is left: the closing status document).
   */
  milestones: { recorded: Milestone | null; mhlWritten: Milestone | null; rowFinished: Milestone | null };
  baseline: Measurement;
}

export interface Milestone {
  peakRssBytes: number;
  /** Since the protect request. */
  seconds: number;
}

export interface HelperReport {
  files: number;
  sourceBytes: number;
  profiled: boolean;
  /** The 1-minute load average when the scenario started and ended: this machine is shared. */
  load: [number, number];
  latency: LatencyRow[];
  job: JobRow;
}

export async function benchHelper(root: string, say: (line: string) => void): Promise<HelperReport> {
  const loadAtStart = os.loadavg()[0]!;
  say(`helper: writing ${FILES} small files and a project referencing them…`);
  const media = path.join(root, 'helper-media');
  const paths: string[] = [];
  let sourceBytes = 0;
  for (let i = 0; i < FILES; i += 1) {
    const folder = path.join(media, `Day ${String(Math.floor(i / FILES_PER_FOLDER)).padStart(3, '0')}`);
    if (i % FILES_PER_FOLDER === 0) fs.mkdirSync(folder, { recursive: true });
    const file = path.join(folder, `A${String(i).padStart(6, '0')}.mov`);
    const content = `clip ${i}\n`;
    fs.writeFileSync(file, content);
    sourceBytes += content.length;
    paths.push(file);
  }
  const project = await writePremiereProject(
    path.join(root, 'helper-project', 'Big Helper.prproj'),
    paths.map((p, i) => ({ actualMediaFilePath: p, title: `Clip ${i}` })),
  );
  sourceBytes += fs.statSync(project).size;
  const host: BenchHost = { name: 'Big Helper', media: paths.map((p) => ({ path: p })) };
  const home = await homeWithDestination(root, 'helper');
  const profile = CPU_PROF_DIR ? { cpuProfDir: path.resolve(CPU_PROF_DIR) } : {};
  const latency: LatencyRow[] = [];
  const n = FILES.toLocaleString('en');

  // (a) nothing recorded yet. One helper per part, so each part's peak RSS and CPU profile are its own.
  let token = '';
  await withHelper(home, profile, async (helper, session) => {
    await session.client.hello('threefold-bench');
    token = (await session.client.request('pair', { code: pairingCode(home), client: 'threefold-bench' })).token;
    if (WITH_STATUS) latency.push(...(await session.timeAllStatuses(helper, project, host, 'nothing recorded', 'unprotected', say)));
  });

  // (b) protect through a fresh helper: its peak is the job's.
  const watch = { catalog: catalogPath(home), mhlFolder: path.join(root, 'helper-dest', 'ascmhl') };
  const job = await withHelper(home, profile, async (helper, session) => {
    await session.client.hello('threefold-bench', token);
    say(`helper: protect of the project (${FILES + 1} files) to one local destination through the helper…`);
    return session.protect(
      helper,
      project,
      watch,
      `protect a .prproj with ${n} media (${(FILES + 1).toLocaleString('en')} files, ${formatBytes(sourceBytes)}) to 1 local destination`,
    );
  });

  // (a) again, every file now with a verified copy.
  if (WITH_STATUS) {
    await withHelper(home, profile, async (helper, session) => {
      await session.client.hello('threefold-bench', token);
      latency.push(...(await session.timeAllStatuses(helper, project, host, 'all recorded (1 verified copy each)', 'partial', say)));
    });
  }

  say('helper: baseline: threefold protect of the same project from the CLI, fresh home…');
  const cliHome = await homeWithDestination(root, 'helper-cli');
  const baseline = await measure(process.execPath, ['-r', path.join(__dirname, 'peakRssOnExit.js'), THREEFOLD_BIN, '--home', cliHome, 'protect', project]);

  const loadAtEnd = os.loadavg()[0]!;
  // Its 300,000 files are left for main's clean-up of the whole root, after the report is out.
  return { files: FILES, sourceBytes, profiled: CPU_PROF_DIR !== undefined, load: [loadAtStart, loadAtEnd], latency, job: { ...job, baseline } };
}

/** A helper child process and a client connected to it, both ended after `work`. */
async function withHelper<T>(home: string, options: { cpuProfDir?: string }, work: (helper: HelperProcess, session: Session) => Promise<T>): Promise<T> {
  const helper = await HelperProcess.start(home, options);
  try {
    const session = await Session.open(helper.port);
    try {
      return await work(helper, session);
    } finally {
      session.close();
    }
  } finally {
    await helper.stop();
  }
}

/** A home whose one destination is an empty local folder (media `raid`), as `threefold dest add` leaves it. */
async function homeWithDestination(root: string, name: string): Promise<string> {
  const home = path.join(root, `${name}-home`);
  const dest = path.join(root, `${name}-dest`);
  fs.mkdirSync(dest, { recursive: true });
  await saveConfig(home, { ...(await loadConfig(home)), destinations: [{ name: 'raid', kind: 'local', path: dest, media: 'raid', offsite: false }] });
  return home;
}

/** What `threefold pair` prints, made straight in the home's catalog. */
function pairingCode(home: string): string {
  const catalog = Catalog.open(catalogPath(home));
  try {
    return newPairingCode(catalog).code;
  } finally {
    catalog.close();
  }
}

/** Every file of the answer in `state`: an answer that comes fast but wrong does not count. */
function expectState(state: string, files: number): (answer: { listed: number; summary: StateSummary }) => void {
  return ({ listed, summary }) => {
    const count = (summary as unknown as Record<string, number>)[state];
    if (listed !== files || count !== files) throw new Error(`expected ${files} files ${state}, got ${listed} files: ${JSON.stringify(summary)}`);
  };
}

/** A paired client, with the arrival time and size of every frame seen before HelperClient parses it. */
class Session {
  private lastArrival = 0;
  private lastLength = 0;
  private closed: string | undefined;

  private constructor(
    private readonly socket: WebSocket,
    readonly client: HelperClient,
  ) {}

  static async open(port: number): Promise<Session> {
    const socket = new WebSocket(`ws://127.0.0.1:${port}`);
    let session: Session | undefined;
    // Registered before HelperClient's own listener, so it runs first.
    socket.addEventListener('message', (event) => {
      if (!session) return;
      session.lastArrival = performance.now();
      session.lastLength = typeof event.data === 'string' ? event.data.length : 0;
    });
    socket.addEventListener('close', (event) => {
      if (session) session.closed = `the connection closed (${event.code} ${event.reason})`;
    });
    const client = await HelperClient.connect(socket);
    session = new Session(socket, client);
    return session;
  }

  /**
   * What the panel asks (`badges`: by project path, and by the host's media list, then by the name the helper
   * keeps it under), then the full `status` documents the CLI's scripts would ask, for comparison.
   */
  async timeAllStatuses(
    helper: HelperProcess,
    project: string,
    host: BenchHost,
    when: string,
    state: string,
    say: (line: string) => void,
  ): Promise<LatencyRow[]> {
    const n = FILES.toLocaleString('en');
    const rows: LatencyRow[] = [];
    const badges = (answer: Badges) => ({ listed: answer.files.path.length, summary: answer.summary });
    const full = (answer: StatusDocumentMessage) => ({ listed: answer.assets.length, summary: answer.summary });
    say(`helper: badges of the project, ${when} (1 + ${STATUS_RUNS} requests)…`);
    rows.push(
      await this.time(
        helper,
        `badges of a .prproj with ${n} media, ${when}`,
        STATUS_RUNS,
        { target: project },
        () => this.client.request('badges', { target: project }).then(badges),
        expectState(state, FILES + 1),
      ),
    );
    say(`helper: badges of the host's media list, ${when}…`);
    let kept: string | undefined;
    rows.push(
      await this.time(
        helper,
        `badges by host media list (${n} paths), then by its name, ${when}`,
        STATUS_RUNS,
        { project: 'x'.repeat(36) },
        async () => {
          const answer = await this.client.request('badges', kept === undefined ? { host } : { project: kept });
          kept = answer.project;
          return badges(answer);
        },
        expectState(state, FILES),
      ),
    );
    say(`helper: full status documents, ${when} (1 + ${FULL_STATUS_RUNS} requests each)…`);
    rows.push(
      await this.time(
        helper,
        `full status of a .prproj with ${n} media, ${when}`,
        FULL_STATUS_RUNS,
        { target: project },
        () => this.client.request('status', { target: project }).then(full),
        expectState(state, FILES + 1),
      ),
    );
    rows.push(
      await this.time(
        helper,
        `full status by host media list (${n} paths), ${when}`,
        FULL_STATUS_RUNS,
        { host },
        () => this.client.request('status', { host }).then(full),
        expectState(state, FILES),
      ),
    );
    return rows;
  }

  /** A first request, then `runs` more one after another; each answer is checked. */
  private async time(
    helper: HelperProcess,
    name: string,
    runs: number,
    params: object,
    send: () => Promise<{ listed: number; summary: StateSummary }>,
    check: (answer: { listed: number; summary: StateSummary }) => void,
  ): Promise<LatencyRow> {
    const total: number[] = [];
    const raw: number[] = [];
    let firstMs = 0;
    helper.beginPhase();
    for (let i = 0; i < 1 + runs; i += 1) {
      const started = performance.now();
      const answer = await send();
      const done = performance.now();
      check(answer);
      if (i === 0) firstMs = done - started;
      else {
        total.push(done - started);
        raw.push(this.lastArrival - started);
      }
    }
    const usage = helper.endPhase();
    return {
      name,
      runs,
      firstMs,
      p50Ms: percentile(total, 50),
      p95Ms: percentile(total, 95),
      rawP50Ms: percentile(raw, 50),
      rawP95Ms: percentile(raw, 95),
      responseBytes: this.lastLength,
      requestBytes: JSON.stringify({ id: '1', type: 'status', ...params }).length,
      usage,
    };
  }

  /** request('protect'), then the job's events until its job.finished. */
  async protect(helper: HelperProcess, project: string, watch: { catalog: string; mhlFolder: string }, name: string): Promise<Omit<JobRow, 'baseline'>> {
    const finished = new Map<number, JobInfo>();
    const events = { assetStatus: 0, progress: 0 };
    let wake = (): void => {};
    const seen: Partial<Record<keyof JobRow['milestones'], Milestone>> = {};
    let jobId: number | undefined;
    let started = performance.now();
    const mark = (): Milestone => ({ seconds: (performance.now() - started) / 1000, peakRssBytes: readProc(helper.pid)?.hwmBytes ?? 0 });
    const catalog = new SqliteDatabase(watch.catalog, { readonly: true });
    const verifiedCopies = catalog.prepare(`SELECT count(*) AS n FROM copies WHERE status = 'verified'`);
    const jobRow = catalog.prepare(`SELECT finished_at AS finishedAt FROM jobs WHERE id = ?`);
    const watcher = setInterval(() => {
      if (!seen.recorded && (verifiedCopies.get() as { n: number }).n >= FILES + 1) seen.recorded = mark();
      if (!seen.mhlWritten && fs.existsSync(watch.mhlFolder) && fs.readdirSync(watch.mhlFolder).some((f) => f.endsWith('.mhl'))) seen.mhlWritten = mark();
      if (!seen.rowFinished && jobId !== undefined && (jobRow.get(jobId) as { finishedAt: string | null } | undefined)?.finishedAt) seen.rowFinished = mark();
    }, 250);
    const stop = this.client.onEvent((event: HelperEvent) => {
      if (event.type === 'asset.status') events.assetStatus += 1;
      else if (event.type === 'job.progress') events.progress += 1;
      else if (event.type === 'job.finished') {
        finished.set(event.job.id, event.job);
        wake();
      }
    });
    let job: JobInfo;
    let seconds: number;
    let usage: PhaseUsage;
    let clientCpu: NodeJS.CpuUsage;
    try {
      helper.beginPhase();
      const cpu = process.cpuUsage();
      started = performance.now();
      job = (await this.client.request('protect', { targets: [project] })).job;
      jobId = job.id;
      while (!finished.has(job.id)) {
        if (this.closed) throw new Error(`${this.closed}:\n${helper.log}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 1000);
        });
      }
      seconds = (performance.now() - started) / 1000;
      usage = helper.endPhase();
      clientCpu = process.cpuUsage(cpu);
    } finally {
      clearInterval(watcher);
      catalog.close();
      stop();
    }
    const done = finished.get(job.id)!;
    if (done.state !== 'succeeded' || !done.result || done.result.files !== FILES + 1) {
      throw new Error(
        `the protect job ended ${done.state}: ${JSON.stringify({ error: done.error, files: done.result?.files, failed: done.result?.failed.slice(0, 3) })}`,
      );
    }
    return {
      name,
      seconds,
      engineSeconds: done.result.seconds,
      files: done.result.files,
      bytes: done.result.bytes,
      usage,
      events,
      clientCpuSeconds: (clientCpu.user + clientCpu.system) / 1e6,
      milestones: { recorded: seen.recorded ?? null, mhlWritten: seen.mhlWritten ?? null, rowFinished: seen.rowFinished ?? null },
    };
  }

  close(): void {
    if (this.socket.readyState === this.socket.OPEN) this.client.close();
  }
}

/** Nearest rank: the smallest sample with at least p% of the samples at or below it. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The helper section of BENCHMARKS.md. */
export function renderHelperReport(r: HelperReport, date: string): string[] {
  const ms = (v: number): string => `${Math.round(v)} ms`;
  const met = (ok: boolean): string => (ok ? 'met ✓' : '**missed ✗**');
  const rss = (u: PhaseUsage): string => `${formatBytes(u.peakRssBytes)}${u.peakIsPhaseOnly ? '' : ' (since start)'}`;
  const env = [
    ...(process.env.BENCH_HELPER_FILES ? [`BENCH_HELPER_FILES=${process.env.BENCH_HELPER_FILES}`] : []),
    ...(WITH_STATUS ? [] : ['BENCH_HELPER_STATUS=0']),
    ...(process.env.BENCH_HELPER_STATUS_RUNS ? [`BENCH_HELPER_STATUS_RUNS=${process.env.BENCH_HELPER_STATUS_RUNS}`] : []),
    ...(process.env.BENCH_HELPER_FULL_STATUS_RUNS ? [`BENCH_HELPER_FULL_STATUS_RUNS=${process.env.BENCH_HELPER_FULL_STATUS_RUNS}`] : []),
    ...(process.env.BENCH_HELPER_CPU_PROF ? [`BENCH_HELPER_CPU_PROF=${process.env.BENCH_HELPER_CPU_PROF}`] : []),
  ];
  const j = r.job;
  const milestone = (m: Milestone | null): string => (m ? `${formatBytes(m.peakRssBytes)} at ${m.seconds.toFixed(1)} s` : 'not seen');
  return [
    '## Helper (issue #5)',
    '',
    `Written by \`${[...env, 'npm run bench -- helper'].join(' ')}\` on ${date}${r.profiled ? ' (helpers under --cpu-prof: slower than usual)' : ''}. The helper runs as a child process`,
    `(\`threefold --home H helper --port 0\`); the bench is its client over the WebSocket (\`HelperClient\` with \`ws\`, as the panel).`,
    `${r.files.toLocaleString('en')} files of a few bytes in folders of ${FILES_PER_FOLDER.toLocaleString('en')}, and a gzip .prproj whose media are all of them; one local destination.`,
    `Load average (1 min) ${r.load[0].toFixed(1)} at the start, ${r.load[1].toFixed(1)} at the end, on ${os.cpus().length} cores.`,
    'Latency: a first request (the helper reads the project and looks at every file once), then N requests one after another,',
    'from sending the request to the result parsed and validated by `HelperClient` ("raw": until the response frame arrived, before',
    "the client's parse). `badges` is what the panel asks (src/protocol/badges.ts): the helper keeps each project's badges, answers",
    'from them at once and looks at the disk and the catalog again in the background (announcing what changed). The full `status`',
    "document (every copy's location) is measured for comparison. Peak RSS is the helper's VmHWM over the part (reset at its start),",
    "CPU the helper's user + system time over it.",
    '',
    '| benchmark | first request | N | p50 | p95 | raw p50 / p95 | request / response | helper peak RSS | helper CPU per request | target |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...r.latency.map(
      (l) =>
        `| ${l.name} | ${ms(l.firstMs)} | ${l.runs} | ${ms(l.p50Ms)} | ${ms(l.p95Ms)} | ${ms(l.rawP50Ms)} / ${ms(l.rawP95Ms)} | ${formatBytes(l.requestBytes)} / ${formatBytes(l.responseBytes)} | ${rss(l.usage)} | ${(l.usage.cpuSeconds / (l.runs + 1)).toFixed(2)} s | ${l.name.startsWith('badges') ? `p95 < ${STATUS_TARGET_MS} ms: ${met(l.p95Ms < STATUS_TARGET_MS)}; peak RSS < ${formatBytes(JOB_RSS_TARGET_BYTES)}: ${met(l.usage.peakRssBytes < JOB_RSS_TARGET_BYTES)}` : '(comparison)'} |`,
    ),
    '',
    "One protect job through a fresh helper (`request('protect')` until `job.finished`), against the CLI in a fresh home on the same files,",
    "one run each. Peak RSS: the helper's VmHWM from the request to `job.finished`; the CLI's own peak (`ru_maxrss`).",
    '',
    '| benchmark | Threefold helper | helper peak RSS | baseline | baseline time | ratio | target |',
    '|---|---|---|---|---|---|---|',
    `| ${j.name} | ${j.seconds.toFixed(1)} s (job ${j.engineSeconds.toFixed(1)} s) | ${rss(j.usage)} | \`threefold protect\` (CLI, fresh home; peak RSS ${j.baseline.peakRssBytes === null ? '–' : formatBytes(j.baseline.peakRssBytes)}) | ${j.baseline.seconds.toFixed(1)} s | ${(j.seconds / j.baseline.seconds).toFixed(2)}× | < ${formatBytes(JOB_RSS_TARGET_BYTES)} peak RSS: ${met(j.usage.peakRssBytes < JOB_RSS_TARGET_BYTES)} |`,
    '',
    `During the job the helper used ${j.usage.cpuSeconds.toFixed(1)} s of CPU (largest VmRSS sample ${formatBytes(j.usage.maxSampledRssBytes)} of ${j.usage.samples}) and sent`,
    `${j.events.assetStatus.toLocaleString('en')} \`asset.status\` and ${j.events.progress.toLocaleString('en')} \`job.progress\` events; the client spent ${j.clientCpuSeconds.toFixed(1)} s of CPU receiving and validating them.`,
    "The helper's peak RSS so far, polled every 250 ms from outside: when the catalog held every verified copy",
    `${milestone(j.milestones.recorded)}; when the ASC MHL generation appeared on the destination ${milestone(j.milestones.mhlWritten)}; when the job's catalog row`,
    `was finished (then only the closing status document is left) ${milestone(j.milestones.rowFinished)}; at \`job.finished\` ${formatBytes(j.usage.peakRssBytes)} at ${j.seconds.toFixed(1)} s.`,
  ];
}
