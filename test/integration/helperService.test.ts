// The helper over real WebSocket connections: pairing and tokens, admission (Origin, Host), limits,
// jobs watched by two clients, cancel, a helper killed mid-job, the CLI and the helper at once.
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { WebSocket } from 'ws';
import { MAX_MESSAGE_BYTES } from '../../src/protocol/constants';
import type { HelperRequestError, HelperClient } from '../../src/protocol/helperClient';
import type { HelperEvent, JobInfo } from '../../src/protocol/messages';
import type { RunningHelper } from '../../native-helper/service/helperServer';
import { Catalog } from '../../native-helper/catalog/catalog';
import type { ProtectReport } from '../../native-helper/engine/protect';
import { runCli, runCliAsync } from '../helpers/cli';
import { connect, pairedClient, pairingCode, recordEvents, spawnHelper, startTestHelper } from '../helpers/helperHarness';
import { addTwoLocalFolders } from '../helpers/twoFolderHelper';
import { makeTempDir, pseudoRandomBytes, writeFile } from '../helpers/tempDir';
import { listFiles } from '../helpers/workspace';
import { xxhsum } from '../helpers/oracles';

let temp: ReturnType<typeof makeTempDir>;
let home: string;
let media: string;
let raid: string;
let usb: string;
let helper: RunningHelper | undefined;
const clients: HelperClient[] = [];
const logLines: string[] = [];

beforeEach(() => {
  temp = makeTempDir();
  home = path.join(temp.dir, 'home');
  media = path.join(temp.dir, 'media');
  fs.mkdirSync(media, { recursive: true });
  ({ raid, usb } = addTwoLocalFolders(home, temp.dir));
  logLines.length = 0;
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await helper?.close();
  helper = undefined;
  temp.cleanup();
});

async function start(options: { panelDir?: string } = {}): Promise<number> {
  helper = await startTestHelper({ home, port: 0, log: (line) => logLines.push(line), ...options });
  return helper.port;
}

async function paired(port: number, name = 'test'): Promise<HelperClient> {
  const { client } = await pairedClient(port, home, name);
  clients.push(client);
  return client;
}

/** Status and reason of an upgrade the helper refuses. */
function refusedUpgrade(port: number, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}`, { headers });
    ws.on('open', () => reject(new Error('the helper accepted the connection')));
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('error', () => undefined);
  });
}

function rawSocket(port: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}`);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function nextMessage(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(data.toString()) as Record<string, unknown>)));
}

function makeMedia(count: number, size: number): string[] {
  return Array.from({ length: count }, (_, i) => writeFile(path.join(media, `clip${String(i).padStart(3, '0')}.mov`), pseudoRandomBytes(size, i + 1)));
}

const finishedJob = (jobId: number) => (e: HelperEvent) => e.type === 'job.finished' && e.job.id === jobId;
const partials = (folder: string) => listFiles(folder).filter((f) => f.includes('threefold-partial'));

