// Adding a bucket from the panel alone, end to end: the browser build in Chromium, a real helper with its own
// HOME and no AWS keys, and a real S3 server (Swift, started here). The editor picks a provider, types a key
// pair (the secret masked) and asks for server-side encryption; the helper checks the pair against the bucket
// and stores it, and the secret is then nowhere: not in the page, its storage, the helper's log, or any file
// but the credentials store.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openPage, saveArtifact, saveScreenshot } from '../helpers/browser';
import { pairingCode } from '../helpers/helperHarness';
import { GREP_KEYS, type S3TestServer, startS3Server, uniqueBucketOn } from '../helpers/s3Server';
import { credentialFreeEnv, filesHolding } from '../helpers/secretGrep';
import { makeTempDir } from '../helpers/tempDir';
import { eventually } from './eventually';
import { documentary } from './panelFixture';
import { destinationRow, namesOf } from './panelPage';
import { panelWebCopy, spawnHelperServing, type ServingHelper } from './servedPanel';

const SECRET = GREP_KEYS.secretAccessKey;
const WRONG_SECRET = 'fake-Wrong-Secret-Hq4mV8grep';

let temp: ReturnType<typeof makeTempDir>;
let home: string;
let userHome: string;
let server: S3TestServer;
let bucket: string;
let helper: ServingHelper;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  temp = makeTempDir('threefold-e2e-cloud-');
  home = path.join(temp.dir, 'home');
  userHome = path.join(temp.dir, 'user');
  fs.mkdirSync(userHome);
  server = await startS3Server({ encryptionAtRest: true });
  bucket = await uniqueBucketOn(server, 'panel');
  const fixture = documentary(path.join(temp.dir, 'Documentary'));
  helper = await spawnHelperServing(home, panelWebCopy(path.join(temp.dir, 'panel-web'), fixture.project), 0, credentialFreeEnv(userHome));
  browser = await launchChromium();
  ({ page } = await openPage(browser, helper.url, { width: 420, height: 1100 }));
});

afterAll(async () => {
  if (helper) saveArtifact('panel-add-cloud.log', helper.log());
  await browser?.close();
  await helper?.stop();
  await server?.stop();
  temp?.cleanup();
});

const credentialsFile = () => path.join(userHome, '.aws', 'credentials');

describe('adding a bucket from the panel with a provider and a key pair', () => {
  it('pairs and offers the provider picker for an s3:// place', async () => {
    await page.getByTestId('pairing').waitFor();
    await page.getByTestId('pairing-code').fill(pairingCode(home));
    await page.getByTestId('pair-button').click();
    await page.getByTestId('destinations').waitFor();
    expect(await page.getByTestId('dest-s3-fields').count()).toBe(0);

    await page.getByTestId('dest-name').fill('b2');
    await page.getByTestId('dest-where').fill(`s3://${bucket}/threefold`);
    await page.getByTestId('dest-provider').selectOption('b2');
    const regions = await page
      .getByTestId('dest-region')
      .locator('option')
      .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(regions).toContain('eu-central-003');
    await page.getByTestId('dest-region').selectOption('eu-central-003');
    expect(await page.getByTestId('dest-preset-endpoint').innerText()).toBe('Endpoint: https://s3.eu-central-003.backblazeb2.com');
    expect(await page.getByTestId('dest-endpoint').count()).toBe(0);
    expect(await page.getByTestId('dest-secret').getAttribute('type')).toBe('password');
  });

  it('refuses a wrong secret with the reason, adds nothing, and shows no secret', async () => {
    // The test server stands in for a self-hosted MinIO: its endpoint is typed.
    await page.getByTestId('dest-provider').selectOption('minio');
    await page.getByTestId('dest-endpoint').fill(server.endpoint);
    await page.getByTestId('dest-access-key-id').fill(GREP_KEYS.accessKeyId);
    await page.getByTestId('dest-secret').fill(WRONG_SECRET);
    await page.getByTestId('dest-sse').selectOption('AES256');
    await saveScreenshot(page, 'panel-add-cloud-form');
    await page.getByTestId('dest-add').click();
    await eventually(async () =>
      expect(await page.getByTestId('dest-error').innerText({ timeout: 1000 })).toMatch(/cannot be used: .*(secret|signature|denied)/i),
    );
    expect(await namesOf(page, 'destination-row')).toEqual([]);
    expect(await page.locator('body').innerText()).not.toContain(WRONG_SECRET);
    expect(fs.existsSync(credentialsFile())).toBe(false);
  });

  it('adds it with the right pair: stored by the helper, shown as where the keys live, and the secret is nowhere else', async () => {
    await page.getByTestId('dest-secret').fill(SECRET);
    await page.getByTestId('dest-add').click();
    await eventually(async () => expect(await namesOf(page, 'destination-row')).toEqual(['b2']));
    const detail = await destinationRow(page, 'b2').getByTestId('dest-detail').innerText();
    // The profile carries the key pair's own id.
    expect(detail.replace(/\[threefold-b2-[0-9a-f]{8}\]/, '[threefold-b2-ID]')).toBe(
      `at ${server.endpoint} (keys in ${credentialsFile()} [threefold-b2-ID]; server-side encryption AES256)`,
    );
    // The form is cleared, the secret with it.
    expect(await page.getByTestId('dest-where').inputValue()).toBe('');
    expect(await page.getByTestId('dest-s3-fields').count()).toBe(0);
    await saveScreenshot(page, 'panel-add-cloud');

    expect(fs.readFileSync(credentialsFile(), 'utf8')).toContain(`aws_secret_access_key = ${SECRET}\n`);
    const config = JSON.parse(fs.readFileSync(path.join(home, 'config.json'), 'utf8'));
    expect(config.destinations[0]).toMatchObject({ name: 'b2', credentials: 'aws-credentials-file', sse: 'AES256' });

    const destinationsTest = destinationRow(page, 'b2');
    await destinationsTest.getByTestId('dest-test').click();
    await eventually(async () => expect(await destinationsTest.getByTestId('dest-verdict').innerText({ timeout: 1000 })).toMatch(/works/i));

    const pageState = await page.evaluate(() => ({
      html: document.documentElement.outerHTML,
      inputs: [...document.querySelectorAll('input')].map((i) => i.value).join('\n'),
      local: JSON.stringify({ ...localStorage }),
      session: JSON.stringify({ ...sessionStorage }),
    }));
    for (const [where, text] of Object.entries(pageState)) expect({ where, holds: text.includes(SECRET) }).toEqual({ where, holds: false });
    expect(helper.log()).not.toContain(SECRET);
    expect(filesHolding(temp.dir, SECRET, credentialsFile())).toEqual([]);
  });
});
