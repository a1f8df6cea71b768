// Getting missing media back from the panel, end to end: the browser build in Chromium with the simulated
// Premiere project, a real helper and real folders. Clips protected, their files deleted (the project shows
// them offline): Restore brings the bytes back in place and the clips online, or under a folder the editor
// picks and relinks each clip (and its proxy) there; a clip Premiere cannot relink is reported with why.
// Then the restore test (drill) from the panel.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { HostClip } from '../../panel/host/host';
import { SIMULATED_HOST_PROPERTY, type SimulatedHostCall } from '../../panel/host/simulatedHost';
import { mapSourcePath } from '../../src/paths/mapSourcePath';
import { launchChromium, openPage, saveArtifact, saveScreenshot } from '../helpers/browser';
import { runCli } from '../helpers/cli';
import { pairingCode } from '../helpers/helperHarness';
import { xxhsum } from '../helpers/oracles';
import { makeTempDir, pseudoRandomBytes, writeFile } from '../helpers/tempDir';
import { listFiles } from '../helpers/workspace';
import { eventually } from './eventually';
import type { SimulatedClip, SimulatedProject } from './panelFixture';
import { clipRowsByName } from './panelPage';
import { panelWebCopy, spawnHelperServing, writeSimulatedProject, type ServingHelper } from './servedPanel';

const MiB = 1024 * 1024;

let temp: ReturnType<typeof makeTempDir>;
let home: string;
let raid: string;
let helper: ServingHelper;
let browser: Browser;
let page: Page;
let panelDir: string;
let uncaught: string[] = [];
let consoleErrors: string[] = [];
/** The media files and their xxh64 while they were there. */
let files: Record<'a001' | 'a002' | 'proxy' | 'b001', string>;
let hashes: Record<string, string>;

/** The project as Premiere shows it once the files are gone: every clip offline, B001 one Premiere cannot relink. */
function offlineProject(): SimulatedProject {
  const clip = (id: string, name: string, mediaPath: string, more: Partial<SimulatedClip> = {}): SimulatedClip => ({
    id,
    name,
    bin: ['Footage'],
    mediaPath,
    proxyPath: null,
    offline: true,
    ...more,
  });
  return {
    name: 'Ferry',
    path: null,
    clips: [
      clip('clip-a001', 'A001', files.a001),
      clip('clip-a002', 'A002', files.a002, { proxyPath: files.proxy }),
      clip('clip-b001', 'B001', files.b001, { relinkable: false }),
    ],
  };
}

function deleteMedia(): void {
  for (const file of Object.values(files)) fs.rmSync(file, { force: true });
}

async function hostCalls(): Promise<SimulatedHostCall[]> {
  return page.evaluate(
    (property) => (globalThis as unknown as Record<string, { hostCalls(): SimulatedHostCall[] }>)[property]!.hostCalls(),
    SIMULATED_HOST_PROPERTY,
  );
}

async function hostClips(): Promise<HostClip[]> {
  return page.evaluate(
    (property) => (globalThis as unknown as Record<string, { listClips(): Promise<HostClip[]> }>)[property]!.listClips(),
    SIMULATED_HOST_PROPERTY,
  );
}

async function answerFolderPicker(folder: string | null): Promise<void> {
  await page.evaluate(
    ([property, chosen]) =>
      (globalThis as unknown as Record<string, { answerFolderPicker(f: string | null): void }>)[property!]!.answerFolderPicker(chosen ?? null),
    [SIMULATED_HOST_PROPERTY, folder] as const,
  );
}

/** The project reloaded as Premiere shows it with its files gone; every clip's row says missing. */
async function openOfflineProject(): Promise<void> {
  writeSimulatedProject(panelDir, offlineProject());
  await page.reload();
  await eventually(async () => {
    const rows = await clipRowsByName(page);
    for (const name of ['A001', 'A002', 'B001']) expect(rows[name]?.state).toBe('missing');
  });
}