describe('pairing and tokens', () => {
  it('a client pairs once with a code and then connects with its token; wrong codes and tokens are refused', async () => {
    const port = await start();
    const stranger = await connect(port);
    clients.push(stranger);
    expect(await stranger.hello('stranger')).toMatchObject({ paired: false, protocol: 1 });
    await expect(stranger.request('jobs', {})).rejects.toMatchObject({ code: 'unauthorized', message: expect.stringContaining('threefold pair') });
    await expect(stranger.request('pair', { code: 'AAAA-AAAA', client: 'stranger' })).rejects.toMatchObject({ code: 'unauthorized' });

    const code = pairingCode(home);
    const { token } = await stranger.request('pair', { code: code.toLowerCase().replace('-', ' '), client: 'panel' });
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(await stranger.request('jobs', {})).toEqual({ jobs: [] });

    const again = await connect(port);
    clients.push(again);
    await again.hello('panel');
    await expect(again.request('pair', { code, client: 'panel' })).rejects.toMatchObject({ code: 'unauthorized' }); // used up

    const returning = await connect(port);
    clients.push(returning);
    expect(await returning.hello('panel', token)).toMatchObject({ paired: true });
    expect((await returning.request('destinations.list', {})).destinations.map((d) => d.name)).toEqual(['raid', 'usb']);

    const forged = await connect(port);
    clients.push(forged);
    await expect(forged.hello('forged', `${token.slice(0, -2)}xx`)).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('`threefold pair --revoke-all` stops every token at its next request, on open connections too', async () => {
    const port = await start();
    const client = await paired(port);
    expect(await client.request('jobs', {})).toEqual({ jobs: [] });
    const r = runCli(home, ['pair', '--revoke-all']);
    expect(r).toMatchObject({ code: 0, stdout: expect.stringContaining('Revoked 1 pairing') });
    await expect(client.request('jobs', {})).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('`threefold pair` prints a code the helper accepts', async () => {
    const port = await start();
    const printed = runCli(home, ['pair']);
    const code = /Pairing code: (\S+)/.exec(printed.stdout)?.[1];
    expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    const client = await connect(port);
    clients.push(client);
    await client.hello('panel');
    expect((await client.request('pair', { code: code!, client: 'panel' })).token.length).toBeGreaterThan(20);
  });

  it('a client speaking another protocol version gets a clear error', async () => {
    const port = await start();
    const ws = await rawSocket(port);
    ws.send(JSON.stringify({ id: '1', type: 'hello', protocol: 99, client: 'future panel' }));
    expect(await nextMessage(ws)).toMatchObject({
      id: '1',
      ok: false,
      error: { code: 'protocol-version', message: expect.stringContaining('update the helper') },
    });
    ws.send(JSON.stringify({ id: '2', type: 'jobs' }));
    expect(await nextMessage(ws)).toMatchObject({ id: '2', ok: false, error: { code: 'bad-request', message: expect.stringContaining('hello') } });
    ws.close();
  });
});

describe('admission', () => {
  it('refuses a web page’s Origin and a non-loopback Host; accepts its own origin, a plug-in’s and clients without one', async () => {
    const port = await start();
    expect(await refusedUpgrade(port, { Origin: 'https://evil.example' })).toMatchObject({ status: 403, body: expect.stringContaining('evil.example') });
    expect(await refusedUpgrade(port, { Origin: 'http://localhost:3000' })).toMatchObject({ status: 403, body: expect.stringContaining('--allow-origin') });
    expect(await refusedUpgrade(port, { Origin: 'chrome-extension://abcdefghijklmnop' })).toMatchObject({ status: 403 });
    expect(await refusedUpgrade(port, { Origin: `http://127.0.0.1:${port + 1}` })).toMatchObject({ status: 403 });
    expect(await refusedUpgrade(port, { Host: `rebound.example:${port}` })).toMatchObject({ status: 421, body: expect.stringContaining('loopback') });

    // What a UXP panel may send (undocumented): admitted, and still unpaired until it shows a token.
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`, 'null', 'file://', 'uxp://com.threefold.panel']) {
      const client = await connect(port, { Origin: origin });
      clients.push(client);
      expect(await client.hello('browser panel')).toMatchObject({ paired: false });
      await expect(client.request('jobs', {})).rejects.toMatchObject({ code: 'unauthorized' });
    }
    expect(logLines.some((l) => l.includes('refused a connection') && l.includes('evil.example'))).toBe(true);
  });

  it('serves the browser build of the panel at its own origin, and nothing outside it', async () => {
    const panelDir = path.join(temp.dir, 'panel-web');
    writeFile(path.join(panelDir, 'index.html'), '<!doctype html><title>Threefold</title>');
    writeFile(path.join(temp.dir, 'secret.txt'), 'secret');
    const port = await start({ panelDir });
    const get = (p: string, headers: Record<string, string> = {}) =>
      new Promise<{ status: number; body: string; csp: string | undefined }>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port, path: p, headers }, (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body, csp: res.headers['content-security-policy'] as string | undefined }));
          })
          .on('error', reject);
      });
    expect(await get('/')).toMatchObject({
      status: 200,
      body: expect.stringContaining('<title>Threefold</title>'),
      csp: expect.stringContaining("default-src 'self'"),
    });
    expect((await get('/../secret.txt')).status).toBe(404);
    expect((await get('/%2e%2e/secret.txt')).status).toBe(404);
    expect((await get('/', { Host: 'rebound.example' })).status).toBe(421);
  });
});

describe('limits: bad messages never take the helper down', () => {
  it('malformed JSON and invalid requests get errors; the connection goes on', async () => {
    const port = await start();
    const { token } = await pairedClient(port, home);
    const ws = await rawSocket(port);
    ws.send(JSON.stringify({ id: '1', type: 'hello', protocol: 1, client: 'raw', token }));
    expect(await nextMessage(ws)).toMatchObject({ id: '1', ok: true, result: { paired: true } });
    ws.send('{ not json');
    expect(await nextMessage(ws)).toMatchObject({ type: 'error', error: { code: 'bad-request', message: 'The message is not JSON' } });
    ws.send(JSON.stringify({ id: '7', type: 'scan', target: 'relative/path' }));
    expect(await nextMessage(ws)).toMatchObject({ id: '7', ok: false, error: { code: 'bad-request', message: expect.stringContaining('absolute path') } });
    ws.send(JSON.stringify({ id: '8', type: 'launch-missiles' }));
    expect(await nextMessage(ws)).toMatchObject({ id: '8', ok: false, error: { code: 'bad-request' } });
    ws.send(JSON.stringify({ id: '9', type: 'jobs' }));
    expect(await nextMessage(ws)).toMatchObject({ id: '9', ok: true, result: { jobs: [] } });
    ws.close();
  });

  it('before pairing only a small hello or pair is read: anything else is refused cheaply', async () => {
    const port = await start();
    const ws = await rawSocket(port);
    ws.send(JSON.stringify({ id: '1', type: 'status', host: { name: 'x', media: Array.from({ length: 50 }, () => 1) } }));
    expect(await nextMessage(ws)).toMatchObject({ id: '1', ok: false, error: { code: 'bad-request', message: expect.stringContaining('hello first') } });
    ws.send(JSON.stringify({ id: '2', type: 'hello', protocol: 1, client: 'x' }));
    expect(await nextMessage(ws)).toMatchObject({ id: '2', ok: true, result: { paired: false } });
    ws.send(JSON.stringify({ id: '3', type: 'jobs' }));
    expect(await nextMessage(ws)).toMatchObject({ id: '3', ok: false, error: { code: 'unauthorized' } });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send(JSON.stringify({ id: '4', type: 'pair', code: 'x'.repeat(5000), client: 'x' }));
    expect(await closed).toBe(1009);
  });

  it('a hello from a newer client with fields this helper does not know gets the version error, not a schema error', async () => {
    const port = await start();
    const ws = await rawSocket(port);
    ws.send(JSON.stringify({ id: '1', type: 'hello', protocol: 2, client: 'x', capabilities: ['future'] }));
    expect(await nextMessage(ws)).toMatchObject({ id: '1', ok: false, error: { code: 'protocol-version' } });
    ws.close();
  });

  it('a client resetting the socket while its upgrade is refused does not bring the helper down', async () => {
    const port = await start();
    for (let i = 0; i < 20; i++) {
      const socket = net.connect(port, '127.0.0.1');
      socket.on('error', () => undefined);
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.write(
        `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nOrigin: https://evil.example\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${Buffer.alloc(16, i).toString('base64')}\r\n\r\n`,
      );
      socket.resetAndDestroy();
    }
    const client = await paired(port);
    expect(await client.request('jobs', {})).toEqual({ jobs: [] });
  });

  it('idle unpaired sockets cannot lock out a client with a token: the longest-waiting gives way', async () => {
    const port = await start();
    const { client: pairing, token } = await pairedClient(port, home, 'panel');
    pairing.close();
    const idle: WebSocket[] = [];
    const closes: Array<Promise<number>> = [];
    for (let i = 0; i < 6; i++) {
      const ws = await rawSocket(port);
      idle.push(ws);
      closes.push(new Promise((resolve) => ws.once('close', (code) => resolve(code))));
    }
    const panel = await connect(port);
    clients.push(panel);
    expect(await panel.hello('panel', token)).toMatchObject({ paired: true });
    expect(await panel.request('jobs', {})).toEqual({ jobs: [] });
    // Six idle sockets and the panel came in one after another: the three oldest made room for the rest.
    expect(await Promise.all(closes.slice(0, 3))).toEqual([1008, 1008, 1008]);
    expect(idle.slice(3).map((ws) => ws.readyState)).toEqual([WebSocket.OPEN, WebSocket.OPEN, WebSocket.OPEN]);
    const another = await paired(port, 'second panel');
    expect(await another.request('jobs', {})).toEqual({ jobs: [] });
    for (const ws of idle) ws.close();
  });

  it('an unpaired socket is closed after the unpaired timeout; a paired one stays', async () => {
    helper = await startTestHelper({ home, port: 0, unpairedTimeoutMs: 300, log: (line) => logLines.push(line) });
    const idle = await rawSocket(helper.port);
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      idle.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    const client = await paired(helper.port);
    expect(await closed).toEqual({ code: 1008, reason: 'not paired in time' });
    await new Promise((r) => setTimeout(r, 400));
    expect(await client.request('jobs', {})).toEqual({ jobs: [] });
  });

  it('an open connection whose token is revoked stops receiving events', async () => {
    const port = await start();
    makeMedia(2, 1024 * 1024);
    const intruder = await paired(port, 'intruder');
    const closed = new Promise<string>((resolve) => intruder.onClose(resolve));
    const { events } = recordEvents(intruder);
    expect(runCli(home, ['pair', '--revoke-all']).code).toBe(0);
    const editor = await paired(port, 'editor');
    const { next } = recordEvents(editor);
    await new Promise((r) => setTimeout(r, 1100)); // the connection's token check is at most a second old
    const { job } = await editor.request('protect', { targets: [media] });
    await next(finishedJob(job.id));
    expect(await closed).toContain('unpaired');
    expect(events).toEqual([]);
  });

  it('an oversized message closes only its connection (1009); the helper and other clients go on', async () => {
    const port = await start();
    const bystander = await paired(port, 'bystander');
    const ws = await rawSocket(port);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send(Buffer.alloc(MAX_MESSAGE_BYTES + 1, 0x20).toString());
    expect(await closed).toBe(1009);
    expect(await bystander.request('jobs', {})).toEqual({ jobs: [] });
    const newcomer = await connect(port);
    clients.push(newcomer);
    expect(await newcomer.hello('newcomer')).toMatchObject({ paired: false });
  });

  it('a flood of requests is answered with rate-limited errors; the connection and the helper survive', async () => {
    const port = await start();
    const client = await paired(port);
    const results = await Promise.allSettled(Array.from({ length: 400 }, () => client.request('jobs', {})));
    const limited = results.filter((r) => r.status === 'rejected' && (r.reason as HelperRequestError).code === 'rate-limited');
    const answered = results.filter((r) => r.status === 'fulfilled');
    expect(limited.length).toBeGreaterThan(0);
    expect(answered.length).toBeGreaterThanOrEqual(90);
    expect(limited.length + answered.length).toBe(400);
    await new Promise((r) => setTimeout(r, 500));
    expect(await client.request('jobs', {})).toEqual({ jobs: [] });
  });

  it('paths and destinations from clients get the CLI’s validation and its clear messages', async () => {
    const port = await start();
    const client = await paired(port);
    await expect(client.request('scan', { target: path.join(temp.dir, 'nope') })).rejects.toMatchObject({
      code: 'failed',
      message: expect.stringContaining('no such file or folder'),
    });
    await expect(client.request('protect', { targets: [media], destinations: ['nas'] })).rejects.toMatchObject({
      code: 'failed',
      message: expect.stringContaining('Unknown destination nas'),
    });
    await expect(client.request('destinations.add', { name: 'bad', where: path.join(temp.dir, 'nope') })).rejects.toMatchObject({
      code: 'failed',
      message: expect.stringContaining('media label is required'),
    });
    await expect(client.request('destinations.add', { name: 'bad', where: path.join(temp.dir, 'nope'), media: 'hdd' })).rejects.toMatchObject({
      code: 'failed',
      message: expect.stringContaining('cannot be used'),
    });
    const extra = path.join(temp.dir, 'extra');
    fs.mkdirSync(extra);
    expect(await client.request('destinations.add', { name: 'extra', where: extra, media: 'ssd' })).toEqual({
      destination: { name: 'extra', kind: 'local', where: extra, media: 'ssd', offsite: false },
    });
    expect(await client.request('destinations.test', { name: 'extra' })).toEqual({ ok: true });
    expect(await client.request('destinations.remove', { name: 'extra' })).toEqual({ removed: 'extra' });
    expect(runCli(home, ['dest', 'list']).stdout).not.toContain('extra');
  });
});

describe('jobs', () => {
  it('two clients see the same job: its state, progress, asset states and result', async () => {
    const port = await start();
    const files = makeMedia(6, 2 * 1024 * 1024);
    const editor = await paired(port, 'editor');
    const watcher = await paired(port, 'watcher');
    const editorEvents = recordEvents(editor);
    const watcherEvents = recordEvents(watcher);

    const { job } = await editor.request('protect', { targets: [media] });
    expect(job).toMatchObject({ kind: 'protect', state: 'queued', title: media });
    for (const { next, events } of [editorEvents, watcherEvents]) {
      const finished = (await next(finishedJob(job.id))) as { job: JobInfo };
      expect(finished.job).toMatchObject({ state: 'succeeded', result: { files: 6, bytes: 6 * 2 * 1024 * 1024, failed: [] } });
      expect(events.some((e) => e.type === 'job.state' && e.job.id === job.id && e.job.state === 'running')).toBe(true);
      const progress = events.filter((e) => e.type === 'job.progress');
      expect(progress.length).toBeGreaterThan(0);
      const assets = events.flatMap((e) => (e.type === 'asset.status' ? [e.asset] : []));
      expect(new Set(assets.map((a) => a.path))).toEqual(new Set(files));
      expect(assets.every((a) => a.copies === 3 && a.state === 'partial')).toBe(true);
    }
    const status = await watcher.request('status', { target: media });
    expect(status.summary).toMatchObject({ assets: 6, partial: 6 });
    for (const asset of status.assets) for (const copy of asset.locations) expect(xxhsum(copy.location)).toBe(xxhsum(asset.path));
    expect((await watcher.request('jobs', {})).jobs).toMatchObject([{ id: job.id, state: 'succeeded' }]);
  });

  it('a drill request runs as a job: its result, and the last drill in the status the panel gets', async () => {
    const port = await start();
    makeMedia(4, 1024 * 1024);
    expect(runCli(home, ['protect', media]).code).toBe(0);
    const client = await paired(port);
    const { events, next } = recordEvents(client);
    await expect(client.request('drill', { destinations: ['nowhere'] })).rejects.toMatchObject({ code: 'failed', message: expect.stringContaining('nowhere') });
    const { job } = await client.request('drill', { files: 4 });
    expect(job).toMatchObject({ kind: 'drill', state: 'queued' });
    const finished = (await next(finishedJob(job.id))) as { job: JobInfo };
    expect(finished.job).toMatchObject({ kind: 'drill', state: 'succeeded', result: { files: 4, bytes: 4 * 1024 * 1024, failed: [] } });
    expect(events.some((e) => e.type === 'job.progress' && e.jobId === job.id)).toBe(true);
    const recorded = finished.job.result!.drill!;
    expect(recorded).toMatchObject({ jobId: job.id, files: 4, failures: 0 });
    expect(recorded.destinations.map((d) => d.destination)).toEqual(['raid', 'usb']);
    const status = await client.request('status', { target: media });
    expect(status.lastDrill).toEqual(recorded);
    expect(status.drillsDue).toEqual([]);
    expect((await client.request('jobs', {})).jobs[0]).toMatchObject({ id: job.id, kind: 'drill', state: 'succeeded' });
  });

  it('progress events stay under 10 a second per job', async () => {
    const port = await start();
    makeMedia(40, 4 * 1024 * 1024);
    const client = await paired(port);
    const { events, next } = recordEvents(client);
    const started = performance.now();
    const { job } = await client.request('protect', { targets: [media] });
    await next(finishedJob(job.id));
    const seconds = (performance.now() - started) / 1000;
    const progress = events.filter((e) => e.type === 'job.progress').length;
    expect(progress).toBeGreaterThan(0);
    expect(progress).toBeLessThanOrEqual(Math.ceil(seconds * 10) + 1);
  });

  it('cancel stops within a second, leaves no partial file, and keeps the verified copies; the next protect finishes', async () => {
    const port = await start();
    const files = makeMedia(40, 16 * 1024 * 1024);
    const client = await paired(port);
    const { next } = recordEvents(client);
    const { job } = await client.request('protect', { targets: [media] });
    await next((e) => e.type === 'asset.status' && e.jobId === job.id);
    const cancelledAt = performance.now();
    await client.request('cancel', { jobId: job.id });
    const finished = (await next(finishedJob(job.id))) as { job: JobInfo };
    // The job checks between 4 MiB chunks: it stops in tens of milliseconds (the issue asks for a second;
    // the margin is for a loaded CI machine).
    expect(performance.now() - cancelledAt).toBeLessThan(2000);
    expect(finished.job.state).toBe('cancelled');
    expect(finished.job.result!.failed).toEqual([]);
    expect(partials(raid)).toEqual([]);
    expect(partials(usb)).toEqual([]);

    const copied = finished.job.result!.files;
    expect(copied).toBeGreaterThan(0);
    expect(copied).toBeLessThan(files.length);
    const status = await client.request('status', { target: media });
    expect(status.summary.partial).toBe(copied);
    expect(status.summary.unprotected).toBe(files.length - copied);

    const rerun = await client.request('protect', { targets: [media] });
    const done = (await next(finishedJob(rerun.job.id))) as { job: JobInfo };
    expect(done.job.result).toMatchObject({ files: files.length - copied, upToDate: copied, failed: [] });
    expect((await client.request('jobs', {})).jobs.map((j) => j.state)).toEqual(['succeeded', 'cancelled']);
  });

  it('protects the media list a host adapter sends (the panel’s open project), the project file as versions', async () => {
    const port = await start();
    const [clip] = makeMedia(1, 1024 * 1024);
    const project = writeFile(path.join(temp.dir, 'projects', 'Film.prproj'), 'not read: the host lists the media');
    const offline = path.join(temp.dir, 'unplugged', 'gone.mov');
    const client = await paired(port);
    const { next } = recordEvents(client);
    const host = {
      name: 'Film',
      media: [
        { path: clip!, clips: ['Interview A'] },
        { path: project, role: 'project' as const },
        { path: offline, clips: ['B-roll'], offline: true },
      ],
    };
    const before = await client.request('status', { host });
    // Gone and never copied: lost.
    expect(before.summary).toMatchObject({ assets: 3, unprotected: 2, lost: 1 });
    expect(before.assets.find((a) => a.path === clip)).toMatchObject({ clips: ['Interview A'], role: 'media' });

    const { job } = await client.request('protect', { host });
    const finished = (await next(finishedJob(job.id))) as { job: JobInfo };
    expect(finished.job).toMatchObject({ title: 'Film', state: 'failed' });
    expect(finished.job.result!.failed).toEqual([expect.objectContaining({ path: offline, error: expect.stringContaining('offline') })]);
    const versions = listFiles(raid).filter((f) => f.includes('.threefold-versions'));
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatch(/\.threefold-versions\/Film\.\d{4}-\d\d-\d\dT\d{6}(\.\d+)?Z\.prproj$/);
  });

  it('the CLI and the helper protect the same files at once: they take turns per destination, nothing is corrupted', async () => {
    const port = await start();
    const files = makeMedia(30, 4 * 1024 * 1024);
    const client = await paired(port);
    const { next } = recordEvents(client);
    const { job } = await client.request('protect', { targets: [media] });
    const cli = runCliAsync(home, ['protect', media, '--json']);
    const [finished, cliResult] = await Promise.all([next(finishedJob(job.id), 120_000) as Promise<{ job: JobInfo }>, cli]);
    expect(finished.job.state).toBe('succeeded');
    expect(cliResult.code).toBe(0);
    const report = JSON.parse(cliResult.stdout) as ProtectReport;
    // Whichever ran second found the other's verified copies.
    expect(finished.job.result!.files + report.job.files).toBe(files.length);
    expect(report.summary).toMatchObject({ assets: files.length, partial: files.length });
    for (const folder of [raid, usb]) expect(partials(folder)).toEqual([]);
    for (const asset of report.assets) {
      expect(asset.locations).toHaveLength(2);
      for (const copy of asset.locations) expect(xxhsum(copy.location)).toBe(xxhsum(asset.path));
    }
    const catalog = Catalog.open(path.join(home, 'catalog.sqlite'));
    try {
      expect(catalog.copies.list({ kind: 'all' })).toHaveLength(files.length * 2);
    } finally {
      catalog.close();
    }
  });
});

describe('the CLI watching the helper', () => {
  it('`threefold jobs --watch` follows a job the panel started until it finishes; `threefold jobs` lists it', async () => {
    const port = await start();
    makeMedia(20, 8 * 1024 * 1024);
    const client = await paired(port);
    const { next } = recordEvents(client);
    const { job } = await client.request('protect', { targets: [media] });
    await next((e) => e.type === 'job.state' && e.job.state === 'running');
    const watched = await runCliAsync(home, ['jobs', '--watch', '--port', String(port)]);
    expect(watched.code).toBe(0);
    expect(watched.stdout).toContain(`job ${job.id} protect`);
    expect(watched.stdout).toMatch(new RegExp(`job ${job.id} protect .*: succeeded, 20 files`));
    const listed = runCli(home, ['jobs']);
    expect(listed.stdout).toMatch(new RegExp(`job ${job.id} protect .*: succeeded`));
    // Its token lived only while it watched.
    await expect(client.request('jobs', {})).resolves.toMatchObject({ jobs: [{ id: job.id }] });
    const catalog = Catalog.open(path.join(home, 'catalog.sqlite'));
    try {
      expect(catalog.pairing.revokeAll()).toBe(1); // the test client's only
    } finally {
      catalog.close();
    }
  });

  it('`threefold jobs --watch` without a helper says how to start one', async () => {
    const r = runCli(home, ['jobs', '--watch', '--port', '9']);
    expect(r).toMatchObject({ code: 2, stderr: expect.stringContaining('start it with `threefold helper`') });
  });
});

describe('a helper killed mid-job', () => {
  it('reports the job as interrupted after a restart; protecting again finishes it and nothing is lost', async () => {
    const files = makeMedia(30, 16 * 1024 * 1024);
    const first = await spawnHelper(home);
    const { client } = await pairedClient(first.port, home, 'panel');
    const { next } = recordEvents(client);
    const { job } = await client.request('protect', { targets: [media] });
    await next((e) => e.type === 'asset.status' && e.jobId === job.id);
    first.child.kill('SIGKILL');
    await first.stop();

    const second = await spawnHelper(home);
    try {
      const { client: again } = await pairedClient(second.port, home, 'panel');
      clients.push(again);
      const jobs = (await again.request('jobs', {})).jobs;
      expect(jobs).toMatchObject([{ id: job.id, state: 'interrupted', error: expect.stringContaining('protect again') }]);
      const events = recordEvents(again);
      const rerun = await again.request('protect', { targets: [media] });
      const done = (await events.next(finishedJob(rerun.job.id), 120_000)) as { job: JobInfo };
      expect(done.job.state).toBe('succeeded');
      expect(done.job.result!.upToDate).toBeGreaterThan(0);
      expect(partials(raid)).toEqual([]);
      expect(partials(usb)).toEqual([]);
      const status = await again.request('status', { target: media });
      expect(status.summary).toMatchObject({ assets: files.length, partial: files.length });
    } finally {
      await second.stop();
    }
  });

  it("the partial files a killed job left among the destinations' own records are never counted, and the next protect removes them", async () => {
    const files = makeMedia(3, 100_000);
    expect(runCli(home, ['protect', media]).code).toBe(0);
    // What a helper killed while writing its manifest, its state snapshot or a kept version leaves: names no later write takes.
    const leftovers = [
      path.join(raid, 'ascmhl', '0009_media_2026-12-08_001500Z.mhl.threefold-partial'),
      path.join(raid, '.threefold', 'state', 'catalog-2026-12-08T001500Z.sqlite.gz.threefold-partial'),
      path.join(usb, '.threefold-versions', 'Edit.2026-12-08T001500.000Z.prproj.threefold-partial'),
    ];
    for (const file of leftovers) writeFile(file, pseudoRandomBytes(1000, 5));
    expect(runCli(home, ['verify', media]).code).toBe(0);

    const helperProcess = await spawnHelper(home);
    try {
      const { client } = await pairedClient(helperProcess.port, home, 'panel');
      clients.push(client);
      expect((await client.request('status', { target: media })).summary).toMatchObject({ assets: files.length, partial: files.length });
      const { next } = recordEvents(client);
      const rerun = await client.request('protect', { targets: [media] });
      expect(((await next(finishedJob(rerun.job.id))) as { job: JobInfo }).job.state).toBe('succeeded');
      expect([...partials(raid), ...partials(usb)]).toEqual([]);
    } finally {
      await helperProcess.stop();
    }
  });
});
