// A real browser for the panel's end-to-end tests: Debian's Chromium (.ci/run installs it) driven by
// playwright-core, which downloads no browser of its own.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Screenshots and other artifacts a test run leaves for a person to look at (build/ is not committed). */
export const ARTIFACTS_DIR = path.resolve(__dirname, '../../build/test-artifacts');

/** Headless, and quiet: no first-run UI, no calls home, nothing that competes with the test for the CPU. */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (.ci/run does)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface PanelPage {
  page: Page;
  /** Exceptions the page's code did not catch. */
  uncaught: string[];
  /** What the page logged as errors (a failed request, a blocked script), to print when a test fails. */
  consoleErrors: string[];
}

/** A page the size of the docked panel's preferred size (manifest.json), recording what goes wrong in it. */
export async function openPage(browser: Browser, url: string, viewport = { width: 420, height: 640 }): Promise<PanelPage> {
  const page = await browser.newPage({ viewport });
  const uncaught: string[] = [];
  const consoleErrors: string[] = [];
  page.on('pageerror', (error) => uncaught.push(error.stack ?? error.message));
  page.on('console', (message) => {
    // The browser asks every site for a favicon; the panel has none.
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  await page.goto(url);
  return { page, uncaught, consoleErrors };
}

/** Saves a text file under build/test-artifacts/ and prints where. */
export function saveArtifact(name: string, content: string): string {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, name);
  fs.writeFileSync(file, content);
  process.stdout.write(`test artifact: ${file}\n`);
  return file;
}

/** Saves a full-page PNG under build/test-artifacts/ and prints where, so a run's output points at it. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  process.stdout.write(`test artifact: ${file}\n`);
  return file;
}
