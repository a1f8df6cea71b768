// Automation, reports and a hidden panel, end to end: the browser build in Chromium with the simulated
// Premiere project (its project file a real .prproj over real media), a real helper process and real folders.
// The Auto-protect switch shows a plan made in a terminal, pauses, removes and adds one, and a save of the
// project runs it; View report opens (through the simulated host's record of shell.openExternal) a link
// that any browser can fetch, listing the job's files; a job that ends while the panel is hidden is told by
// a desktop notification (a stand-in notify-send on the helper's PATH) and shown when the panel comes back.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { writePremiereProject } from '../../native-helper/demo/premiereProjectWriter';
import { SIMULATED_HOST_PROPERTY } from '../../panel/host/simulatedHost';
import { launchChromium, openPage, saveArtifact, saveScreenshot } from '../helpers/browser';
import { runCli } from '../helpers/cli';
import { pairingCode } from '../helpers/helperHarness';
import { makeTempDir } from '../helpers/tempDir';
import { eventually } from './eventually';
import { documentary, type Documentary } from './panelFixture';
import { clipRowsByName } from './panelPage';
import { panelWebCopy, spawnHelperServing, type ServingHelper } from './servedPanel';

let temp: ReturnType<typeof makeTempDir>;
let home: string;
let fixture: Documentary;
let projectFile: string;
let notified: string;
let helper: ServingHelper;
let browser: Browser;
let page: Page;
let uncaught: string[] = [];
let consoleErrors: string[] = [];

interface ListedPlan {
  id: string;
  target: string;
  onChange: boolean;
  paused: boolean;
}

function cli(args: string[]): string {
  const r = runCli(home, args);
  if (r.code !== 0) throw new Error(`threefold ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const plans = (): ListedPlan[] => JSON.parse(cli(['plan', 'list', '--json'])) as ListedPlan[];

/** The project file as Premiere saves it: its media, gzipped XML. */
async function saveProject(): Promise<void> {
  await writePremiereProject(
    projectFile,
    Object.entries(fixture.online).map(([title, file]) => ({ title, actualMediaFilePath: file, filePath: file })),
  );
}

async function simulated<T>(method: 'opened' | 'hide' | 'show'): Promise<T> {
  return page.evaluate(
    ([property, what]) => {
      const host = (globalThis as unknown as Record<string, { opened: string[]; simulateVisibility(v: boolean): void }>)[property!]!;
      if (what === 'opened') return [...host.opened] as unknown as T;
      host.simulateVisibility(what === 'show');
      return undefined as T;
    },
    [SIMULATED_HOST_PROPERTY, method] as const,
  );
}

/** A GET with no token and no cookie, as a browser opening the link sends it. */
function fetchPage(url: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      })
      .on('error', reject);
  });
}

const notifications = (): string[] => fs.readFileSync(notified, 'utf8').split('\n').filter(Boolean);

beforeAll(async () => {
  temp = makeTempDir('threefold-e2e-auto-');
  home = path.join(temp.dir, 'home');
  const raid = path.join(temp.dir, 'RAID');
  fs.mkdirSync(raid);
  cli(['dest', 'add', 'raid', raid, '--media', 'raid']);
  // Plans run one second after a save settles, with no gap between runs: the test need not wait minutes.
  const configFile = path.join(home, 'config.json');
  fs.writeFileSync(configFile, JSON.stringify({ ...JSON.parse(fs.readFileSync(configFile, 'utf8')), automation: { settleSeconds: 1, minGapMinutes: 0 } }));
  fixture = documentary(path.join(temp.dir, 'Documentary'));
  projectFile = fixture.project.path!;
  await saveProject();
  // Made in a terminal before the panel opens: the switch must show it.
  cli(['plan', 'add', projectFile, '--every', '2h']);
  // This machine has no notify-send: a stand-in records each desktop notification, one per line.
  const bin = fs.mkdirSync(path.join(temp.dir, 'bin'), { recursive: true })!;
  notified = path.join(temp.dir, 'notified.txt');
  fs.writeFileSync(notified, '');
  fs.writeFileSync(path.join(bin, 'notify-send'), `#!/bin/sh\nprintf '%s|' "$@" >> '${notified}'\necho >> '${notified}'\n`, { mode: 0o755 });
  const panelDir = panelWebCopy(path.join(temp.dir, 'panel-web'), fixture.project);
  helper = await spawnHelperServing(home, panelDir, 0, { ...process.env, PATH: `${bin}:${process.env.PATH}` });
  browser = await launchChromium();
  ({ page, uncaught, consoleErrors } = await openPage(browser, helper.url, { width: 320, height: 480 }));
  await page.getByTestId('pairing-code').fill(pairingCode(home));
  await page.getByTestId('pair-button').click();
  await page.getByTestId('destinations-done').click();
  await eventually(async () => expect(Object.keys(await clipRowsByName(page))).toHaveLength(5));
});

afterAll(async () => {
  if (helper) saveArtifact('panel-automation-e2e.log', `page console errors:\n${consoleErrors.join('\n')}\n\nhelper log:\n${helper.log()}`);
  await browser?.close();
  await helper?.stop();
  temp?.cleanup();
});

