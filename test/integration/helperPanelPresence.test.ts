// A job a panel started that ends while no panel is shown is not missed: the helper (a real process, real
// WebSockets) sends a desktop notification (a stand-in notify-send on its PATH records it) and hands the job
// to the next panel shown, once. Shown panels and jobs of other clients notify nothing. And the plans a
// panel's Auto-protect switch makes and changes (plans.add, plans.change) are the CLI's plans.
import fs from 'node:fs';
import path from 'node:path';
import type { HelperClient } from '../../src/protocol/helperClient';
import type { HelperEvent, JobInfo } from '../../src/protocol/messages';
import { runCli } from '../helpers/cli';
import { pairedClient, recordEvents, spawnHelper, type HelperProcess } from '../helpers/helperHarness';
import { apiCall } from '../helpers/helperHttp';
import { makeTempDir, pseudoRandomBytes, writeFile } from '../helpers/tempDir';

let temp: ReturnType<typeof makeTempDir>;
let home: string;
let media: string;
let notified: string;
let helper: HelperProcess;
const clients: HelperClient[] = [];

beforeAll(async () => {
  temp = makeTempDir();
  home = path.join(temp.dir, 'home');
  const raid = path.join(temp.dir, 'raid');
  fs.mkdirSync(raid);
  expect(runCli(home, ['dest', 'add', 'raid', raid, '--media', 'raid']).code).toBe(0);
  media = path.join(temp.dir, 'Media');
  writeFile(path.join(media, 'A001.mov'), pseudoRandomBytes(64 * 1024, 1));
  // This machine has no notify-send: a stand-in records each notification node-notifier sends, one per line.
  const bin = fs.mkdirSync(path.join(temp.dir, 'bin'), { recursive: true })!;
  notified = path.join(temp.dir, 'notified.txt');
  fs.writeFileSync(notified, '');
  fs.writeFileSync(path.join(bin, 'notify-send'), `#!/bin/sh\nprintf '%s|' "$@" >> '${notified}'\necho >> '${notified}'\n`, { mode: 0o755 });
  helper = await spawnHelper(home, { env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
});

afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

afterAll(async () => {
  await helper?.stop();
  temp?.cleanup();
});

async function client(name: string): Promise<{ client: HelperClient; events: ReturnType<typeof recordEvents> }> {
  const { client } = await pairedClient(helper.port, home, name);
  clients.push(client);
  return { client, events: recordEvents(client) };
}

async function protectAndWait(from: HelperClient, events: ReturnType<typeof recordEvents>): Promise<JobInfo> {
  const { job } = await from.request('protect', { targets: [media] });
  const finished = (await events.next((e: HelperEvent) => e.type === 'job.finished' && e.job.id === job.id)) as { job: JobInfo };
  return finished.job;
}

function notifications(): string[] {
  return fs.readFileSync(notified, 'utf8').split('\n').filter(Boolean);
}

async function untilNotified(count: number): Promise<string[]> {
  const end = Date.now() + 15_000;
  while (notifications().length < count) {
    if (Date.now() > end) throw new Error(`no notification within 15 s; helper log:\n${helper.log()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return notifications();
}

/** Time for a notification that should not come to show up if it did. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 1500));

describe('a panel’s job that ends while no panel is shown', () => {
  it('is notified on the desktop and handed, once, to the panel when it is shown again', async () => {
    const panel = await client('panel');
    expect(await panel.client.request('panel.visibility', { visible: false })).toEqual({ missed: [] });
    const before = notifications().length;
    const job = await protectAndWait(panel.client, panel.events);
    const lines = await untilNotified(before + 1);
    expect(lines.at(-1)).toContain(`Threefold: Protect done: ${media}`);
    expect(lines.at(-1)).toContain('Open the Threefold panel to see the result.');
    const shown = await panel.client.request('panel.visibility', { visible: true });
    expect(shown.missed.map((j) => [j.id, j.state])).toEqual([[job.id, 'succeeded']]);
    expect((await panel.client.request('panel.visibility', { visible: true })).missed).toEqual([]);
  });

  it('is notified when the panel that started it has closed, and given to the next panel shown', async () => {
    const first = await client('panel');
    await first.client.request('panel.visibility', { visible: true });
    const before = notifications().length;
    const { job } = await first.client.request('protect', { targets: [media] });
    first.client.close();
    const watcher = await client('watcher');
    await watcher.events.next((e) => e.type === 'job.finished' && e.job.id === job.id);
    await untilNotified(before + 1);
    const next = await client('panel again');
    expect((await next.client.request('panel.visibility', { visible: true })).missed.map((j) => j.id)).toEqual([job.id]);
  });

  it('is not notified while a panel is shown, nor is a job of a client that is no panel', async () => {
    const panel = await client('panel');
    await panel.client.request('panel.visibility', { visible: true });
    const { client: pairer, token } = await pairedClient(helper.port, home, 'an HTTP client');
    clients.push(pairer);
    // Over HTTP no connection lasts: a client there cannot be a shown panel (which would silence every notification).
    const overHttp = await apiCall(helper.port, { id: 'v', type: 'panel.visibility', visible: true }, { token });
    expect(overHttp.json?.error?.message).toBe('Only a panel connected over a WebSocket can say it is shown or hidden');
    const cli = await client('a script');
    const before = notifications().length;
    await protectAndWait(panel.client, panel.events);
    await panel.client.request('panel.visibility', { visible: false });
    await protectAndWait(cli.client, cli.events);
    await settle();
    expect(notifications()).toHaveLength(before);
    expect((await panel.client.request('panel.visibility', { visible: true })).missed).toEqual([]);
  });
});

describe('plans from a panel', () => {
  it('adds an on-change plan of the project, pauses, resumes and removes it, as the CLI sees it', async () => {
    const panel = await client('panel');
    const project = writeFile(path.join(temp.dir, 'Ferry.prproj'), 'not read here');
    const { plan } = await panel.client.request('plans.add', { target: project });
    expect(plan).toMatchObject({ target: project, name: 'Ferry.prproj', onChange: true, paused: false, next: null, last: null });
    const listed = () => JSON.parse(runCli(home, ['plan', 'list', '--json']).stdout) as Array<{ id: string; paused: boolean }>;
    expect(listed().map((p) => [p.id, p.paused])).toEqual([[plan.id, false]]);
    expect((await panel.client.request('plans.change', { plan: plan.id, change: 'pause' })).plan).toMatchObject({ id: plan.id, paused: true });
    expect(listed().map((p) => p.paused)).toEqual([true]);
    expect((await panel.client.request('plans.change', { plan: plan.id, change: 'resume' })).plan?.paused).toBe(false);
    expect(await panel.client.request('plans.change', { plan: plan.id, change: 'remove' })).toEqual({ plan: null });
    expect(listed()).toEqual([]);
    await expect(panel.client.request('plans.add', { target: path.join(temp.dir, 'gone.prproj') })).rejects.toThrow(/gone\.prproj does not exist/);
    await expect(panel.client.request('plans.change', { plan: plan.id, change: 'pause' })).rejects.toThrow(/plan/);
  });
});
