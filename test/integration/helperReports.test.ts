// The helper serves a job's HTML report: the `report` request gives its path and URL, and a GET of that URL
// answers the page to a client showing its token, through a real helper process over real sockets.
import fs from 'node:fs';
import path from 'node:path';
import { runCli } from '../helpers/cli';
import { pairingCode, spawnHelper, type HelperProcess } from '../helpers/helperHarness';
import { apiCall } from '../helpers/helperHttp';
import { makeTempDir, pseudoRandomBytes, writeFile } from '../helpers/tempDir';

let temp: ReturnType<typeof makeTempDir>;
let home: string;
let helper: HelperProcess;
let clip: string;

beforeAll(async () => {
  temp = makeTempDir();
  home = path.join(temp.dir, 'home');
  const raid = path.join(temp.dir, 'raid');
  fs.mkdirSync(raid, { recursive: true });
  expect(runCli(home, ['dest', 'add', 'raid', raid, '--media', 'raid']).code).toBe(0);
  // The config writes no report after a job: the helper writes it when it is asked for.
  fs.writeFileSync(
    path.join(home, 'config.json'),
    JSON.stringify({ ...JSON.parse(fs.readFileSync(path.join(home, 'config.json'), 'utf8')), reports: { formats: [] } }),
  );
  clip = writeFile(path.join(temp.dir, 'Media', '<b>A001</b>.mov'), pseudoRandomBytes(4000, 3));
  expect(runCli(home, ['protect', path.dirname(clip)]).code).toBe(0);
  helper = await spawnHelper(home);
});

afterAll(async () => {
  await helper.stop();
  temp.cleanup();
});

async function pair(): Promise<string> {
  const answer = await apiCall(helper.port, { id: 'p', type: 'pair', code: pairingCode(home), client: 'report test' });
  return answer.json!.result.token as string;
}

describe('the helper serves job reports', () => {
  it('answers a report request with its file and URL, and the URL with the page, to a paired client only', async () => {
    const token = await pair();
    expect(fs.existsSync(path.join(home, 'reports', 'job-1.html'))).toBe(false);
    const answer = await apiCall(helper.port, { id: 'r', type: 'report', jobId: 1 }, { token });
    expect(answer.json?.result).toEqual({
      jobId: 1,
      path: path.join(home, 'reports', 'job-1.html'),
      url: '/reports/job-1.html',
      link: expect.stringMatching(/^\/reports\/job-1\.html\?key=[\w-]{43}$/),
    });

    const page = await apiCall(helper.port, '', { token, method: 'GET', path: '/reports/job-1.html' });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect(page.text).toContain(clip.replace('<b>', '&lt;b&gt;').replace('</b>', '&lt;/b&gt;'));

    expect((await apiCall(helper.port, '', { method: 'GET', path: '/reports/job-1.html' })).status).toBe(401);
    expect((await apiCall(helper.port, '', { token: 'not-a-token', method: 'GET', path: '/reports/job-1.html' })).status).toBe(401);
    const missing = await apiCall(helper.port, '', { token, method: 'GET', path: '/reports/job-77.html' });
    expect([missing.status, missing.text]).toEqual([404, 'There is no job 77 in this catalog\n']);
    expect((await apiCall(helper.port, { id: 'r2', type: 'report', jobId: 77 }, { token })).json?.error?.message).toBe('There is no job 77 in this catalog');
  });

  it('opens the page by its short-lived link without a token (what a browser is given), for that job only', async () => {
    const token = await pair();
    expect(runCli(home, ['protect', path.dirname(clip)]).code).toBe(0);
    const link = (await apiCall(helper.port, { id: 'r', type: 'report', jobId: 1 }, { token })).json!.result.link as string;
    const page = await apiCall(helper.port, '', { method: 'GET', path: link });
    expect(page.status).toBe(200);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.text).toContain('A001');
    // Opened again (a reload) while it lives.
    expect((await apiCall(helper.port, '', { method: 'GET', path: link })).status).toBe(200);
    const key = new URL(link, 'http://127.0.0.1').searchParams.get('key')!;
    const otherJob = await apiCall(helper.port, '', { method: 'GET', path: `/reports/job-2.html?key=${key}` });
    expect([otherJob.status, otherJob.text]).toEqual([401, 'This report link has expired: open the report again from Threefold\n']);
    const guessed = await apiCall(helper.port, '', { method: 'GET', path: `/reports/job-1.html?key=${'A'.repeat(43)}` });
    expect(guessed.status).toBe(401);
    // A link is no token: the API still refuses it.
    expect((await apiCall(helper.port, { id: 'j', type: 'jobs' }, { token: key })).json?.error?.code).toBe('unauthorized');
  });
});
