// `badges` over real WebSocket connections to a helper on loopback: the compact status a panel shows,
// kept between requests, looked at again in the background, and patched by jobs as they record copies.
import fs from 'node:fs';
import path from 'node:path';
import { badgedFiles, type Badges } from '../../src/protocol/badges';
import { HelperRequestError, type HelperClient } from '../../src/protocol/helperClient';
import type { AssetStatusMessage, HelperEvent, HostProject } from '../../src/protocol/messages';
import type { RunningHelper } from '../../native-helper/service/helperServer';
import { runCli } from '../helpers/cli';
import { pairedClient, recordEvents, startTestHelper } from '../helpers/helperHarness';
import { makeTempDir, writeFile } from '../helpers/tempDir';

/** Longer than the helper's freshness window (FRESH_MS in badgeCache.ts): the next request looks again. */
const AFTER_FRESHNESS_MS = 2100;

let temp: ReturnType<typeof makeTempDir>;
let home: string;
let helper: RunningHelper | undefined;
const clients: HelperClient[] = [];

beforeEach(() => {
  temp = makeTempDir();
  home = path.join(temp.dir, 'home');
  for (const name of ['raid', 'usb']) fs.mkdirSync(path.join(temp.dir, name));
  expect(runCli(home, ['dest', 'add', 'raid', path.join(temp.dir, 'raid'), '--media', 'raid']).code).toBe(0);
  expect(runCli(home, ['dest', 'add', 'usb', path.join(temp.dir, 'usb'), '--media', 'hdd']).code).toBe(0);
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await helper?.close();
  helper = undefined;
  temp.cleanup();
});

async function pairedToNewHelper(): Promise<HelperClient> {
  helper = await startTestHelper({ home, port: 0, log: () => undefined });
  const { client } = await pairedClient(helper.port, home);
  clients.push(client);
  return client;
}

function makeMedia(count: number, folder = 'media'): string[] {
  return Array.from({ length: count }, (_, i) => writeFile(path.join(temp.dir, folder, `clip${String(i).padStart(4, '0')}.mov`), `clip ${i} `.repeat(i + 1)));
}

function hostOf(files: readonly string[]): HostProject {
  return { name: 'Film', media: files.map((f, i) => ({ path: f, role: 'media', clips: [`Clip ${i}`], offline: false })) };
}

/** What a badge shows of a full status. */
function shown(a: Pick<AssetStatusMessage, 'path' | 'size' | 'state' | 'label' | 'copies' | 'media' | 'offsite' | 'missing' | 'problem'>) {
  return {
    path: a.path,
    size: a.size,
    state: a.state,
    label: a.label,
    copies: a.copies,
    media: a.media,
    offsite: a.offsite,
    missing: a.missing,
    problem: a.problem,
  };
}

const stateOf = (badges: Badges, file: string) => badges.badges[badges.files.badge[badges.files.path.indexOf(file)]!]!.state;

