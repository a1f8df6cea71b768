// Restore and catalog rebuild through the helper, over real WebSocket and HTTP connections to an
// in-process helper, with real files and the real catalog: the job's events and result, cancel, the
// refusals a client can cause, a dry run, a rebuild, and the warnings a job carries.
import fs from 'node:fs';
import path from 'node:path';
import type { HelperClient } from '../../src/protocol/helperClient';
import type { HelperEvent, JobInfo } from '../../src/protocol/messages';
import { mapSourcePath } from '../../src/paths/mapSourcePath';
import type { RunningHelper } from '../../native-helper/service/helperServer';
import { runCli } from '../helpers/cli';
import { pairedClient, recordEvents, startTestHelper } from '../helpers/helperHarness';
import { apiCall } from '../helpers/helperHttp';
import { xxhsum } from '../helpers/oracles';
import { addTwoLocalFolders } from '../helpers/twoFolderHelper';
import { makeTempDir, pseudoRandomBytes, writeFile } from '../helpers/tempDir';
import { listFiles } from '../helpers/workspace';

let temp: ReturnType<typeof makeTempDir>;
let home: string;
let media: string;
let raid: string;
let usb: string;
let restored: string;
let helper: RunningHelper | undefined;
const clients: HelperClient[] = [];
const logLines: string[] = [];

beforeEach(() => {
  temp = makeTempDir();
  home = path.join(temp.dir, 'home');
  media = path.join(temp.dir, 'media');
  restored = path.join(temp.dir, 'restored');
  for (const d of [media, restored]) fs.mkdirSync(d, { recursive: true });
  ({ raid, usb } = addTwoLocalFolders(home, temp.dir));
  logLines.length = 0;
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await helper?.close();
  helper = undefined;
  temp.cleanup();
});

async function start(helperHome = home): Promise<number> {
  helper = await startTestHelper({ home: helperHome, port: 0, log: (line) => logLines.push(line) });
  return helper.port;
}

async function paired(port: number, helperHome = home): Promise<{ client: HelperClient; token: string }> {
  const p = await pairedClient(port, helperHome, 'restore test');
  clients.push(p.client);
  return p;
}

/** Media files protected by the CLI, each with its xxh64 as xxhsum computes it. */
function protectedMedia(count: number, size: number): Map<string, string> {
  const files = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const file = writeFile(path.join(media, `clip${String(i).padStart(3, '0')}.mov`), pseudoRandomBytes(size, i + 1));
    files.set(file, xxhsum(file));
  }
  expect(runCli(home, ['protect', media]).code).toBe(0);
  return files;
}

const underTo = (source: string): string => path.join(restored, ...mapSourcePath(source).split('/'));
const finishedJob = (jobId: number) => (e: HelperEvent) => e.type === 'job.finished' && e.job.id === jobId;
const partials = (folder: string) => listFiles(folder).filter((f) => f.includes('threefold-partial'));

