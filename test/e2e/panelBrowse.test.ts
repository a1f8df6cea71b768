// The panel as an editor browses a project, in Chromium against a real helper: search, order and bins in the
// clip list; a clip's copies and what can be done with them; the destinations' state; a large project's
// rescan. Destinations are set up and the media protected with the CLI beforehand.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openPage, saveArtifact, saveScreenshot } from '../helpers/browser';
import { mapSourcePath } from '../../src/paths/mapSourcePath';
import { runCli } from '../helpers/cli';
import { closedPort } from '../helpers/closedPort';
import { pairingCode } from '../helpers/helperHarness';
import { makeTempDir } from '../helpers/tempDir';
import { eventually } from './eventually';
import { documentary, type Documentary } from './panelFixture';
import { panelWebCopy, spawnHelperServing, writeSimulatedProject, type ServingHelper } from './servedPanel';
import { SIMULATED_HOST_PROPERTY } from '../../panel/host/simulatedHost';

let temp: ReturnType<typeof makeTempDir>;
let home: string;
let fixture: Documentary;
let helper: ServingHelper;
let panelDir: string;
let raidFolder: string;
let browser: Browser;
let page: Page;
let uncaught: string[] = [];
let consoleErrors: string[] = [];

/** The list as shown: `[bin]` for a heading, the clip's name for a row. */
async function listed(): Promise<string[]> {
  return page
    .locator('[data-testid="clip-row"], [data-testid="bin-heading"]')
    .evaluateAll((items) =>
      items.map((e) =>
        e.getAttribute('data-testid') === 'bin-heading'
          ? `[${e.getAttribute('data-name')}]`
          : (e.querySelector('[data-testid="clip-name"]')?.textContent ?? ''),
      ),
    );
}

beforeAll(async () => {
  temp = makeTempDir('threefold-e2e-browse-');
  home = path.join(temp.dir, 'home');
  const raid = path.join(temp.dir, 'RAID');
  raidFolder = raid;
  const shuttle = path.join(temp.dir, 'Shuttle');
  fs.mkdirSync(raid);
  fs.mkdirSync(shuttle);
  fixture = documentary(path.join(temp.dir, 'Documentary'));
  for (const args of [
    ['dest', 'add', 'raid', raid, '--media', 'raid'],
    ['dest', 'add', 'shuttle', shuttle, '--media', 'hdd'],
    ['protect', fixture.online.A001!, '--to', 'raid'],
  ]) {
    const r = runCli(home, args);
    if (r.code !== 0) throw new Error(`threefold ${args.join(' ')}: ${r.stderr}`);
  }
  fs.rmSync(shuttle, { recursive: true }); // unplugged
  panelDir = panelWebCopy(path.join(temp.dir, 'panel-web'), fixture.project);
  helper = await spawnHelperServing(home, panelDir);
  browser = await launchChromium();
  ({ page, uncaught, consoleErrors } = await openPage(browser, helper.url, { width: 420, height: 800 }));
  await page.getByTestId('pairing-code').fill(pairingCode(home));
  await page.getByTestId('pair-button').click();
  await page.getByTestId('destinations').waitFor();
  await page.getByTestId('destinations-done').click();
  await eventually(async () => expect(await page.getByTestId('clip-row').count()).toBe(5));
});

afterAll(async () => {
  if (helper) saveArtifact('panel-browse-e2e.log', `page console errors:\n${consoleErrors.join('\n')}\n\nhelper log:\n${helper.log()}`);
  await browser?.close();
  await helper?.stop();
  temp?.cleanup();
});

describe('the destinations', () => {
  it('say whether each is connected now, its free space, and when it last received a copy', async () => {
    await page.getByTestId('open-destinations').click();
    const raid = page.locator('[data-testid="destination-row"][data-name="raid"]');
    await eventually(async () =>
      expect(await raid.getByTestId('dest-state').innerText({ timeout: 1000 })).toMatch(
        /^Connected · [\d.]+ [kMGTP]?B free · Last copy (just now|\d+ min ago)$/,
      ),
    );
    const shuttle = page.locator('[data-testid="destination-row"][data-name="shuttle"]');
    expect(await shuttle.getByTestId('dest-state').innerText()).toBe('Not connected now · No copy yet');
    await saveScreenshot(page, 'panel-destinations-state');
    await page.getByTestId('destinations-done').click();
    await page.getByTestId('clip-list').waitFor();
  });
});

describe('browsing the clips', () => {
  it('each row names its bin and the folder of its file', async () => {
    const a001 = page.getByTestId('clip-row').filter({ hasText: 'A001' });
    expect(await a001.getByTestId('clip-bin').innerText()).toBe('Footage / Day 1');
    expect(await a001.getByTestId('clip-folder').innerText()).toBe(path.dirname(fixture.online.A001!));
  });

  it('searches, sorts by state and groups by bin', async () => {
    await page.getByTestId('clip-search').fill('day 1');
    await eventually(async () => expect(await listed()).toEqual(['A001', 'A002']));
    await page.getByTestId('clip-search').fill('');
    await page.getByTestId('clip-sort').selectOption('state');
    // Lost first, the protected A001 last.
    await eventually(async () => expect(await listed()).toEqual(['B002', 'A002', 'B001', 'Interview', 'A001']));
    await page.getByTestId('clip-sort').selectOption('name');
    await page.getByTestId('group-by-bin').click();
    await eventually(async () =>
      expect(await listed()).toEqual(['[Audio]', 'Interview', '[Footage / Day 1]', 'A001', 'A002', '[Footage / Day 2]', 'B001', 'B002']),
    );
    await saveScreenshot(page, 'panel-grouped-by-bin');
    await page.getByTestId('group-by-bin').click();
    await eventually(async () => expect(await page.getByTestId('bin-heading').count()).toBe(0));
  });
});

