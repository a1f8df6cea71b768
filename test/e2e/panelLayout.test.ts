// The panel's layout and theme in Chromium, at the sizes the manifest gives Premiere (its minimum, the docked
// and floating preferred sizes, and a large floating one), after a job whose result is long: a destination
// that is unplugged. Element boxes are measured: Protect project stays inside the panel, titles and chips
// are not cut, and the job view leaves the project most of the room.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openPage, saveArtifact, saveScreenshot } from '../helpers/browser';
import { runCli } from '../helpers/cli';
import { pairingCode } from '../helpers/helperHarness';
import { makeTempDir } from '../helpers/tempDir';
import { eventually } from './eventually';
import { clipRowsByName } from './panelPage';
import { documentary } from './panelFixture';
import { panelWebCopy, spawnHelperServing, type ServingHelper } from './servedPanel';

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../manifest.json'), 'utf8')) as {
  entrypoints: Array<Record<'minimumSize' | 'preferredDockedSize' | 'preferredFloatingSize', { width: number; height: number }>>;
};
const panel = manifest.entrypoints[0]!;

let temp: ReturnType<typeof makeTempDir>;
let home: string;
let helper: ServingHelper;
let browser: Browser;
let page: Page;
let consoleErrors: string[] = [];

beforeAll(async () => {
  temp = makeTempDir('threefold-e2e-layout-');
  home = path.join(temp.dir, 'home');
  const raid = path.join(temp.dir, 'RAID');
  const shuttle = path.join(temp.dir, 'Shuttle');
  for (const folder of [raid, shuttle]) fs.mkdirSync(folder);
  for (const args of [
    ['dest', 'add', 'raid', raid, '--media', 'raid'],
    ['dest', 'add', 'shuttle', shuttle, '--media', 'ssd'],
  ]) {
    const r = runCli(home, args);
    if (r.code !== 0) throw new Error(`threefold ${args.join(' ')}: ${r.stderr}`);
  }
  // The shuttle disk is unplugged: the job fails it whole, and its result lists that.
  fs.rmSync(shuttle, { recursive: true });
  const fixture = documentary(path.join(temp.dir, 'Documentary'));
  helper = await spawnHelperServing(home, panelWebCopy(path.join(temp.dir, 'panel-web'), fixture.project));
  browser = await launchChromium();
});

afterAll(async () => {
  if (helper) saveArtifact('panel-layout-e2e.log', `page console errors:\n${consoleErrors.join('\n')}\n\nhelper log:\n${helper.log()}`);
  await browser?.close();
  await helper?.stop();
  temp?.cleanup();
});

/** Box and overflow of the elements the layout promises something about. */
interface Measured {
  viewport: { width: number; height: number };
  protect: { left: number; top: number; right: number; bottom: number } | null;
  /** Elements whose text overflows them (cut): their test id and text. */
  cut: string[];
  jobHeight: number;
}

async function measure(page: Page): Promise<Measured> {
  return page.evaluate(() => {
    const box = (e: Element | null) => {
      if (!e) return null;
      const r = e.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    };
    const watched = ['project-name', 'chip', 'job-summary', 'summary-headline', 'auto-protect-switch', 'auto-protect-line'];
    const cut = watched.flatMap((id) =>
      [...document.querySelectorAll(`[data-testid="${id}"]`)]
        .filter((e) => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)
        .map((e) => `${id}: ${JSON.stringify(e.textContent)} (${e.scrollWidth}×${e.scrollHeight} in ${e.clientWidth}×${e.clientHeight})`),
    );
    return {
      viewport: { width: window.innerWidth, height: window.innerHeight },
      protect: box(document.querySelector('[data-testid="protect-button"]')),
      cut,
      jobHeight: document.querySelector('[data-testid="job"]')?.getBoundingClientRect().height ?? 0,
    };
  });
}

describe('the panel at the manifest’s sizes', () => {
  it('with a long job result: Protect project in view, nothing cut, the job view bounded and foldable', async () => {
    ({ page, consoleErrors } = await openPage(browser, helper.url, { width: 800, height: 600 }));
    await page.getByTestId('pairing-code').fill(pairingCode(home));
    await page.getByTestId('pair-button').click();
    await page.getByTestId('destinations-done').click();
    await eventually(async () => expect(Object.keys(await clipRowsByName(page))).toHaveLength(5));
    await page.getByTestId('protect-button').click();
    await page.getByTestId('job-result').waitFor({ timeout: 60_000 });
    await eventually(async () => expect(await page.getByTestId('job-result').getAttribute('data-state')).toBe('failed'));
    // The unplugged disk is a failed row of its own, and the failure names its files, not its folder.
    await eventually(async () =>
      expect(await page.locator('[data-testid="destination-progress"][data-name="shuttle"]').getAttribute('data-state')).toBe('failed'),
    );
    expect(await page.getByTestId('job-result').innerText()).toMatch(/files → shuttle/);

    const sizes = [
      ['minimum', panel.minimumSize],
      ['docked', panel.preferredDockedSize],
      ['floating', panel.preferredFloatingSize],
      ['large floating', { width: 800, height: 600 }],
    ] as const;
    for (const [name, size] of sizes) {
      await page.setViewportSize(size);
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      await saveScreenshot(page, `panel-layout-${size.width}x${size.height}`);
      const m = await measure(page);
      const where = `${name} (${size.width}×${size.height})`;
      expect({ where, protect: m.protect !== null }).toEqual({ where, protect: true });
      expect({ where, inside: m.protect!.left >= 0 && m.protect!.top >= 0 && m.protect!.right <= size.width && m.protect!.bottom <= size.height }).toEqual({
        where,
        inside: true,
      });
      expect({ where, cut: m.cut }).toEqual({ where, cut: [] });
      expect({ where, bounded: m.jobHeight <= size.height * 0.4 + 1 }).toEqual({ where, bounded: true });
    }

    // Folded, the job keeps one line and its actions; shown again, its rows come back.
    await page.setViewportSize(panel.preferredDockedSize);
    await page.getByTestId('job-toggle').click();
    expect(await page.getByTestId('job-progress').count()).toBe(0);
    expect(await page.getByTestId('job-failure').count()).toBe(0);
    expect(await page.getByTestId('retry-failures').isVisible()).toBe(true);
    const folded = await measure(page);
    expect(folded.jobHeight).toBeLessThan(90);
    await page.getByTestId('job-toggle').click();
    expect(await page.getByTestId('job-progress').count()).toBe(1);
  });
});