describe('restore over the WebSocket', () => {
  it('a restore in place is a queued job: state, progress per source destination, a result with its files; the bytes are right', async () => {
    const files = protectedMedia(5, 3 * 1024 * 1024);
    for (const file of files.keys()) fs.rmSync(file);
    const port = await start();
    const { client } = await paired(port);
    const { events, next } = recordEvents(client);

    const answer = await client.request('restore', { targets: [media], from: 'usb' });
    if (!('job' in answer)) throw new Error('a restore is queued as a job');
    expect(answer.job).toMatchObject({ kind: 'restore', state: 'queued', title: `restore ${media}` });
    const finished = ((await next(finishedJob(answer.job.id))) as { job: JobInfo }).job;

    expect(events.some((e) => e.type === 'job.state' && e.job.id === answer.job.id && e.job.state === 'running')).toBe(true);
    const progress = events.flatMap((e) => (e.type === 'job.progress' && e.jobId === answer.job.id ? [e.progress] : []));
    expect(progress.length).toBeGreaterThan(0);
    const total = 5 * 3 * 1024 * 1024;
    expect(progress.at(-1)).toMatchObject({ filesDone: 5, filesTotal: 5, bytesDone: total, bytesTotal: total });
    expect(progress.at(-1)!.destinations.find((d) => d.name === 'usb')).toMatchObject({ filesDone: 5, bytesDone: total, filesFailed: 0 });
    expect(progress.at(-1)!.destinations.find((d) => d.name === 'raid')).toMatchObject({ filesTotal: 0, bytesDone: 0 });

    expect(finished).toMatchObject({ state: 'succeeded', result: { files: 5, bytes: total, upToDate: 0, failed: [] } });
    const outcome = finished.result!.restore!;
    expect(outcome).toMatchObject({ dryRun: false, to: null, totals: { restored: 5, failed: 0, notProtected: 0 }, filesNotListed: 0, unreachable: [] });
    expect(outcome.files.map((f) => [f.path, f.target, f.state, f.from]).sort()).toEqual([...files.keys()].map((f) => [f, f, 'restored', 'usb']).sort());
    for (const [file, hash] of files) expect(xxhsum(file)).toBe(hash);
    // Files back in place change their badges.
    expect(events.some((e) => e.type === 'badges.changed')).toBe(true);
    expect((await client.request('jobs', {})).jobs[0]).toMatchObject({ id: answer.job.id, kind: 'restore', state: 'succeeded' });
    expect((await client.request('status', { target: media })).summary).toMatchObject({ assets: 5, missing: 0, lost: 0 });
  });

  it('cancel stops the restore: the job ends cancelled, nothing partial, every file at a final name has the recorded bytes', async () => {
    // Enough files that the cancel, sent at the first progress with a file done, arrives with many left on a quiet disk.
    const files = protectedMedia(96, 4 * 1024 * 1024);
    const port = await start();
    const { client } = await paired(port);
    const { next } = recordEvents(client);
    const answer = await client.request('restore', { targets: [media], to: restored });
    if (!('job' in answer)) throw new Error('a restore is queued as a job');
    await next((e) => e.type === 'job.progress' && e.jobId === answer.job.id && e.progress.filesDone > 0);
    expect((await client.request('cancel', { jobId: answer.job.id })).job.id).toBe(answer.job.id);
    const finished = ((await next(finishedJob(answer.job.id))) as { job: JobInfo }).job;

    expect(finished.state).toBe('cancelled');
    expect(finished.result!.failed).toEqual([]);
    expect(partials(restored)).toEqual([]);
    const written = listFiles(restored);
    expect(written.length).toBeGreaterThan(0);
    expect(written.length).toBeLessThan(files.size);
    expect(finished.result!.restore!.totals.restored).toBe(written.length);
    const bySource = new Map([...files.keys()].map((f) => [underTo(f), files.get(f)!]));
    for (const file of written) expect(xxhsum(path.join(restored, file))).toBe(bySource.get(path.join(restored, file)));
    expect((await client.request('jobs', {})).jobs[0]).toMatchObject({ id: answer.job.id, kind: 'restore', state: 'cancelled' });
  });

  it('a file whose every copy is corrupt fails with each reason, listed first; the others are restored', async () => {
    const files = protectedMedia(3, 100_000);
    const [bad] = [...files.keys()].sort();
    for (const root of [raid, usb]) fs.writeFileSync(path.join(root, mapSourcePath(bad!)), pseudoRandomBytes(100_000, 99));
    const port = await start();
    const { client } = await paired(port);
    const { next } = recordEvents(client);
    const answer = await client.request('restore', { targets: [media], to: restored });
    if (!('job' in answer)) throw new Error('a restore is queued as a job');
    const finished = ((await next(finishedJob(answer.job.id))) as { job: JobInfo }).job;
    expect(finished).toMatchObject({ state: 'failed', result: { files: 2, failed: [{ path: bad, destination: null }] } });
    expect(finished.result!.failed[0]!.error).toMatch(/raid: .*marked failed.*usb: .*marked failed/);
    const outcome = finished.result!.restore!;
    expect(outcome.totals).toMatchObject({ restored: 2, failed: 1 });
    expect(outcome.files.map((f) => f.state)).toEqual(['failed', 'restored', 'restored']);
    expect(outcome.files[0]).toMatchObject({ path: bad, attempts: [{ destination: 'raid' }, { destination: 'usb' }] });
    expect(fs.existsSync(underTo(bad!))).toBe(false);
    for (const [file, hash] of files) if (file !== bad) expect(xxhsum(underTo(file))).toBe(hash);
    expect(partials(restored)).toEqual([]);
  });

  it('refuses what a client gets wrong, with a message naming it; nothing is queued', async () => {
    protectedMedia(1, 1024);
    const port = await start();
    const { client } = await paired(port);
    await expect(client.request('restore', { targets: ['media/clip000.mov'] })).rejects.toMatchObject({
      code: 'bad-request',
      message: expect.stringMatching(/targets.*absolute path/),
    });
    await expect(client.request('restore', { targets: [media], to: 'restored' })).rejects.toMatchObject({
      code: 'bad-request',
      message: expect.stringMatching(/to.*absolute path/),
    });
    await expect(client.request('restore', { targets: [media], clobber: 'replace' as 'overwrite' })).rejects.toMatchObject({ code: 'bad-request' });
    await expect(client.request('restore', { targets: [] })).rejects.toMatchObject({ code: 'bad-request', message: expect.stringContaining('targets') });
    await expect(client.request('restore', { targets: [media], from: 'nas' })).rejects.toMatchObject({
      code: 'failed',
      message: expect.stringMatching(/^Unknown destination nas/),
    });
    await expect(client.request('restore', { targets: [media], to: path.join(temp.dir, 'unplugged') })).rejects.toMatchObject({
      code: 'failed',
      message: expect.stringContaining('create the folder first'),
    });
    await expect(client.request('restore', { targets: [media], to: raid })).rejects.toMatchObject({
      code: 'failed',
      message: expect.stringContaining('overlaps the destination folder'),
    });
    expect((await client.request('jobs', {})).jobs.filter((j) => j.kind === 'restore')).toEqual([]);
  });

  it('a dry run answers at once with its plan and is no job; nothing is written', async () => {
    const files = protectedMedia(3, 100_000);
    const port = await start();
    const { client } = await paired(port);
    const answer = await client.request('restore', { targets: [media], to: restored, dryRun: true });
    if (!('plan' in answer)) throw new Error('a dry run answers with its plan');
    expect(answer.plan).toMatchObject({ dryRun: true, to: restored, totals: { files: 3, bytes: 300_000, restored: 3 } });
    expect(answer.plan.files.map((f) => [f.target, f.state, f.from]).sort()).toEqual(
      [...files.keys()].map((f) => [underTo(f), 'would-restore', 'raid']).sort(),
    );
    expect(listFiles(restored)).toEqual([]);
    expect((await client.request('jobs', {})).jobs.filter((j) => j.kind === 'restore')).toEqual([]);
  });
});

