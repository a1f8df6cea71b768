// The helper's own upkeep, in a real helper with its real catalog: a scrub on `automation.scrubCron` (a
// corrupt copy found: one scrub.failed webhook), a drill once the catalog's last one is older than
// `automation.drillEvery`, and an overdue plan told to a webhook once, however often deadlines are checked.
import { SqliteDatabase } from '../../native-helper/sqlite/sqliteDatabase';
import fs from 'node:fs';
import path from 'node:path';
import { catalogPath } from '../../native-helper/config/config';
import type { RunningHelper } from '../../native-helper/service/helperServer';
import type { HelperClient } from '../../src/protocol/helperClient';
import type { HelperEvent, JobInfo } from '../../src/protocol/messages';
import type { Upkeep } from '../../src/protocol/plans';
import { mapSourcePath } from '../../src/paths/mapSourcePath';
import { runCli } from '../helpers/cli';
import { pairedClient, recordEvents, startTestHelper } from '../helpers/helperHarness';
import { webhookReceiver } from '../helpers/notifyReceivers';
import { makeTempDir, pseudoRandomBytes, writeFile } from '../helpers/tempDir';

const DAY = 86_400_000;

let temp: ReturnType<typeof makeTempDir>;
let home: string;
let raid: string;
let clip: string;
let helper: RunningHelper | undefined;
let client: HelperClient | undefined;
const logLines: string[] = [];
const closers: Array<() => Promise<void>> = [];

beforeEach(() => {
  temp = makeTempDir();
  home = path.join(temp.dir, 'home');
  raid = path.join(temp.dir, 'raid');
  fs.mkdirSync(raid, { recursive: true });
  expect(runCli(home, ['dest', 'add', 'raid', raid, '--media', 'raid']).code).toBe(0);
  clip = writeFile(path.join(temp.dir, 'Media', 'A001.mov'), pseudoRandomBytes(40_000, 7));
  expect(runCli(home, ['protect', clip]).code).toBe(0);
  logLines.length = 0;
});

afterEach(async () => {
  client?.close();
  client = undefined;
  await helper?.close();
  helper = undefined;
  for (const close of closers.splice(0)) await close();
  temp.cleanup();
});

function configure(extra: Record<string, unknown>): void {
  const file = path.join(home, 'config.json');
  const config = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(file, JSON.stringify({ ...config, ...extra }));
}

async function start(overdueCheckMs?: number): Promise<ReturnType<typeof recordEvents>> {
  helper = await startTestHelper({
    home,
    port: 0,
    log: (line) => logLines.push(line),
    notifierTuning: {
      throttle: { gatherMs: 0, windowMs: 100, maxSamples: 20 },
      retry: { attempts: 2, firstDelayMs: 100, maxDelayMs: 100 },
      timeoutMs: 5000,
    },
    ...(overdueCheckMs !== undefined ? { overdueCheckMs } : {}),
  });
  client = (await pairedClient(helper.port, home)).client;
  return recordEvents(client);
}

