// The panel as an editor browses a project, in Chromium against a real helper: search, order and bins in the
// clip list; a clip's copies and what can be done with them; the destinations' state; a large project's
// rescan. Destinations are set up and the media protected with the CLI beforehand.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openPage, saveArtifact, saveScreenshot } from '../helpers/browser';
import { runCli } from '../helpers/cli';
import { pairingCode } from '../helpers/helperHarness';
import { makeTempDir } from '../helpers/tempDir';
import { eventually } from './eventually';
import { documentary, type Documentary } from './panelFixture';
import { panelWebCopy, spawnHelperServing, type ServingHelper } from './servedPanel';

let temp: ReturnType<typeof makeTempDir>;
let home: string;
let fixture: Documentary;
let helper: ServingHelper;
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
  fs.mkdirSync(raid);
  fixture = documentary(path.join(temp.dir, 'Documentary'));
  for (const args of [
    ['dest', 'add', 'raid', raid, '--media', 'raid'],
    ['protect', fixture.online.A001!],
  ]) {
    const r = runCli(home, args);
    if (r.code !== 0) throw new Error(`threefold ${args.join(' ')}: ${r.stderr}`);
  }
  helper = await spawnHelperServing(home, panelWebCopy(path.join(temp.dir, 'panel-web'), fixture.project));
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

describe('the page', () => {
  it('threw no uncaught exception', () => {
    expect(uncaught).toEqual([]);
  });
});