describe('View report', () => {
  it('opens the finished job’s report through the host, at a link a browser fetches without the token', async () => {
    await page.getByTestId('protect-button').click();
    await page.getByTestId('job-result').waitFor({ timeout: 60_000 });
    await page.getByTestId('view-report').click();
    const [url] = await eventually(async () => {
      const opened = await simulated<string[]>('opened');
      expect(opened).toHaveLength(1);
      return opened;
    });
    expect(url).toMatch(new RegExp(`^${helper.url}reports/job-\\d+\\.html\\?key=[\\w-]{43}$`));
    const report = await fetchPage(url!);
    expect(report.status).toBe(200);
    for (const file of Object.values(fixture.online)) expect(report.text).toContain(path.basename(file));
    // And as the system's browser opens it: a top-level navigation, no token, no header of Threefold's.
    const browserTab = await browser.newPage();
    const response = await browserTab.goto(url!);
    expect(response?.status()).toBe(200);
    const shown = await browserTab.locator('body').innerText();
    for (const file of Object.values(fixture.online)) expect(shown).toContain(path.basename(file));
    await saveScreenshot(browserTab, 'panel-report-in-browser');
    await browserTab.close();

    // From the summary: the project's last job's report.
    await page.getByTestId('summary-report').click();
    const opened = await eventually(async () => {
      const all = await simulated<string[]>('opened');
      expect(all).toHaveLength(2);
      return all;
    });
    expect(/job-(\d+)/.exec(opened[1]!)?.[1]).toBe(/job-(\d+)/.exec(url!)?.[1]);
    expect((await fetchPage(opened[1]!)).status).toBe(200);
  });
});

describe('Auto-protect this project', () => {
  it('shows the plan made in a terminal; off pauses it, Remove removes it, on adds an on-change plan', async () => {
    const line = page.getByTestId('auto-protect-line');
    await eventually(async () => expect(await page.getByTestId('auto-protect-switch').getAttribute('data-checked')).toBe('true'));
    expect(await line.innerText()).toMatch(/^not protected by it yet · next (tomorrow )?\d\d:\d\d$/);
    await saveScreenshot(page, 'panel-auto-protect-320x480');

    await page.getByTestId('auto-protect-switch').click();
    await eventually(async () => expect(await line.innerText()).toBe('not protected by it yet · paused'));
    expect(plans().map((p) => p.paused)).toEqual([true]);

    await page.getByTestId('auto-protect-remove').click();
    await eventually(async () => expect(await line.innerText()).toMatch(/^Off: /));
    expect(plans()).toEqual([]);

    await page.getByTestId('auto-protect-switch').click();
    await eventually(async () => expect(await line.innerText()).toBe('not protected by it yet · next on save'));
    expect(plans().map((p) => [p.target, p.onChange, p.paused])).toEqual([[projectFile, true, false]]);
  });

  it('runs on a save of the project, and says when it last protected', async () => {
    await page.getByTestId('dismiss-result').click();
    await saveProject();
    await eventually(async () => expect(await page.getByTestId('auto-protect-line').innerText()).toMatch(/^last protected \d\d:\d\d · next on save$/), 60_000);
    // Protect project stays in view at the docked size with the switch shown.
    const box = await page.getByTestId('protect-button').boundingBox();
    expect(box !== null && box.y + box.height <= 480).toBe(true);
  });
});

describe('a job that ends while the panel is hidden', () => {
  it('is notified on the desktop, and shown when the panel comes back (after a reload too)', async () => {
    const before = notifications().length;
    await simulated('hide');
    // The panel tells the helper in an effect after it renders: given a moment, as an editor takes one.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await page.getByTestId('protect-button').click();
    await eventually(async () => expect(notifications().length).toBe(before + 1), 60_000);
    // Everything is copied already; the offline clip's file is not there: a warning, as the panel says it.
    expect(notifications().at(-1)).toContain('Threefold: Protect done: Documentary|0 files, 1 clip offline, not copied');
    // The panel is closed meanwhile (Premiere unloads it): opened again, it shows what it missed.
    await page.reload();
    await page.getByTestId('job-missed').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('job-summary').innerText()).toMatch(/^Done, 1 clip offline/);
    // The switch, drawn anew after the reload, shows the plan on.
    await eventually(async () =>
      expect(
        await page
          .getByTestId('auto-protect-switch')
          .evaluate((e) => ({ checked: (e as unknown as { checked: boolean }).checked, disabled: e.hasAttribute('disabled') })),
      ).toEqual({ checked: true, disabled: false }),
    );
    await saveScreenshot(page, 'panel-missed-job-320x480');

    // Shown while it runs: no notification.
    await page.getByTestId('dismiss-result').click();
    await page.getByTestId('protect-button').click();
    await page.getByTestId('job-result').waitFor({ timeout: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(notifications()).toHaveLength(before + 1);
    expect(await page.getByTestId('job-missed').count()).toBe(0);
    expect(uncaught).toEqual([]);
  });
});