describe("a clip's copies", () => {
  it('a clip selected in the project panel is selected here; its copy verified, its path copied; a copy gone is not shown', async () => {
    await page.evaluate((property) => {
      const host = (globalThis as unknown as Record<string, { simulateSelection(ids: string[]): void }>)[property]!;
      host.simulateSelection(['clip-a001']);
    }, SIMULATED_HOST_PROPERTY);
    const details = page.getByTestId('clip-details');
    await eventually(async () => expect(await details.getAttribute('data-clip-id', { timeout: 1000 })).toBe('clip-a001'));
    const copy = path.join(raidFolder, mapSourcePath(fixture.online.A001!));

    await details.getByTestId('verify-clip').click();
    // The job is the helper's verify of this clip: raid's copy read back, the unplugged shuttle said to be unreachable.
    await page.getByTestId('job-result').waitFor();
    expect(await page.getByTestId('job-result').innerText()).toMatch(/Shuttle is not reachable/);
    expect(runCli(home, ['jobs']).stdout).toMatch(/verify/);
    await page.getByTestId('dismiss-result').click();

    const raidActions = details.locator('.copy-actions[data-name="raid"]');
    await raidActions.getByTestId('copy-path').click();
    await eventually(async () => expect(await details.getByTestId('copy-notice').innerText({ timeout: 1000 })).toBe('Path copied.'));
    const copied = await page.evaluate(
      (property) => (globalThis as unknown as Record<string, { copied: string[] }>)[property]!.copied,
      SIMULATED_HOST_PROPERTY,
    );
    expect(copied).toEqual([copy]);

    // The helper opens only a recorded copy that is there: this one was deleted behind its back.
    fs.rmSync(copy);
    await raidActions.getByTestId('reveal-copy').click();
    await eventually(async () => expect(await details.getByTestId('copy-notice').innerText({ timeout: 1000 })).toMatch(/the copy on raid is not there now/i));
    await saveScreenshot(page, 'panel-clip-copies');
  });
});

describe('a large project', () => {
  it('rescans 5,000 clips in slices: the page handles events while the host is read', async () => {
    const clips = Array.from({ length: 5000 }, (_, i) => ({
      id: `clip-${i}`,
      name: `S${String(i).padStart(4, '0')}`,
      bin: [`Roll ${Math.floor(i / 500)}`],
      mediaPath: path.join(temp.dir, 'Large', `S${i}.mov`),
    }));
    writeSimulatedProject(panelDir, { name: 'Large', path: null, clips });
    await page.reload();
    await eventually(async () => expect(await page.getByTestId('clip-list').getAttribute('data-count')).toBe('5000'));

    // A rescan (Premiere switching back to the project), and a task queued at once: input events are tasks
    // too, so it runs when the rescan gives way. It must run while the project is still being read.
    const seen = await page.evaluate(async (property) => {
      const host = (globalThis as unknown as Record<string, { walkYields: number; simulateChange(change: 'switched'): void }>)[property]!;
      const before = host.walkYields;
      const started = performance.now();
      host.simulateChange('switched');
      const waited = await new Promise<{ ms: number; yields: number }>((resolve) =>
        setTimeout(() => resolve({ ms: performance.now() - started, yields: host.walkYields - before }), 0),
      );
      // Once the whole project was read: how many slices it took.
      while (host.walkYields - before < 24 && performance.now() - started < 20_000) await new Promise((r) => setTimeout(r, 10));
      return { ...waited, total: host.walkYields - before };
    }, SIMULATED_HOST_PROPERTY);
    expect(seen.total).toBeGreaterThanOrEqual(5000 / 200 - 1);
    expect(seen.yields).toBeLessThan(seen.total);
    expect(seen.ms).toBeLessThan(500);

    // And the page answers the editor meanwhile and after: a search over the 5,000.
    await page.getByTestId('clip-search').fill('S4999');
    await eventually(async () => expect(await listed()).toEqual(['S4999']));
  });
});

describe('the helper port', () => {
  it('set in the settings, the panel talks to the helper there: no helper on that port, it says where it tries', async () => {
    const free = await closedPort();
    await page.getByTestId('open-settings').click();
    await page.getByTestId('helper-port-field').fill(String(free));
    await page.getByTestId('helper-port-apply').click();
    await eventually(async () => expect(await page.getByTestId('helper-offline').innerText({ timeout: 1000 })).toContain(`ws://127.0.0.1:${free}`));
    // The browser build's helper is the one that serves the page: a reload talks to it again, still paired.
    await page.reload();
    await eventually(async () => expect(await page.getByTestId('clip-list').count()).toBe(1));
  });
});

describe('the page', () => {
  it('threw no uncaught exception', () => {
    expect(uncaught).toEqual([]);
  });
});
