// The panel end to end: its browser build in Debian's Chromium, served by a real helper process, with real
// destination folders in a temp dir and a simulated Premiere project over real media files. One editor's
// first session, in order: pair, set up destinations, see the project, protect it, cancel a long job, lose
// the helper.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { mapSourcePath } from '../../src/paths/mapSourcePath';
import { launchChromium, openPage, saveArtifact, saveScreenshot } from '../helpers/browser';
import { runCli } from '../helpers/cli';
import { pairingCode } from '../helpers/helperHarness';
import { xxhsum } from '../helpers/oracles';
import { makeTempDir } from '../helpers/tempDir';
import { listFiles } from '../helpers/workspace';
import { eventually } from './eventually';
import { clipRowsByName, destinationRow, namesOf, shownBadges, summaryCount } from './panelPage';
import { documentary, feature, type Documentary } from './panelFixture';
import { panelWebCopy, spawnHelperServing, writeSimulatedProject, type ServingHelper } from './servedPanel';

const MiB = 1024 * 1024;
const UNPROTECTED_CHIP = 'Not backed up';
const LOST_CHIP = 'lost: source missing, no copy';

let temp: ReturnType<typeof makeTempDir>;
let home: string;
let panelDir: string;
let folders: Record<'raid' | 'vault' | 'shuttle', string>;
let fixture: Documentary;
let helper: ServingHelper;
let browser: Browser;
let page: Page;
let uncaught: string[] = [];
let consoleErrors: string[] = [];

beforeAll(async () => {
  temp = makeTempDir('threefold-e2e-');
  home = path.join(temp.dir, 'home');
  folders = { raid: path.join(temp.dir, 'RAID'), vault: path.join(temp.dir, 'Vault'), shuttle: path.join(temp.dir, 'Shuttle') };
  for (const folder of Object.values(folders)) fs.mkdirSync(folder);
  // Two of the three from the command line, set up before the panel; the third through the panel's form.
  for (const args of [
    ['dest', 'add', 'raid', folders.raid, '--media', 'raid'],
    ['dest', 'add', 'vault', folders.vault, '--media', 'hdd', '--offsite'],
  ]) {
    const r = runCli(home, args);
    if (r.code !== 0) throw new Error(`threefold ${args.join(' ')}: ${r.stderr}`);
  }
  fixture = documentary(path.join(temp.dir, 'Documentary'));
  panelDir = panelWebCopy(path.join(temp.dir, 'panel-web'), fixture.project);
  helper = await spawnHelperServing(home, panelDir);
  browser = await launchChromium();
  // Taller than the docked panel: the whole fixture's list and the job's result fit in the screenshot.
  ({ page, uncaught, consoleErrors } = await openPage(browser, helper.url, { width: 420, height: 900 }));
});

afterAll(async () => {
  // For a failure: what the page logged and what the helper did, beside the screenshot.
  if (helper) saveArtifact('panel-e2e.log', `page console errors:\n${consoleErrors.join('\n')}\n\nhelper log:\n${helper.log()}`);
  await browser?.close();
  await helper?.stop();
  temp?.cleanup();
});