/** The value once it passes `done`, read again until then. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    // A request may fail while the file is being replaced.
    const value = await read().catch(() => undefined);
    if (value !== undefined && done(value)) return value;
    if (Date.now() > end) throw new Error(`timed out; last value ${JSON.stringify(value)}; log:\n${logLines.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function until(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; log:\n${logLines.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("the helper's upkeep", () => {
  it('scrubs on its cron schedule; a corrupt copy found is one scrub.failed message', async () => {
    const webhook = await webhookReceiver();
    closers.push(webhook.close);
    fs.writeFileSync(path.join(raid, ...mapSourcePath(clip).split('/')), pseudoRandomBytes(40_000, 8));
    // As if the copy was last read 31 days ago: the scrub finds it due.
    const db = new SqliteDatabase(catalogPath(home));
    db.prepare(`UPDATE copies SET verified_at = ?`).run(new Date(Date.now() - 31 * DAY).toISOString());
    db.close();
    configure({ automation: { scrubCron: '* * * * * *', drillEvery: null }, notifications: { webhook: { url: webhook.url('/hook') } } });
    const events = await start();
    const finished = (await events.next((e: HelperEvent) => e.type === 'job.finished' && e.job.kind === 'scrub', 20_000)) as { job: JobInfo };
    expect(finished.job).toMatchObject({ title: 'scheduled scrub of every destination', state: 'failed' });
    await until('the scrub.failed webhook', () => webhook.received.length >= 1);
    const body = webhook.received[0]!.body as { threefold: { event: string; lines: string[] } };
    expect(body.threefold.event).toBe('scrub.failed');
    expect(body.threefold.lines.join('\n')).toContain(clip);
  });

  it('drills once the last drill is older than drillEvery, and not before', async () => {
    expect(runCli(home, ['drill']).code).toBe(0);
    configure({ automation: { scrubCron: 'at three', drillEvery: '1d' } });
    let events = await start();
    expect(logLines.join('\n')).toContain('automation.scrubCron "at three" is not a schedule');
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(events.events.filter((e) => e.type === 'job.state' && e.job.kind === 'drill')).toEqual([]);
    client!.close();
    client = undefined;
    await helper!.close();
    helper = undefined;

    const db = new SqliteDatabase(catalogPath(home));
    db.prepare(`UPDATE drills SET at = ?`).run(new Date(Date.now() - 2 * DAY).toISOString());
    db.close();
    events = await start();
    const finished = (await events.next((e: HelperEvent) => e.type === 'job.finished' && e.job.kind === 'drill', 20_000)) as { job: JobInfo };
    expect(finished.job).toMatchObject({ title: 'scheduled drill of every destination', state: 'succeeded' });
  });

  it('takes a changed upkeep schedule while it runs; an edit that is not valid keeps the schedule it has and says why', async () => {
    configure({ automation: { scrubCron: '0 3 * * *', drillEvery: '30d' }, scrub: { budget: '50MB/s' } });
    await start();
    const upkeep = async (): Promise<Upkeep> => (await client!.request('plans', {})).upkeep!;
    const first = await upkeep();
    expect(first).toMatchObject({ scrub: { cron: '0 3 * * *', budget: '50MB/s' }, drill: { every: '30d' } });
    expect(new Date(first.scrub.next!).getHours()).toBe(3);

    configure({ automation: { scrubCron: '30 4 * * 0', drillEvery: '7d' }, scrub: { budget: '20MB/s', hours: '01:00-06:00' } });
    const changed = await eventually(upkeep, (u) => u.scrub.cron === '30 4 * * 0');
    expect(changed).toMatchObject({ scrub: { cron: '30 4 * * 0', budget: '20MB/s', hours: '01:00-06:00' }, drill: { every: '7d' } });
    const nextScrub = new Date(changed.scrub.next!);
    expect([nextScrub.getDay(), nextScrub.getHours(), nextScrub.getMinutes()]).toEqual([0, 4, 30]);
    expect(logLines.join('\n')).toContain('upkeep: the scrub now runs on "30 4 * * 0"');

    // Settings that are not valid, in a file that is: each refused with its reason, the schedule kept.
    configure({ automation: { scrubCron: 'at four', drillEvery: '1s' }, scrub: { budget: 'fast' } });
    await until('the refusals', () => logLines.some((l) => l.includes('automation.drillEvery')));
    const log = logLines.join('\n');
    expect(log).toContain('automation.scrubCron "at four" is not a schedule');
    expect(log).toContain('the scrub stays on "30 4 * * 0"');
    expect(log).toContain('"1s" is too short');
    expect(log).toContain('the drill stays every 7d');
    expect(log).toMatch(/scrub settings are not applied \("fast" is not a read budget/);
    expect(await upkeep()).toEqual(changed);

    // A file that is not JSON: nothing is torn down, the log says why; written back, the same schedule runs on.
    const good = fs.readFileSync(path.join(home, 'config.json'), 'utf8');
    fs.writeFileSync(path.join(home, 'config.json'), '{ "automation": ');
    await until('the unreadable config logged', () => logLines.some((l) => l.includes('config.json is not applied')));
    expect(logLines.join('\n')).toMatch(/config\.json is not applied, the plans and the upkeep schedule stay as they were: .*not valid JSON/);
    fs.writeFileSync(path.join(home, 'config.json'), good);
    expect(await eventually(upkeep, () => true)).toEqual(changed);
    expect(logLines.filter((l) => l.startsWith('upkeep: the scrub now runs'))).toHaveLength(1);
  });

  it('tells an overdue plan once, however often deadlines are checked', async () => {
    const webhook = await webhookReceiver();
    closers.push(webhook.close);
    const plan = { id: '0a1b2c3d', name: 'Media', target: path.dirname(clip), createdAt: new Date(Date.now() - 10 * DAY).toISOString() };
    configure({ plans: [plan], automation: { scrubCron: null, drillEvery: null }, notifications: { webhook: { url: webhook.url('/hook') } } });
    await start(100);
    await until('the overdue webhook', () => webhook.received.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(webhook.received).toHaveLength(1);
    const body = webhook.received[0]!.body as { threefold: { event: string; lines: string[] } };
    expect(body.threefold.event).toBe('overdue');
    expect(body.threefold.lines).toEqual([expect.stringContaining('plan "Media"')]);
  });
});
