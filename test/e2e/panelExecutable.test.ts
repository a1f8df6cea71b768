// The panel pairs with the single executable: its browser build in Debian's Chromium, served by the
// executable's helper (copied out of the repository, run with no node on PATH), the code from the
// executable's own `threefold pair`.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openPage, saveArtifact } from '../helpers/browser';
import { type PackagedExecutable, packagedExecutable, runExecutable, startExecutable } from '../helpers/packagedExecutable';
import { makeTempDir } from '../helpers/tempDir';
import { eventually } from './eventually';
import { namesOf } from './panelPage';
import { documentary } from './panelFixture';
import { panelWebCopy } from './servedPanel';

let temp: ReturnType<typeof makeTempDir>;
let packaged: PackagedExecutable;
let home: string;
let helper: Awaited<ReturnType<typeof startExecutable>>;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  temp = makeTempDir('threefold-e2e-executable-');
  packaged = packagedExecutable(temp.dir);
  home = path.join(temp.dir, 'home');
  const raid = path.join(temp.dir, 'RAID');
  fs.mkdirSync(raid);
  const added = runExecutable(packaged, ['--home', home, 'dest', 'add', 'raid', raid, '--media', 'raid']);
  if (added.code !== 0) throw new Error(`dest add: ${added.stderr}`);
  const panelDir = panelWebCopy(path.join(temp.dir, 'panel-web'), documentary(path.join(temp.dir, 'Documentary')).project);
  helper = await startExecutable(packaged, ['--home', home, 'helper', '--port', '0', '--panel', panelDir]);
  browser = await launchChromium();
  ({ page } = await openPage(browser, `http://127.0.0.1:${helper.port}/`));
}, 180_000);

afterAll(async () => {
  if (helper) saveArtifact('panel-executable-e2e.log', `helper log:\n${helper.log()}`);
  await browser?.close();
  if (helper && helper.child.exitCode === null) {
    const exited = new Promise((resolve) => helper.child.once('exit', resolve));
    helper.child.kill('SIGTERM');
    await exited;
  }
  temp?.cleanup();
});

describe('the panel against the single executable', () => {
  it('pairs with the code the executable prints; a wrong code is refused', async () => {
    await page.getByTestId('pairing').waitFor();
    await page.getByTestId('pairing-code').fill('ZZZZ-ZZZZ');
    await page.getByTestId('pair-button').click();
    await eventually(async () => expect(await page.getByTestId('pairing-error').innerText({ timeout: 1000 })).toContain('wrong or expired'));

    const pair = runExecutable(packaged, ['--home', home, 'pair']);
    expect(pair).toMatchObject({ code: 0, stderr: '' });
    const code = /Pairing code: (\S+)/.exec(pair.stdout)?.[1];
    expect(code).toMatch(/^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/);
    await page.getByTestId('pairing-code').fill(code!);
    await page.getByTestId('pair-button').click();
    await page.getByTestId('destinations').waitFor();
    await eventually(async () => expect(await namesOf(page, 'destination-row')).toEqual(['raid']));
  });
});