describe('the panel in Chromium, against a real helper', () => {
  it('pairs with the code from `threefold pair`; a wrong code is refused with a message', async () => {
    await page.getByTestId('pairing').waitFor();
    // Well formed, so the helper is the one that refuses it.
    await page.getByTestId('pairing-code').fill('ZZZZ-ZZZZ');
    await page.getByTestId('pair-button').click();
    await eventually(async () => expect(await page.getByTestId('pairing-error').innerText({ timeout: 1000 })).toContain('wrong or expired'));

    await page.getByTestId('pairing-code').fill(pairingCode(home));
    await page.getByTestId('pair-button').click();
    await page.getByTestId('destinations').waitFor();
  });

  it('lists the destinations, adds a local folder through the form and tests it', async () => {
    await eventually(async () => expect((await namesOf(page, 'destination-row')).sort()).toEqual(['raid', 'vault']));

    // A folder that is not there: refused, with the reason.
    await page.getByTestId('dest-name').fill('shuttle');
    const unplugged = path.join(temp.dir, 'Unplugged');
    await page.getByTestId('dest-where').fill(unplugged);
    await page.getByTestId('dest-media').fill('ssd');
    await page.getByTestId('dest-add').click();
    await eventually(async () =>
      expect(await page.getByTestId('dest-error').innerText({ timeout: 1000 })).toContain(`${unplugged} cannot be used: no such file or folder`),
    );
    expect(await namesOf(page, 'destination-row')).toHaveLength(2);

    await page.getByTestId('dest-where').fill(folders.shuttle);
    await page.getByTestId('dest-add').click();
    await eventually(async () => expect((await namesOf(page, 'destination-row')).sort()).toEqual(['raid', 'shuttle', 'vault']));
    // The helper recorded it: the command line sees it too.
    expect(runCli(home, ['dest', 'list']).stdout).toContain(folders.shuttle);

    const shuttle = destinationRow(page, 'shuttle');
    await shuttle.getByTestId('dest-test').click();
    await eventually(async () => expect(await shuttle.getByTestId('dest-verdict').innerText({ timeout: 1000 })).toMatch(/ok|works/i));
    // The probe never stays behind.
    expect(listFiles(folders.shuttle)).toEqual([]);
  });

  it('shows the project: every clip with a file unprotected, the offline clip lost, no row for the sequence', async () => {
    await page.getByTestId('destinations-done').click();
    await eventually(async () => expect(await page.getByTestId('project-name').innerText({ timeout: 1000 })).toContain('Documentary'));
    await eventually(async () => {
      const rows = await clipRowsByName(page);
      expect(Object.keys(rows).sort()).toEqual(['A001', 'A002', 'B001', 'B002', 'Interview']);
      for (const name of Object.keys(fixture.online)) expect(rows[name]).toMatchObject({ state: 'unprotected', chip: UNPROTECTED_CHIP });
      expect(rows.B002).toMatchObject({ id: fixture.offlineClip.id, state: 'lost', chip: LOST_CHIP, folder: path.dirname(fixture.offlineClip.mediaPath!) });
      expect(rows.A001!.folder).toBe(path.dirname(fixture.online.A001!));
    });
    expect(await summaryCount(page, 'unprotected')).toBe(4);
    expect(await summaryCount(page, 'lost')).toBe(1);
    expect(await summaryCount(page, 'protected')).toBe(0);
  });

  it('protects the project: progress per destination, every chip reaches 3-2-1 ✓, the copies are on disk, the offline clip stays lost', async () => {
    await page.getByTestId('protect-button').click();
    await page.getByTestId('job-progress').waitFor();
    await eventually(async () => expect((await namesOf(page, 'destination-progress')).sort()).toEqual(['raid', 'shuttle', 'vault']));
    expect(await page.getByTestId('destination-progress').first().locator('sp-progressbar').count()).toBe(1);

    await page.getByTestId('job-result').waitFor({ timeout: 60_000 });
    await eventually(async () => {
      const rows = await clipRowsByName(page);
      for (const name of Object.keys(fixture.online)) expect(rows[name]).toMatchObject({ state: 'protected', chip: '3-2-1 ✓' });
      expect(rows.B002).toMatchObject({ state: 'lost', chip: LOST_CHIP });
    });
    expect(await summaryCount(page, 'protected')).toBe(4);
    expect(await summaryCount(page, 'unprotected')).toBe(0);
    expect(await summaryCount(page, 'lost')).toBe(1);

    // The offline clip is a warning, not a failure: the job is done, names the clip, and offers no retry for it.
    const result = await page.getByTestId('job-result').innerText();
    expect(result).toMatch(/^Done, 1 clip offline: /);
    expect(await page.getByTestId('job-offline').innerText()).toContain('B002.mov');
    expect(await page.getByTestId('job-failure').count()).toBe(0);
    expect(await page.getByTestId('retry-failures').count()).toBe(0);

    // Independently of the panel: each destination holds a copy with the source's bytes (the media and the proxy).
    const sources = [...Object.values(fixture.online), fixture.project.clips.find((c) => c.name === 'A002')!.proxyPath!];
    for (const folder of Object.values(folders)) {
      for (const source of sources) expect(xxhsum(path.join(folder, mapSourcePath(source)))).toBe(xxhsum(source));
    }
  });

  it('shows where a selected clip’s copies are and when each was verified', async () => {
    await page.getByTestId('clip-row').filter({ hasText: 'A001' }).click();
    const details = page.getByTestId('clip-details');
    await details.waitFor();
    await eventually(async () => {
      const copies = await details.getByTestId('copy-location').allInnerTexts();
      expect(copies).toHaveLength(3);
      for (const name of ['raid', 'shuttle', 'vault']) expect(copies.some((c) => c.includes(name))).toBe(true);
    });
  });

  it('filters the list: Protected, Missing, All', async () => {
    await page.getByTestId('filter-protected').click();
    await eventually(async () => expect(Object.keys(await clipRowsByName(page)).sort()).toEqual(['A001', 'A002', 'B001', 'Interview']));
    await page.getByTestId('filter-missing').click();
    await eventually(async () => expect(Object.keys(await clipRowsByName(page))).toEqual(['B002']));
    await page.getByTestId('filter-all').click();
    await eventually(async () => expect(Object.keys(await clipRowsByName(page))).toHaveLength(5));
    await saveScreenshot(page, 'panel-main-view');
  });

  it('sets color labels in Premiere only once turned on in the settings: the protected clips get the label chosen', async () => {
    const protectedIds = fixture.project.clips
      .filter((c) => c.name in fixture.online)
      .map((c) => c.id)
      .sort();
    /** [clip id, its color label or null] of the badges shown with this state. */
    const labelsOf = async (state: string) =>
      (await shownBadges(page))
        .filter((b) => b.state === state)
        .map((b) => [b.clipId, b.colorLabel ?? null])
        .sort();
    // Off by default: the badges carry the status, no label.
    await eventually(async () => expect(await labelsOf('protected')).toEqual(protectedIds.map((id) => [id, null])));

    await page.getByTestId('open-settings').click();
    await page.getByTestId('settings').waitFor();
    await page.getByTestId('color-labels-toggle').click();
    const protectedChoice = page.locator('[data-testid="label-choice"][data-state="protected"] select');
    const forest = Number(await protectedChoice.locator('option', { hasText: 'Forest' }).getAttribute('value'));
    await protectedChoice.selectOption({ label: 'Forest' });

    await eventually(async () => expect(await labelsOf('protected')).toEqual(protectedIds.map((id) => [id, forest])));
    expect(await labelsOf('lost')).toEqual([[fixture.offlineClip.id, null]]);
    await saveScreenshot(page, 'panel-settings');
    await page.getByTestId('settings-done').click();
    await page.getByTestId('clip-list').waitFor();
  });

  it('cancels a long job: the result says cancelled, no partial file stays, the clips copied before it are protected', async () => {
    // A project switch in Premiere is a new page load here; the token is remembered, no pairing again.
    // 1.5 GiB: long enough on a quiet machine too, where 512 MiB was copied before the cancel arrived.
    const big = feature(path.join(temp.dir, 'Feature'), 48, 32 * MiB);
    writeSimulatedProject(panelDir, big);
    await page.reload();
    await eventually(async () => expect(await page.getByTestId('project-name').innerText({ timeout: 1000 })).toContain('Feature'));
    await eventually(async () => expect(Object.keys(await clipRowsByName(page)).length).toBeGreaterThan(0));

    await page.getByTestId('protect-button').click();
    await page.getByTestId('job-progress').waitFor();
    await page.getByTestId('cancel-button').click();
    await page.getByTestId('job-result').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('job-result').innerText()).toMatch(/cancelled/i);

    for (const folder of Object.values(folders)) expect(listFiles(folder).filter((f) => f.includes('threefold-partial'))).toEqual([]);
    // Cancelled before the end: some clips were not copied everywhere; those that were show it.
    const copied = big.clips.filter((c) => Object.values(folders).every((folder) => fs.existsSync(path.join(folder, mapSourcePath(c.mediaPath!)))));
    expect(copied.length).toBeLessThan(big.clips.length);
    await eventually(async () => {
      const rows = await clipRowsByName(page);
      const protectedNames = Object.values(rows)
        .filter((r) => r.state === 'protected')
        .map((r) => r.name);
      expect(protectedNames.sort()).toEqual(copied.map((c) => c.name).sort());
    });
  });

  it('says how to start the helper when it is not running, and comes back when it is', async () => {
    await helper.stop();
    await eventually(
      async () => expect(await page.getByTestId('helper-offline').innerText({ timeout: 1000 })).toContain('Start Threefold helper: threefold helper'),
      15_000,
    );

    // Started again on its port: the page reconnects by itself, still paired.
    helper = await spawnHelperServing(home, panelDir, helper.port);
    await eventually(async () => expect(await page.getByTestId('project-name').innerText({ timeout: 1000 })).toContain('Feature'), 30_000);
    expect(await page.getByTestId('pairing').count()).toBe(0);
  });

  it('threw no uncaught exception in the page', () => {
    expect(uncaught).toEqual([]);
  });
});