describe('restore over HTTP (the Lightroom plug-in)', () => {
  it('the same request through POST /api: queued, followed by polling jobs, the files restored under the folder with their bytes', async () => {
    const files = protectedMedia(3, 2 * 1024 * 1024);
    const port = await start();
    const { token } = await paired(port);
    const answer = await apiCall(port, { id: 'r', type: 'restore', targets: [...files.keys()], to: restored }, { token });
    expect(answer).toMatchObject({ status: 200, json: { id: 'r', ok: true, result: { job: { kind: 'restore', state: 'queued' } } } });
    const jobId = answer.json!.result.job.id as number;
    let job: JobInfo | undefined;
    for (let i = 0; i < 300 && job?.finishedAt == null; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const jobs = (await apiCall(port, { id: 'j', type: 'jobs' }, { token })).json!.result.jobs as JobInfo[];
      job = jobs.find((j) => j.id === jobId);
    }
    expect(job).toMatchObject({ state: 'succeeded', result: { files: 3, bytes: 3 * 2 * 1024 * 1024, failed: [] } });
    for (const [file, hash] of files) expect(xxhsum(underTo(file))).toBe(hash);

    const refused = await apiCall(port, { id: 'x', type: 'restore', targets: ['clip.mov'] }, { token });
    expect(refused).toMatchObject({ status: 400, json: { id: 'x', ok: false, error: { code: 'bad-request' } } });
  });
});