describe('badges', () => {
  it('show what the full status shows, are kept under a name, and an unknown name gets not-found', async () => {
    const client = await pairedToNewHelper();
    const files = makeMedia(5);
    const gone = path.join(temp.dir, 'unplugged', 'gone.mov');
    const host = hostOf([...files, gone]);

    const badges = await client.request('badges', { host });
    const full = await client.request('status', { host });
    expect(badgedFiles(badges).map(shown)).toEqual(full.assets.map(shown));
    expect(badges.summary).toEqual(full.summary);
    expect(badges.summary).toMatchObject({ assets: 6, unprotected: 5, lost: 1 });
    // The panel knows its clips: they are not sent back.
    expect(badges.notes).toEqual([]);
    expect(Date.parse(badges.checkedAt)).toBeLessThanOrEqual(Date.now());

    const again = await client.request('badges', { project: badges.project! });
    expect(again.files).toEqual(badges.files);
    expect(again.project).toBe(badges.project);

    const unknown = client.request('badges', { project: 'no-such-project' });
    await expect(unknown).rejects.toThrow(HelperRequestError);
    await expect(unknown).rejects.toMatchObject({ code: 'not-found', message: expect.stringContaining("send the project's files again") });
  });

  it("of a folder target list its files with their sizes; a project's clip names come with a target", async () => {
    const client = await pairedToNewHelper();
    const files = makeMedia(3, 'card');
    const badges = await client.request('badges', { target: path.join(temp.dir, 'card') });
    expect(badges.files.path).toEqual(files);
    expect(badges.files.size).toEqual(files.map((f) => fs.statSync(f).size));
    expect(badges.project).toBeUndefined();
    expect(badges.badges.map((b) => b.state)).toEqual(['unprotected']);
  });

  it('a file deleted after an answer is announced (jobId null) and shows in the next answer', async () => {
    const client = await pairedToNewHelper();
    const { next } = recordEvents(client);
    const files = makeMedia(4);
    const first = await client.request('badges', { host: hostOf(files) });
    expect(stateOf(first, files[2]!)).toBe('unprotected');

    fs.rmSync(files[2]!);
    await new Promise((resolve) => setTimeout(resolve, AFTER_FRESHNESS_MS));
    // Answered at once or after the look; either way the change is announced.
    await client.request('badges', { project: first.project! });
    const event = (await next((e) => e.type === 'asset.status' && e.asset.path === files[2], 30_000)) as Extract<HelperEvent, { type: 'asset.status' }>;
    expect(event.jobId).toBeNull();
    expect(event.asset.state).toBe('lost');
    const after = await client.request('badges', { project: first.project! });
    expect(stateOf(after, files[2]!)).toBe('lost');
    expect(after.summary).toMatchObject({ assets: 4, unprotected: 3, lost: 1 });
    expect(Date.parse(after.checkedAt)).toBeGreaterThan(Date.parse(first.checkedAt));
  });

  it('many changes at once are one badges.changed event, not one event per file', async () => {
    const client = await pairedToNewHelper();
    const { events, next } = recordEvents(client);
    const files = makeMedia(600, 'drive');
    const first = await client.request('badges', { host: hostOf(files) });
    fs.rmSync(path.join(temp.dir, 'drive'), { recursive: true });
    await new Promise((resolve) => setTimeout(resolve, AFTER_FRESHNESS_MS));
    await client.request('badges', { project: first.project! });
    expect(await next((e) => e.type === 'badges.changed', 30_000)).toEqual({ type: 'badges.changed', project: first.project });
    expect(events.filter((e) => e.type === 'asset.status')).toEqual([]);
    const after = await client.request('badges', { project: first.project! });
    expect(after.summary).toMatchObject({ assets: 600, lost: 600 });
  });

  it("a job's recorded copies are in the kept badges as soon as the job has finished", async () => {
    const client = await pairedToNewHelper();
    const { next } = recordEvents(client);
    const files = makeMedia(20);
    const host = hostOf(files);
    const before = await client.request('badges', { host });
    expect(before.summary).toMatchObject({ assets: 20, unprotected: 20 });

    const { job } = await client.request('protect', { host });
    await next((e) => e.type === 'job.finished' && e.job.id === job.id, 60_000);
    const after = await client.request('badges', { project: before.project! });
    // Two local disks and no offsite copy: partial, as the full status says.
    const full = await client.request('status', { host });
    expect(full.summary).toMatchObject({ assets: 20, partial: 20 });
    expect(badgedFiles(after).map(shown)).toEqual(full.assets.map(shown));
    expect(after.summary).toEqual(full.summary);
  });

  it('a removed destination changes every badge at the next answer', async () => {
    const client = await pairedToNewHelper();
    const files = makeMedia(3);
    const host = hostOf(files);
    const { job } = await client.request('protect', { host });
    const { next } = recordEvents(client);
    await next((e) => e.type === 'job.finished' && e.job.id === job.id, 60_000);
    const before = await client.request('badges', { host });
    expect(before.badges.map((b) => b.copies)).toEqual([3]); // the source and two copies

    await client.request('destinations.remove', { name: 'usb' });
    await client.request('badges', { project: before.project! });
    await next((e) => e.type === 'badges.changed' || (e.type === 'asset.status' && e.jobId === null), 30_000);
    const after = await client.request('badges', { project: before.project! });
    expect(after.badges.map((b) => b.copies)).toEqual([2]);
  });
});
