// Plans run by the real helper: a real chokidar watcher on real temp folders, real files, the real
// catalog and queue. The quiet period, the gap between a plan's jobs and the destination poll are set
// short in config.json so each case takes seconds.
import fs from 'node:fs';
import path from 'node:path';
import type { HelperClient } from '../../src/protocol/helperClient';
import type { HelperEvent, JobInfo } from '../../src/protocol/messages';
import type { PlanInfo } from '../../src/protocol/plans';
import { writePremiereProject } from '../../native-helper/demo/premiereProjectWriter';
import { destinationUrl } from '../../native-helper/destinations/backends';
import { acquireDestinationLocks } from '../../native-helper/engine/destinationLocks';
import type { RunningHelper } from '../../native-helper/service/helperServer';
import { runCli, runCliJson } from '../helpers/cli';
import { pairedClient, recordEvents, spawnHelper, startTestHelper } from '../helpers/helperHarness';
import { buildLightroomCatalog } from '../helpers/lightroomCatalogBuilder';
import { xxhsum } from '../helpers/oracles';
import { makeTempDir, pseudoRandomBytes, writeFile } from '../helpers/tempDir';
import { listFiles } from '../helpers/workspace';

let temp: ReturnType<typeof makeTempDir>;
let home: string;
let media: string;
let raid: string;
let helper: RunningHelper | undefined;
let client: HelperClient | undefined;
const logLines: string[] = [];

beforeEach(() => {
  temp = makeTempDir();
  home = path.join(temp.dir, 'home');
  media = path.join(temp.dir, 'media');
  raid = path.join(temp.dir, 'raid');
  for (const d of [media, raid]) fs.mkdirSync(d, { recursive: true });
  expect(runCli(home, ['dest', 'add', 'raid', raid, '--media', 'raid']).code).toBe(0);
  setAutomation({ settleSeconds: 0.4, minGapMinutes: 0, destinationPollSeconds: 0.3 });
  logLines.length = 0;
});

afterEach(async () => {
  client?.close();
  client = undefined;
  await helper?.close();
  helper = undefined;
  temp.cleanup();
});

function setAutomation(settings: Record<string, number>): void {
  const file = path.join(home, 'config.json');
  const config = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(file, JSON.stringify({ ...config, automation: { ...(config.automation as object), ...settings } }, null, 2));
}

function addPlan(args: string[]): PlanInfo {
  const added = runCli(home, ['plan', 'add', ...args]);
  expect(added).toMatchObject({ code: 0 });
  const plans = runCliJson<PlanInfo[]>(home, ['plan', 'list', '--json']).json;
  return plans.at(-1)!;
}

function planList(): PlanInfo[] {
  return runCliJson<PlanInfo[]>(home, ['plan', 'list', '--json']).json;
}

/** The helper, and a paired client recording its events. */
async function start(): Promise<ReturnType<typeof recordEvents>> {
  helper = await startTestHelper({ home, port: 0, log: (line) => logLines.push(line) });
  client = (await pairedClient(helper.port, home, 'test')).client;
  return recordEvents(client);
}

const planJobFinished = (name: string) => (e: HelperEvent) => e.type === 'job.finished' && e.job.title.startsWith(`plan ${name}:`);
const planJobs = (events: readonly HelperEvent[], name: string): JobInfo[] =>
  events.flatMap((e) => (e.type === 'job.finished' && e.job.title.startsWith(`plan ${name}:`) ? [e.job] : []));