beforeAll(async () => {
  temp = makeTempDir('threefold-e2e-restore-');
  home = path.join(temp.dir, 'home');
  raid = path.join(temp.dir, 'RAID');
  fs.mkdirSync(raid);
  const media = path.join(temp.dir, 'Ferry');
  files = {
    a001: writeFile(path.join(media, 'Footage/A001.mov'), pseudoRandomBytes(3 * MiB, 11)),
    a002: writeFile(path.join(media, 'Footage/A002.mov'), pseudoRandomBytes(2 * MiB, 12)),
    proxy: writeFile(path.join(media, 'Proxies/A002_Proxy.mp4'), pseudoRandomBytes(MiB / 2, 13)),
    b001: writeFile(path.join(media, 'Footage/B001.mov'), pseudoRandomBytes(MiB, 14)),
  };
  hashes = Object.fromEntries(Object.values(files).map((f) => [f, xxhsum(f)]));
  for (const args of [
    ['dest', 'add', 'raid', raid, '--media', 'raid'],
    ['protect', media],
  ]) {
    const r = runCli(home, args);
    if (r.code !== 0) throw new Error(`threefold ${args.join(' ')}: ${r.stderr}`);
  }
  deleteMedia();
  panelDir = panelWebCopy(path.join(temp.dir, 'panel-web'), offlineProject());
  helper = await spawnHelperServing(home, panelDir);
  browser = await launchChromium();
  ({ page, uncaught, consoleErrors } = await openPage(browser, helper.url, { width: 420, height: 900 }));
  await page.getByTestId('pairing-code').fill(pairingCode(home));
  await page.getByTestId('pair-button').click();
  await page.getByTestId('destinations-done').click();
});

afterAll(async () => {
  if (helper) saveArtifact('panel-restore-e2e.log', `page console errors:\n${consoleErrors.join('\n')}\n\nhelper log:\n${helper.log()}`);
  await browser?.close();
  await helper?.stop();
  temp?.cleanup();
});

