// The panel's theme in Chromium: it follows Premiere's theme (UXP's document.theme, which the browser build's
// simulated host provides), not the system's light or dark setting alone, and changes with it.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, saveScreenshot } from '../helpers/browser';
import { makeTempDir } from '../helpers/tempDir';
import { documentary } from './panelFixture';
import { panelWebCopy, spawnHelperServing, type ServingHelper } from './servedPanel';

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../manifest.json'), 'utf8')) as {
  entrypoints: Array<Record<'preferredDockedSize', { width: number; height: number }>>;
};
const docked = manifest.entrypoints[0]!.preferredDockedSize;

let temp: ReturnType<typeof makeTempDir>;
let helper: ServingHelper;
let browser: Browser;

beforeAll(async () => {
  temp = makeTempDir('threefold-e2e-theme-');
  const fixture = documentary(path.join(temp.dir, 'Documentary'));
  helper = await spawnHelperServing(path.join(temp.dir, 'home'), panelWebCopy(path.join(temp.dir, 'panel-web'), fixture.project));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await helper?.stop();
  temp?.cleanup();
});

describe("the panel follows Premiere's theme (document.theme), not the system's alone", () => {
  /** The text color the panel draws with, and the color the Spectrum widgets were given. */
  const colors = (p: Page) =>
    p.evaluate(() => ({
      text: getComputedStyle(document.querySelector('.view')!).color,
      spectrum: document.querySelector('sp-theme')?.getAttribute('color'),
      root: document.documentElement.className,
    }));

  it.each([
    ['lightest', 'dark', 'light', 'rgb(34, 34, 34)'],
    ['darkest', 'light', 'dark', 'rgb(227, 227, 227)'],
  ])('Premiere %s on a %s system: the panel is %s', async (premiere, system, kind, text) => {
    const themed = await browser.newPage({ viewport: docked, colorScheme: system as 'light' | 'dark' });
    try {
      await themed.goto(`${helper.url}?theme=${premiere}`);
      await themed.locator('.view').first().waitFor();
      expect(await colors(themed)).toEqual({ text, spectrum: kind, root: `theme-${kind}` });
      await saveScreenshot(themed, `panel-theme-${premiere}`);
      // The editor switches Premiere's theme: the panel follows at once.
      const other = kind === 'light' ? 'dark' : 'light';
      await themed.evaluate((name) => (document as unknown as { theme: { simulate(n: string): void } }).theme.simulate(name), other);
      expect((await colors(themed)).spectrum).toBe(other);
      expect((await colors(themed)).text).not.toBe(text);
    } finally {
      await themed.close();
    }
  });
});