async function until(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}\n${logLines.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until the helper says the plan's watcher is ready. */
const watching = (name: string) => until(`plan "${name}" watches its target`, () => logLines.some((l) => l.includes(`plan "${name}": watching`)));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('on change', () => {
  it('a project saved in a watched folder is protected within a minute, without a click', async () => {
    const clip = writeFile(path.join(media, 'A001.mov'), pseudoRandomBytes(300_000, 1));
    const project = await writePremiereProject(path.join(media, 'Ferry Doc.prproj'), [{ actualMediaFilePath: clip, title: 'A001' }]);
    const plan = addPlan([project, '--on-change']);
    const { next, events } = await start();
    await watching('Ferry Doc.prproj');
    const saved = Date.now();
    const clip2 = writeFile(path.join(media, 'A002.mov'), pseudoRandomBytes(200_000, 2));
    await writePremiereProject(project, [
      { actualMediaFilePath: clip, title: 'A001' },
      { actualMediaFilePath: clip2, title: 'A002' },
    ]);
    const done = (await next(planJobFinished('Ferry Doc.prproj'), 60_000)) as Extract<HelperEvent, { type: 'job.finished' }>;
    expect(Date.now() - saved).toBeLessThan(60_000);
    expect(done.job).toMatchObject({ state: 'succeeded', result: { failed: [] } });
    const copies = listFiles(raid).filter((f) => !f.startsWith('ascmhl/') && !f.startsWith('.threefold/'));
    expect(
      copies
        .filter((f) => f.endsWith('.mov'))
        .map((f) => path.basename(f))
        .sort(),
    ).toEqual(['A001.mov', 'A002.mov']);
    expect(copies.some((f) => /Ferry Doc[^/]*\.prproj$/.test(f))).toBe(true);
    const copied = path.join(raid, copies.find((f) => f.endsWith('A002.mov'))!);
    expect(xxhsum(copied)).toBe(xxhsum(clip2));
    expect(planList()).toMatchObject([{ id: plan.id, last: { jobId: done.job.id, trigger: 'change', state: 'succeeded' }, lastSuccessAt: expect.any(String) }]);
    expect(planJobs(events, 'Ferry Doc.prproj')).toHaveLength(1);
  });

  it('a file still growing is not read: the one job copies its final bytes', async () => {
    // A quiet period well above the pause between writes, even on a busy machine.
    setAutomation({ settleSeconds: 1.2, minGapMinutes: 0, destinationPollSeconds: 0.3 });
    const folder = path.join(media, 'card');
    fs.mkdirSync(folder);
    addPlan([folder, '--on-change', '--name', 'card']);
    const { next, events } = await start();
    await watching('card');
    const clip = path.join(folder, 'C0001.MP4');
    const chunks = 8;
    for (let i = 0; i < chunks; i += 1) {
      fs.appendFileSync(clip, pseudoRandomBytes(100_000, 10 + i));
      await sleep(150); // shorter than the quiet period: the file never settles while it grows
    }
    const done = await next(planJobFinished('card'), 30_000);
    expect(done).toMatchObject({ job: { state: 'succeeded', result: { files: 1, failed: [] } } });
    const [copy] = listFiles(raid).filter((f) => f.endsWith('C0001.MP4'));
    expect(fs.statSync(path.join(raid, copy!)).size).toBe(chunks * 100_000);
    expect(xxhsum(path.join(raid, copy!))).toBe(xxhsum(clip));
    await sleep(1000);
    expect(planJobs(events, 'card')).toHaveLength(1);
  });

  it('a folder copied into a watched folder (a card dump) is protected whole', async () => {
    const card = path.join(temp.dir, 'card');
    for (let i = 0; i < 5; i += 1) writeFile(path.join(card, 'DCIM', `10${i}CANON`, `IMG_${i}.CR3`), pseudoRandomBytes(20_000, 60 + i));
    addPlan([media, '--name', 'dump']);
    const { next } = await start();
    await watching('dump');
    fs.cpSync(card, path.join(media, 'card'), { recursive: true });
    await next(planJobFinished('dump'), 30_000);
    await until('every photo protected', () => listFiles(raid).filter((f) => f.endsWith('.CR3')).length === 5, 30_000);
  });

  it('saves in a burst start one job and one trailing run, not one per save', async () => {
    setAutomation({ settleSeconds: 0.2, minGapMinutes: 3 / 60, destinationPollSeconds: 0.3 });
    const project = await writePremiereProject(path.join(media, 'Burst.prproj'), []);
    addPlan([project]);
    const { events } = await start();
    await watching('Burst.prproj');
    const clips: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      clips.push(writeFile(path.join(media, `B${i}.mov`), pseudoRandomBytes(10_000, 20 + i)));
      await writePremiereProject(
        project,
        clips.map((c) => ({ actualMediaFilePath: c, title: path.basename(c) })),
      );
      await sleep(500);
    }
    await until('every clip protected', () => listFiles(raid).filter((f) => /B\d\.mov$/.test(f)).length === 6, 30_000);
    await sleep(3500);
    const jobs = planJobs(events, 'Burst.prproj');
    // Six saves 0.5 s apart with a 3 s gap: a job at the first save, then at most one per gap.
    expect(jobs.length).toBeGreaterThanOrEqual(2);
    expect(jobs.length).toBeLessThanOrEqual(3);
    // A save during a job fails that job's copy of the project (its source changed while read); the trailing run has it.
    expect(jobs.at(-1)).toMatchObject({ state: 'succeeded' });
    const projectStatus = runCliJson<{ assets: Array<{ path: string; locations: unknown[] }> }>(home, ['status', '--json', project]).json;
    expect(projectStatus.assets.every((a) => a.locations.length === 1)).toBe(true);
  });

  it('a Lightroom catalog is protected once Lightroom has quit (its lock gone), not while it is open', async () => {
    writeFile(path.join(media, 'Photos', 'IMG_1.CR3'), pseudoRandomBytes(50_000, 3));
    const built = buildLightroomCatalog(path.join(temp.dir, 'Lightroom'), {
      name: 'Weddings',
      photos: [{ root: `${path.join(media, 'Photos')}/`, folder: '', baseName: 'IMG_1', extension: 'CR3' }],
      lockPid: process.pid, // a live process: Lightroom has the catalog open
    });
    built.close();
    addPlan([built.path]);
    const { next, events } = await start();
    await watching('Weddings.lrcat');
    fs.appendFileSync(built.path, Buffer.alloc(0));
    fs.utimesSync(built.path, new Date(), new Date()); // Lightroom writes its catalog
    await until('the plan waits for Lightroom', () => logLines.some((l) => l.includes('waits for Lightroom Classic to quit')));
    expect(planJobs(events, 'Weddings.lrcat')).toEqual([]);
    fs.rmSync(`${built.path}.lock`);
    const done = await next(planJobFinished('Weddings.lrcat'), 30_000);
    expect(done).toMatchObject({ job: { state: 'succeeded' } });
    expect(listFiles(raid).some((f) => /Weddings[^/]*\.lrcat$/.test(f))).toBe(true);
    expect(listFiles(raid).some((f) => f.endsWith('IMG_1.CR3'))).toBe(true);
  });
});