describe('restoring missing media from the panel', () => {
  it('restores in place: the dry run offers what and from where, the bytes come back, each clip is brought online', async () => {
    await openOfflineProject();
    await page.getByTestId('restore-missing').click();
    await eventually(async () =>
      expect(await page.getByTestId('restore-offer').innerText({ timeout: 1000 })).toMatch(/^Restore 3 missing clips · 6\.\d MB from raid$/),
    );
    expect(await page.getByTestId('restore-undo-note').innerText()).toContain('cannot undo');
    // Nothing is written before the editor confirms.
    expect(Object.values(files).filter((f) => fs.existsSync(f))).toEqual([]);

    await page.getByTestId('restore-confirm').click();
    await page.locator('[data-testid="restore"][data-step="done"]').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('restore-result').innerText()).toContain('3 clips back online');
    await saveScreenshot(page, 'panel-restore-in-place');

    // Independently of the panel: every file (the proxy too) is back at its own path with its bytes.
    for (const file of Object.values(files)) expect(xxhsum(file)).toBe(hashes[file]);
    const calls = await hostCalls();
    expect(calls.filter((c) => c.method === 'refreshMedia').map((c) => c.clipId)).toEqual(['clip-a001', 'clip-a002', 'clip-b001']);
    expect(calls.filter((c) => c.method === 'changeMediaFilePath' || c.method === 'attachProxy')).toEqual([]);
    expect((await hostClips()).map((c) => [c.name, c.offline])).toEqual([
      ['A001', false],
      ['A002', false],
      ['B001', false],
    ]);
    await eventually(async () => {
      const rows = await clipRowsByName(page);
      for (const name of ['A001', 'A002', 'B001']) expect(rows[name]?.state).toBe('partial'); // one destination: not yet 3-2-1
    });
  });

  it('restores to a folder the editor picks: each clip is relinked there, its proxy attached; one Premiere refuses is said with why', async () => {
    deleteMedia();
    await openOfflineProject();
    const newDrive = path.join(temp.dir, 'New Drive');
    fs.mkdirSync(newDrive);
    const under = (source: string) => path.join(newDrive, ...mapSourcePath(source).split('/'));

    await page.getByTestId('restore-missing').click();
    await page.getByTestId('restore-choose-folder').waitFor();
    // Cancelling the picker changes nothing.
    await answerFolderPicker(null);
    await page.getByTestId('restore-choose-folder').click();
    await answerFolderPicker(newDrive);
    await page.getByTestId('restore-choose-folder').click();
    await eventually(async () => expect(await page.getByTestId('restore-offer').innerText({ timeout: 1000 })).toContain(`from raid to ${newDrive}`));
    expect(await page.getByTestId('restore-undo-note').innerText()).toContain('relinks each clip');
    expect(await page.getByTestId('restore-confirm').innerText()).toBe('Restore and relink');
    expect(listFiles(newDrive)).toEqual([]);

    await page.getByTestId('restore-confirm').click();
    await page.locator('[data-testid="restore"][data-step="done"]').waitFor({ timeout: 60_000 });
    await saveScreenshot(page, 'panel-restore-relink');

    for (const file of Object.values(files)) {
      expect(fs.existsSync(file)).toBe(false);
      expect(xxhsum(under(file))).toBe(hashes[file]);
    }
    const reports = await page
      .getByTestId('restore-report')
      .evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-clip-id'), r.getAttribute('data-outcome'), (r.textContent ?? '').trim()]));
    // What needs the editor first.
    expect(reports.map(([id, outcome]) => [id, outcome])).toEqual([
      ['clip-b001', 'failed'],
      ['clip-a001', 'relinked'],
      ['clip-a002', 'relinked'],
    ]);
    expect(reports[0]![2]).toContain('cannot change this clip’s media path');
    expect(reports[1]![2]).toContain(`Relinked to ${under(files.a001)}`);
    expect(reports[2]![2]).toContain('and its proxy');
    expect(await page.getByTestId('restore-result').innerText()).toContain('2 clips relinked · 1 not taken by Premiere');

    const calls = (await hostCalls()).filter((c) => c.method !== 'refreshMedia');
    expect(calls).toEqual([
      { clipId: 'clip-a001', method: 'canChangeMediaPath', args: [] },
      { clipId: 'clip-a001', method: 'changeMediaFilePath', args: [under(files.a001)] },
      { clipId: 'clip-a002', method: 'canChangeMediaPath', args: [] },
      { clipId: 'clip-a002', method: 'changeMediaFilePath', args: [under(files.a002)] },
      { clipId: 'clip-a002', method: 'attachProxy', args: [under(files.proxy), false] },
      { clipId: 'clip-b001', method: 'canChangeMediaPath', args: [] },
    ]);
    const clips = await hostClips();
    expect(clips.map((c) => [c.name, c.mediaPath, c.proxyPath, c.offline])).toEqual([
      ['A001', under(files.a001), null, false],
      ['A002', under(files.a002), under(files.proxy), false],
      ['B001', files.b001, null, true],
    ]);
  });

  it('runs a restore test from the panel and shows its date and result', async () => {
    await page.getByTestId('restore-dismiss').click();
    expect(await page.getByTestId('drill-last').innerText()).toContain('No restore test yet');
    expect(await page.getByTestId('drill-due').innerText()).toBe('Due: raid (never tested)');
    await page.getByTestId('drill-button').click();
    await eventually(async () => {
      const last = page.getByTestId('drill-last');
      expect(await last.getAttribute('data-passed', { timeout: 1000 })).toBe('true');
      expect(await last.innerText()).toMatch(/^Last restore test just now: \d+ files · .+, all verified$/);
    }, 60_000);
    // The destinations due a test are asked again after it: raid no longer is.
    await eventually(async () => expect(await page.getByTestId('drill-due').count()).toBe(0));
  });

  it('threw no uncaught exception in the page', () => {
    expect(uncaught).toEqual([]);
  });
});