describe('catalog rebuild over the WebSocket', () => {
  it('a fresh home learns the copies from a destination as a rebuild job, whose result is what the CLI says', async () => {
    const files = protectedMedia(3, 200_000);
    const fresh = path.join(temp.dir, 'fresh-home');
    expect(runCli(fresh, ['dest', 'add', 'raid', raid, '--media', 'raid']).code).toBe(0);
    const port = await start(fresh);
    const { client } = await paired(port, fresh);
    const { next } = recordEvents(client);

    await expect(client.request('catalog.rebuild', { from: 'b2' })).rejects.toMatchObject({
      code: 'failed',
      message: expect.stringContaining('threefold dest add b2'),
    });
    await expect(client.request('catalog.rebuild', { from: 'raid', homeId: 'nope' })).rejects.toMatchObject({
      code: 'bad-request',
      message: expect.stringContaining('home id'),
    });
    const { job } = await client.request('catalog.rebuild', { from: 'raid' });
    expect(job).toMatchObject({ kind: 'rebuild', state: 'queued', title: 'rebuild the catalog from raid' });
    const finished = ((await next(finishedJob(job.id))) as { job: JobInfo }).job;
    expect(finished).toMatchObject({ state: 'succeeded', result: { files: 3, failed: [] } });
    expect(finished.result!.warnings).toBeUndefined();
    expect(finished.result!.rebuild).toMatchObject({ destination: 'raid', catalogWasEmpty: true, snapshot: { added: { assets: 3, copies: 3 } } });
    // The usb copies are recorded in the snapshot, but usb is not configured in the fresh home.
    expect(finished.result!.rebuild!.notConfigured).toEqual([{ name: 'usb', location: expect.stringContaining(usb), copies: 3 }]);

    const status = await client.request('status', { target: media });
    expect(status.assets.map((a) => [a.path, a.xxh64]).sort()).toEqual([...files].sort());
    expect((await client.request('jobs', {})).jobs[0]).toMatchObject({ id: job.id, kind: 'rebuild', state: 'succeeded' });
  });
});

describe('catalog rebuild from the CLI', () => {
  it('is a rebuild job too: its --json says which, and the helper lists it', async () => {
    protectedMedia(2, 50_000);
    const fresh = path.join(temp.dir, 'fresh-home');
    expect(runCli(fresh, ['dest', 'add', 'raid', raid, '--media', 'raid']).code).toBe(0);
    const rebuilt = runCli(fresh, ['catalog', 'rebuild', '--from', 'raid', '--json']);
    expect(rebuilt.code).toBe(0);
    const report = JSON.parse(rebuilt.stdout) as { job: { id: number; state: string }; snapshot: { added: { copies: number } } };
    expect(report).toMatchObject({ job: { state: 'succeeded' }, snapshot: { added: { copies: 2 } } });
    const port = await start(fresh);
    const { client } = await paired(port, fresh);
    expect((await client.request('jobs', {})).jobs).toMatchObject([{ id: report.job.id, kind: 'rebuild', state: 'succeeded', result: { files: 2 } }]);
  });
});

describe('job warnings reach the panel', () => {
  it('a protect whose state snapshot cannot be put succeeds with the warning in its result', async () => {
    writeFile(path.join(media, 'A001.mov'), pseudoRandomBytes(50_000, 1));
    writeFile(path.join(raid, '.threefold', 'state'), 'in the way');
    const port = await start();
    const { client } = await paired(port);
    const { next } = recordEvents(client);
    const { job } = await client.request('protect', { targets: [media] });
    const finished = ((await next(finishedJob(job.id))) as { job: JobInfo }).job;
    expect(finished).toMatchObject({ state: 'succeeded', result: { files: 1 } });
    expect(finished.result!.warnings).toEqual([expect.stringContaining("raid: Threefold's own state (catalog and config) could not be put there")]);

    const verified = await client.request('verify', {});
    const checked = ((await next(finishedJob(verified.job.id))) as { job: JobInfo }).job;
    expect(checked.state).toBe('succeeded');
    expect(checked.result!.warnings).toEqual([expect.stringContaining("raid: Threefold's own state (catalog and config) could not be put there")]);
  });
});