describe('faults', () => {
  it('a watched project deleted or renamed: the plan says so and the helper goes on; back in place, it runs', async () => {
    const project = await writePremiereProject(path.join(media, 'Moved.prproj'), []);
    addPlan([project]);
    const { next } = await start();
    await watching('Moved.prproj');
    fs.renameSync(project, path.join(media, 'Moved elsewhere.prproj'));
    await until('the plan says its target is gone', () => logLines.some((l) => l.includes('Moved.prproj is gone')));
    expect(planList()).toMatchObject([{ problem: expect.stringContaining('does not exist') }]);
    expect(await client!.request('jobs', {})).toEqual({ jobs: [] });
    fs.renameSync(path.join(media, 'Moved elsewhere.prproj'), project);
    expect(await next(planJobFinished('Moved.prproj'), 30_000)).toMatchObject({ job: { state: 'succeeded' } });
    expect(planList()[0]!.problem).toBeUndefined();
  });

  it('a plan whose destination is gone: refused at add; at run, a clear job failure', async () => {
    const usb = path.join(temp.dir, 'usb');
    fs.mkdirSync(usb);
    expect(runCli(home, ['plan', 'add', media, '--to', 'usb'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown destination usb') });
    expect(runCli(home, ['dest', 'add', 'usb', usb, '--media', 'hdd']).code).toBe(0);
    addPlan([media, '--to', 'usb', '--name', 'to-usb']);
    expect(runCli(home, ['dest', 'remove', 'usb']).code).toBe(0);
    const { next } = await start();
    await watching('to-usb');
    writeFile(path.join(media, 'new.mov'), pseudoRandomBytes(1000, 4));
    const failed = await next(planJobFinished('to-usb'), 30_000);
    expect(failed).toMatchObject({ job: { state: 'failed', error: expect.stringMatching(/^Unknown destination usb/) } });
    expect(planList()).toMatchObject([{ name: 'to-usb', last: { state: 'failed' } }]);
  });

  it('bad input at plan add is refused with the reason, and nothing is saved', () => {
    const project = path.join(media, 'x.prproj');
    writeFile(project, 'x');
    expect(runCli(home, ['plan', 'add', project, '--cron', '0 20 * *'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('not a valid cron expression'),
    });
    expect(runCli(home, ['plan', 'add', project, '--cron', '61 * * * *'])).toMatchObject({ code: 2, stderr: expect.stringContaining('61') });
    expect(runCli(home, ['plan', 'add', project, '--every', '2 hours'])).toMatchObject({ code: 2, stderr: expect.stringContaining('not a duration') });
    expect(runCli(home, ['plan', 'add', project, '--every', '2h', '--cron', '0 20 * * *'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('not both'),
    });
    expect(runCli(home, ['plan', 'add', path.join(media, 'missing.prproj')])).toMatchObject({ code: 2, stderr: expect.stringContaining('does not exist') });
    expect(runCli(home, ['plan', 'add', path.join(media, 'x.txt')])).toMatchObject({ code: 2 });
    expect(runCli(home, ['plan', 'pause', 'nothing'])).toMatchObject({ code: 2, stderr: expect.stringContaining('no plan is named "nothing"') });
    expect(planList()).toEqual([]);
  });

  it('a cron plan shows its next run; pause, resume and remove change it', () => {
    const plan = addPlan([media, '--cron', '0 20 * * *', '--name', 'nightly']);
    const next = new Date(plan.next!);
    expect([next.getHours(), next.getMinutes()]).toEqual([20, 0]);
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(86_400_000);
    expect(runCli(home, ['plan', 'pause', 'nightly']).code).toBe(0);
    expect(planList()).toMatchObject([{ paused: true, next: null }]);
    expect(runCli(home, ['plan', 'resume', plan.id]).code).toBe(0);
    expect(planList()).toMatchObject([{ paused: false, next: plan.next }]);
    expect(runCli(home, ['plan', 'list']).stdout).toContain('cron "0 20 * * *", to all destinations');
    expect(runCli(home, ['plan', 'remove', 'nightly']).code).toBe(0);
    expect(planList()).toEqual([]);
  });

  it('two plans sharing a destination take turns: one job at a time, both succeed', async () => {
    const a = path.join(media, 'a');
    const b = path.join(media, 'b');
    addPlan([writeFileDir(a), '--name', 'plan-a', '--to', 'raid']);
    addPlan([writeFileDir(b), '--name', 'plan-b', '--to', 'raid']);
    const { next, events } = await start();
    await watching('plan-a');
    await watching('plan-b');
    writeFile(path.join(a, 'a.mov'), pseudoRandomBytes(2_000_000, 5));
    writeFile(path.join(b, 'b.mov'), pseudoRandomBytes(2_000_000, 6));
    const doneA = await next(planJobFinished('plan-a'), 30_000);
    const doneB = await next(planJobFinished('plan-b'), 30_000);
    expect([doneA, doneB]).toMatchObject([{ job: { state: 'succeeded' } }, { job: { state: 'succeeded' } }]);
    // Running spans from the events: never two at once.
    const spans = events.flatMap((e, i) => {
      if (e.type !== 'job.state' || e.job.state !== 'running') return [];
      const end = events.findIndex((f, j) => j > i && f.type === 'job.finished' && f.job.id === e.job.id);
      return [{ start: i, end }];
    });
    expect(spans).toHaveLength(2);
    const [first, second] = spans.sort((x, y) => x.start - y.start);
    expect(second!.start).toBeGreaterThan(first!.end);
    expect(listFiles(raid).filter((f) => f.endsWith('.mov'))).toHaveLength(2);
  });

  it('a plan added in a terminal reaches a running helper; a paused one starts nothing', async () => {
    const { next, events } = await start();
    const folder = writeFileDir(path.join(media, 'late'));
    addPlan([folder, '--name', 'late']);
    await until('the helper read the new plan', () => logLines.some((l) => l.includes('plans: 1 plan')));
    await watching('late');
    writeFile(path.join(folder, 'x.mov'), pseudoRandomBytes(1000, 7));
    expect(await next(planJobFinished('late'), 30_000)).toMatchObject({ job: { state: 'succeeded' } });
    expect(runCli(home, ['plan', 'pause', 'late']).code).toBe(0);
    await until('the helper read the pause', () => logLines.some((l) => l.includes('(1 paused)')));
    writeFile(path.join(folder, 'y.mov'), pseudoRandomBytes(1000, 8));
    await sleep(1500);
    expect(planJobs(events, 'late')).toHaveLength(1);
  });
});

describe('schedules', () => {
  it('an --every plan whose time passed while the helper was down runs when it starts, then waits an interval', async () => {
    writeFile(path.join(media, 'a.mov'), pseudoRandomBytes(1000, 13));
    const plan = addPlan([media, '--every', '1h', '--name', 'hourly']);
    const file = path.join(home, 'config.json');
    const config = JSON.parse(fs.readFileSync(file, 'utf8')) as { plans: Array<{ createdAt: string }> };
    config.plans[0]!.createdAt = new Date(Date.now() - 2 * 3_600_000).toISOString();
    fs.writeFileSync(file, JSON.stringify(config));
    const { next, events } = await start();
    const done = await next(planJobFinished('hourly'), 30_000);
    expect(done).toMatchObject({ job: { state: 'succeeded', result: { files: 1 } } });
    const [listed] = planList();
    expect(listed).toMatchObject({ id: plan.id, last: { trigger: 'schedule', state: 'succeeded' } });
    // The next run is an hour after this one started, and no other comes meanwhile.
    expect(Date.parse(listed!.next!) - Date.parse(listed!.last!.startedAt)).toBe(3_600_000);
    await sleep(3000);
    expect(planJobs(events, 'hourly')).toHaveLength(1);
  });
});

describe('config.json edited while the helper runs', () => {
  it('a plan whose --cron is edited into one that is not valid: the log says why, and every plan runs as it was', async () => {
    addPlan([media, '--cron', '0 20 * * *', '--name', 'evening']);
    await start();
    const before = (await client!.request('plans', {})).plans;
    expect(before).toMatchObject([{ name: 'evening', next: expect.any(String) }]);
    const file = path.join(home, 'config.json');
    const config = JSON.parse(fs.readFileSync(file, 'utf8')) as { plans: Array<{ cron: string }> };
    config.plans[0]!.cron = 'at eight';
    fs.writeFileSync(file, JSON.stringify(config));
    await until('the refusal', () => logLines.some((l) => l.includes('config.json is not applied')));
    expect(logLines.join('\n')).toContain(
      'plans: config.json is not applied, the plans stay as they were: plan "evening": --cron "at eight" is not a valid cron',
    );
    expect(logLines.filter((l) => l.startsWith('plans: 1 plan'))).toHaveLength(1);
  });

  it("a helper the tests start has no scheduled scrub or drill unless the test's config sets one", async () => {
    await start();
    expect((await client!.request('plans', {})).upkeep).toMatchObject({ scrub: { cron: null, next: null }, drill: { every: null, next: null } });
  });
});

describe('a destination that appears', () => {
  it('a shuttle plugged in gets the copies it is missing, for every plan that uses it', async () => {
    const shuttle = path.join(temp.dir, 'shuttle');
    fs.mkdirSync(shuttle);
    expect(runCli(home, ['dest', 'add', 'shuttle', shuttle, '--media', 'ssd']).code).toBe(0);
    const one = writeFileDir(path.join(media, 'one'));
    const two = writeFileDir(path.join(media, 'two'));
    writeFile(path.join(one, 'one.mov'), pseudoRandomBytes(10_000, 9));
    writeFile(path.join(two, 'two.mov'), pseudoRandomBytes(10_000, 10));
    addPlan([one, '--cron', '0 3 1 1 *', '--name', 'one']); // all destinations
    addPlan([two, '--cron', '0 3 1 1 *', '--name', 'two', '--to', 'shuttle']);
    const unplugged = path.join(temp.dir, 'shuttle-unplugged');
    fs.renameSync(shuttle, unplugged);
    const { next } = await start();
    await sleep(600); // the poll has seen it absent
    fs.renameSync(unplugged, shuttle);
    expect(await next(planJobFinished('one'), 30_000)).toMatchObject({ job: { state: 'succeeded' } });
    expect(await next(planJobFinished('two'), 30_000)).toMatchObject({ job: { state: 'succeeded' } });
    expect(
      listFiles(shuttle)
        .filter((f) => f.endsWith('.mov'))
        .map((f) => path.basename(f))
        .sort(),
    ).toEqual(['one.mov', 'two.mov']);
    expect(planList().map((p) => p.last?.trigger)).toEqual(['destination', 'destination']);
  });
});

describe('deadlines', () => {
  it('status shows a plan that has not succeeded for days and files without an offsite copy past the deadline', async () => {
    const clip = writeFile(path.join(media, 'old.mov'), pseudoRandomBytes(5000, 11));
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    fs.utimesSync(clip, twoDaysAgo, twoDaysAgo);
    expect(runCli(home, ['protect', media]).code).toBe(0); // raid only: not offsite
    const plan = addPlan([media, '--name', 'stale']);
    const file = path.join(home, 'config.json');
    const config = JSON.parse(fs.readFileSync(file, 'utf8')) as { plans: Array<{ createdAt: string }> };
    config.plans[0]!.createdAt = new Date(Date.now() - 8 * 86_400_000).toISOString();
    fs.writeFileSync(file, JSON.stringify(config));
    const status = runCliJson<{ overdue: unknown }>(home, ['status', '--json']).json;
    expect(status.overdue).toMatchObject({
      plans: [{ id: plan.id, name: 'stale', lastSuccessAt: null }],
      files: { count: 1, hours: 24, listed: [{ path: clip }] },
    });
    expect(runCli(home, ['status']).stdout).toMatch(/OVERDUE plan "stale".*\n.*OVERDUE 1 file without an offsite copy 24 hours/);
    // The panel gets the same through the protocol.
    await start();
    expect(await client!.request('plans', {})).toMatchObject({ plans: [{ id: plan.id, overdueSince: expect.any(String) }], overdue: { files: { count: 1 } } });
    expect((await client!.request('status', { target: media })).overdue).toMatchObject({ files: { count: 1 } });
  });

  it('nothing is overdue with a verified offsite copy', () => {
    const offsite = path.join(temp.dir, 'vault');
    fs.mkdirSync(offsite);
    expect(runCli(home, ['dest', 'add', 'vault', offsite, '--media', 'hdd', '--offsite']).code).toBe(0);
    const clip = writeFile(path.join(media, 'old.mov'), pseudoRandomBytes(5000, 12));
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    fs.utimesSync(clip, twoDaysAgo, twoDaysAgo);
    expect(runCli(home, ['protect', media]).code).toBe(0);
    expect(runCliJson<{ overdue?: unknown }>(home, ['status', '--json']).json.overdue).toBeUndefined();
  });
});

describe('a helper restarted mid-plan', () => {
  it('the interrupted job is marked, and the plan runs again at its next trigger', async () => {
    const folder = writeFileDir(path.join(media, 'big'));
    const plan = addPlan([folder, '--name', 'big']);
    const first = await spawnHelper(home);
    const { client: watching } = await pairedClient(first.port, home, 'panel');
    const { next } = recordEvents(watching);
    await until('the helper watches the folder', () => first.log().includes('plan "big": watching'));
    // The test holds raid's lock: the plan's job starts, then waits for it, so the kill finds it unfinished.
    const releaseRaid = await acquireDestinationLocks(
      home,
      new Map([['raid', destinationUrl({ kind: 'local', name: 'raid', media: 'raid', offsite: false, path: raid })]]),
    );
    for (let i = 0; i < 12; i += 1) writeFile(path.join(folder, `clip${i}.mov`), pseudoRandomBytes(16 * 1024 * 1024, 30 + i));
    const running = await next((e) => e.type === 'job.state' && e.job.state === 'running', 60_000);
    await until('the job waits for raid', () => first.log().includes('waits for raid'));
    first.child.kill('SIGKILL');
    await first.stop();
    watching.close();
    // No process has looked yet: the row is as the killed helper left it.
    expect(planList()).toMatchObject([{ id: plan.id, last: { state: expect.stringMatching(/^(queued|running)$/) } }]);

    await releaseRaid();
    const second = await spawnHelper(home);
    try {
      expect(planList()).toMatchObject([{ id: plan.id, last: { state: 'interrupted' } }]);
      const { client: again } = await pairedClient(second.port, home, 'panel');
      const events = recordEvents(again);
      await until('the helper watches the folder', () => second.log().includes('plan "big": watching'));
      writeFile(path.join(folder, 'one more.mov'), pseudoRandomBytes(1000, 50));
      const done = await events.next(planJobFinished('big'), 120_000);
      expect(done).toMatchObject({ job: { state: 'succeeded', result: { failed: [] } } });
      // Every clip has its verified copy (a copy the killed job wrote but did not record is kept, beside it).
      const status = runCliJson<{ assets: Array<{ locations: Array<{ destination: string }> }> }>(home, ['status', '--json', folder]).json;
      expect(status.assets).toHaveLength(13);
      expect(status.assets.every((a) => a.locations.some((l) => l.destination === 'raid'))).toBe(true);
      expect(running.type).toBe('job.state');
      again.close();
    } finally {
      await second.stop();
    }
  }, 180_000);
});

function writeFileDir(folder: string): string {
  fs.mkdirSync(folder, { recursive: true });
  return folder;
}
