// The panel's first run in Debian's Chromium: installed, no helper answering. It says where to download the
// helper and how to start it on each platform; then `threefold setup` (the built CLI, with stand-ins for
// systemctl and notify-send that really start the helper the unit names) starts the helper on the panel's
// port, the panel finds it by itself, and the one code setup showed pairs it.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openPage, saveScreenshot } from '../helpers/browser';
import { runCli } from '../helpers/cli';
import { type FakeSystemctl, fakeSystemctl } from '../helpers/fakeSystemctl';
import { makeTempDir } from '../helpers/tempDir';
import { eventually } from './eventually';
import { panelWebCopy, type ServingHelper, spawnHelperServing } from './servedPanel';

let temp: ReturnType<typeof makeTempDir>;
let home: string;
let systemctl: FakeSystemctl;
let served: ServingHelper;
let browser: Browser;
let page: Page;
let uncaught: string[] = [];

beforeAll(async () => {
  temp = makeTempDir('threefold-first-run-');
  home = path.join(temp.dir, 'home');
  systemctl = fakeSystemctl(temp.dir);
  // Only to load the page: the panel is then "installed", with no helper behind it.
  served = await spawnHelperServing(home, panelWebCopy(path.join(temp.dir, 'panel-web'), { name: 'First Project', clips: [] }));
  browser = await launchChromium();
  ({ page, uncaught } = await openPage(browser, served.url));
  await served.stop();
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  systemctl?.stop();
  temp?.cleanup();
});

describe('the panel before the helper is installed', () => {
  it('says where to download the helper and how to start it, one sentence per platform', async () => {
    await eventually(async () => expect(await page.getByTestId('helper-offline').isVisible()).toBe(true), 15_000);
    const steps = page.getByTestId('helper-install-steps').locator('li');
    expect(await steps.evaluateAll((items) => items.map((li) => li.getAttribute('data-platform')))).toEqual(['macOS', 'Windows', 'Linux']);
    const [macos, windows, linux] = await steps.allInnerTexts();
    expect(macos).toMatch(/^macOS: Download threefold-macos-arm64 .* double-click “Threefold Setup.command”/);
    expect(windows).toMatch(/^Windows: Download threefold-windows-x64\.exe .* double-click a shortcut/);
    expect(linux).toMatch(/^Linux: Download threefold-linux-x64 .* run \.\/threefold-linux-x64 setup/);
    expect(await page.getByTestId('helper-offline').innerText()).toContain('shows a pairing code: this panel then asks for it, once');
    await saveScreenshot(page, 'panel-first-run');
  });

  it('finds the helper `threefold setup` started, and pairs with the one code setup showed', async () => {
    const setup = runCli(home, ['setup', '--port', String(served.port)], { env: systemctl.env });
    expect(setup).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const code = /Pairing code: (\S+)\./.exec(fs.readFileSync(path.join(home, 'logs', 'setup.log'), 'utf8'))?.[1];
    expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);

    await page.getByTestId('pairing').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('pairing').innerText()).toContain('Type the code Threefold setup showed');
    await page.getByTestId('pairing-code').fill(code!);
    await page.getByTestId('pair-button').click();
    await page.getByTestId('destinations').waitFor({ timeout: 30_000 });
  });

  it('threw no uncaught exception in the page', () => {
    expect(uncaught).toEqual([]);
  });
});
