// The helper's HTTP API (POST /api, for Lightroom's plug-in) against a real helper process over real
// sockets: tokens, admission (Host, Origin), body limits, malformed requests, rate limits, and a
// Lightroom protect from pairing to finished copies checked with xxhsum.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { runCli } from '../helpers/cli';
import { pairingCode, type HelperProcess } from '../helpers/helperHarness';
import { startTwoFolderHelper, type TwoFolderHelper } from '../helpers/twoFolderHelper';
import { apiCall, makeLightroomFixture, type ApiAnswer } from '../helpers/helperHttp';
import { xxhsum } from '../helpers/oracles';
import { listFiles } from '../helpers/workspace';
import { mapSourcePath } from '../../src/paths/mapSourcePath';

let setup: TwoFolderHelper;
let temp: TwoFolderHelper['temp'];
let home: string;
let raid: string;
let usb: string;
let helper: HelperProcess;

beforeAll(async () => {
  setup = await startTwoFolderHelper();
  ({ temp, home, raid, usb, helper } = setup);
});

afterAll(() => setup?.stop());

async function pair(client = 'Lightroom test'): Promise<string> {
  const answer = await apiCall(helper.port, { id: 'p', type: 'pair', code: pairingCode(home), client });
  expect(answer.status).toBe(200);
  return answer.json!.result.token as string;
}

/** The helper still answers: a refused request did not stop it. */
async function expectAlive(): Promise<void> {
  const answer = await apiCall(helper.port, { id: 'alive', type: 'hello', protocol: 1, client: 'probe' });
  expect(answer).toMatchObject({ status: 200, json: { id: 'alive', ok: true, result: { protocol: 1, paired: false } } });
}

function expectRefusal(answer: ApiAnswer, status: number, code: string, message: RegExp): void {
  expect({ status: answer.status, type: answer.headers['content-type'] }).toEqual({ status, type: 'application/json; charset=utf-8' });
  expect(answer.json).toMatchObject({ type: 'response', ok: false, error: { code } });
  expect(answer.json!.error!.message).toMatch(message);
}

describe('tokens', () => {
  it('hello and pair need no token; every other request needs a valid one (401 with a JSON reason)', async () => {
    const hello = await apiCall(helper.port, { id: 'h', type: 'hello', protocol: 1, client: 'Lightroom' });
    expect(hello.json).toMatchObject({ id: 'h', ok: true, result: { protocol: 1, paired: false } });

    expectRefusal(await apiCall(helper.port, { id: 'j', type: 'jobs' }), 401, 'unauthorized', /^No token.*threefold pair.*x-threefold-token/);
    expectRefusal(
      await apiCall(helper.port, { id: 'w', type: 'pair', code: 'AAAA-AAAA', client: 'x' }),
      401,
      'unauthorized',
      /pairing code is wrong or expired/,
    );

    const token = await pair();
    const jobs = await apiCall(helper.port, { id: 'j2', type: 'jobs' }, { token });
    expect(jobs).toMatchObject({ status: 200, json: { type: 'response', id: 'j2', ok: true, result: { jobs: [] } } });
    expect((await apiCall(helper.port, { id: 'h2', type: 'hello', protocol: 1, client: 'Lightroom' }, { token })).json!.result.paired).toBe(true);

    const forged = `${token.slice(0, -2)}xx`;
    expectRefusal(await apiCall(helper.port, { id: 'j3', type: 'jobs' }, { token: forged }), 401, 'unauthorized', /token is not valid/);
    expectRefusal(
      await apiCall(helper.port, { id: 'h3', type: 'hello', protocol: 1, client: 'x' }, { token: forged }),
      401,
      'unauthorized',
      /token is not valid/,
    );

    // Revoked from the terminal: the next request is refused.
    expect(runCli(home, ['pair', '--revoke-all']).code).toBe(0);
    expectRefusal(await apiCall(helper.port, { id: 'j4', type: 'jobs' }, { token }), 401, 'unauthorized', /token is not valid/);
  });

  it('a client speaking another protocol version is told which side to update', async () => {
    expectRefusal(await apiCall(helper.port, { id: 'v', type: 'hello', protocol: 2, client: 'Lightroom' }), 400, 'protocol-version', /update the helper/);
  });
});

describe('who may call', () => {
  it('refuses web origins (403) and non-loopback Host names (421), before reading anything', async () => {
    const token = await pair();
    for (const origin of ['https://evil.example', 'http://localhost:3000', 'http://127.0.0.1:9', 'chrome-extension://abc']) {
      expectRefusal(await apiCall(helper.port, { id: 'j', type: 'jobs' }, { token, headers: { origin } }), 403, 'unauthorized', /may not use the helper/);
    }
    // No web page's origin (a plug-in's local page may send these): the token decides.
    for (const origin of ['null', 'file://']) {
      expect(await apiCall(helper.port, { id: 'j', type: 'jobs' }, { token, headers: { origin } })).toMatchObject({ status: 200 });
      expectRefusal(await apiCall(helper.port, { id: 'j', type: 'jobs' }, { headers: { origin } }), 401, 'unauthorized', /^No token/);
    }
    for (const host of ['evil.example', `rebound.example:${helper.port}`, '127.0.0.2']) {
      expectRefusal(await apiCall(helper.port, { id: 'j', type: 'jobs' }, { token, headers: { host } }), 421, 'unauthorized', /not a loopback name/);
    }
    // LrHttp sends no Origin, and names 127.0.0.1 or localhost.
    expect((await apiCall(helper.port, { id: 'j', type: 'jobs' }, { token, headers: { host: `localhost:${helper.port}` } })).status).toBe(200);
  });

  it('takes only POSTs of JSON', async () => {
    const token = await pair();
    const get = await apiCall(helper.port, '', { token, method: 'GET' });
    expect({ status: get.status, allow: get.headers.allow, code: get.json?.error?.code }).toEqual({ status: 405, allow: 'POST', code: 'bad-request' });
    // A form a web page could post without a preflight is not JSON.
    expectRefusal(
      await apiCall(helper.port, { id: 'j', type: 'jobs' }, { token, headers: { 'content-type': 'text/plain' } }),
      415,
      'bad-request',
      /Content-Type: application\/json/,
    );
  });
});

describe('bad requests', () => {
  it('answers malformed JSON and invalid requests with 400 naming the problem; the helper goes on', async () => {
    const token = await pair();
    expectRefusal(await apiCall(helper.port, '{"id":"x","type":', { token }), 400, 'bad-request', /not JSON/);
    const invalid = await apiCall(helper.port, { id: 'bad', type: 'protect', host: { name: 'x', media: [{ path: 'relative/photo.nef' }] } }, { token });
    expectRefusal(invalid, 400, 'bad-request', /host\.media\.0\.path: must be an absolute path/);
    expect(invalid.json!.id).toBe('bad');
    expectRefusal(await apiCall(helper.port, { id: 'u', type: 'no-such-request' }, { token }), 400, 'bad-request', /^Not a valid request/);
    await expectAlive();
  });

  it('refuses bodies over the limits with 413 (4 KiB before pairing, 32 MiB after) without reading them', async () => {
    const big = JSON.stringify({ id: 'b', type: 'hello', protocol: 1, client: 'x'.repeat(5000) });
    expectRefusal(await apiCall(helper.port, big), 413, 'bad-request', /^Before pairing.*4096 bytes/);

    const token = await pair();
    // Announced as 33 MiB, of which only the start is sent: the answer comes at once, nothing is buffered.
    const answer = await rawExchange(
      `POST /api HTTP/1.1\r\nHost: 127.0.0.1:${helper.port}\r\nContent-Type: application/json\r\nX-Threefold-Token: ${token}\r\n` +
        `Content-Length: ${33 * 1024 * 1024}\r\n\r\n{"id":"big","type":"status","host":{"name":"x","media":[`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toMatch(/larger than 33554432 bytes/);

    // The same without a length: refused once the bytes read pass the limit.
    const chunked = await rawExchange(
      `POST /api HTTP/1.1\r\nHost: 127.0.0.1:${helper.port}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n` +
        `1400\r\n${'x'.repeat(0x1400)}\r\n`,
    );
    expect(chunked).toMatch(/^HTTP\/1\.1 413 /);
    await expectAlive();
  });
});

describe('a Lightroom protect over HTTP', () => {
  it('pairs, protects the catalog listed by the plug-in, polls the job to its end and gets the 3-2-1 status', async () => {
    const lr = makeLightroomFixture(path.join(temp.dir, 'lr'));
    // Lightroom has the catalog open (its lock names a running process: this test's).
    fs.writeFileSync(`${lr.catalog}.lock`, `/Applications/Adobe Lightroom Classic/Adobe Lightroom Classic.app\n${process.pid}\n`);
    const token = await pair();
    const host = {
      name: 'Lightroom Catalog',
      app: 'lightroom',
      media: [{ path: lr.catalog, role: 'catalog' }, ...lr.photos.map((p) => ({ path: p, role: 'media', clips: [path.basename(p)] }))],
    };

    const started = await apiCall(helper.port, { id: 'protect', type: 'protect', host }, { token });
    expect(started).toMatchObject({ status: 200, json: { ok: true, result: { job: { kind: 'protect', title: 'Lightroom Catalog' } } } });
    const jobId = started.json!.result.job.id as number;

    let job: any;
    for (let polls = 0; ; polls++) {
      const jobs = await apiCall(helper.port, { id: `poll${polls}`, type: 'jobs' }, { token });
      expect(jobs.status).toBe(200);
      job = (jobs.json!.result.jobs as any[]).find((j) => j.id === jobId);
      if (job.finishedAt !== null) break;
      if (polls > 600) throw new Error(`the job did not finish: ${JSON.stringify(job)}\n${helper.log()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(job).toMatchObject({ state: 'succeeded', error: null, result: { failed: [] } });

    // Originals, their sidecars, the catalog's data and its newest backup: on both disks, byte for byte.
    const copied = [...lr.photos, ...lr.sidecars, ...lr.catalogData, lr.newestBackup];
    expect(job.result.files).toBe(copied.length);
    for (const source of copied) {
      for (const root of [raid, usb]) expect(xxhsum(path.join(root, ...mapSourcePath(source).split('/')))).toBe(xxhsum(source));
    }
    // Not the catalog Lightroom has open, nor an older backup.
    for (const root of [raid, usb]) {
      const files = listFiles(root);
      expect(files.filter((f) => f.includes('Lightroom Catalog.lrcat') && !f.includes('.lrcat-data/'))).toEqual([]);
      expect(files.filter((f) => f.includes('2026-03-01 0915'))).toEqual([]);
    }

    const status = await apiCall(helper.port, { id: 'status', type: 'status', host }, { token });
    expect(status.status).toBe(200);
    const byPath = new Map((status.json!.result.assets as any[]).map((a) => [a.path, a]));
    for (const photo of lr.photos) expect(byPath.get(photo)).toMatchObject({ role: 'media', state: 'partial', label: 'no offsite', copies: 3 });
    expect(byPath.get(lr.sidecars[0]!)).toMatchObject({ role: 'sidecar', state: 'partial', clips: ['DSC_0001.NEF'] });
    expect(byPath.get(lr.catalog)).toMatchObject({
      role: 'catalog',
      state: 'unprotected',
      busy: expect.stringMatching(/Lightroom Classic has this catalog open/),
    });
    expect(status.json!.result.warnings.join('\n')).toMatch(/latest catalog backup \(2026-04-12 1830\) stands in for the catalog/);

    // The badges, a kept answer sent as its bytes: the same files and states as the status.
    for (const id of ['badges-1', 'badges-2']) {
      const badges = await apiCall(helper.port, { id, type: 'badges', host }, { token });
      expect({ status: badges.status, id: badges.json!.id, ok: badges.json!.ok }).toEqual({ status: 200, id, ok: true });
      const { files, badges: table, summary } = badges.json!.result;
      expect(files.path).toEqual([...byPath.keys()]);
      expect(files.badge.map((b: number) => table[b].state)).toEqual([...byPath.values()].map((a) => a.state));
      expect(summary).toEqual(status.json!.result.summary);
    }
  });
});

// Last: it spends the budget of requests without a token.
describe('rate limits', () => {
  it('limits the pace of requests without a token (429), and each token on its own', async () => {
    const token = await pair();
    const strangers = await Promise.all(Array.from({ length: 30 }, (_, i) => apiCall(helper.port, { id: `s${i}`, type: 'hello', protocol: 1, client: 'x' })));
    const limited = strangers.filter((a) => a.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]!.json).toMatchObject({ ok: false, error: { code: 'rate-limited', message: expect.stringMatching(/slow down/) } });
    // A paired client has its own budget.
    expect((await apiCall(helper.port, { id: 'j', type: 'jobs' }, { token })).status).toBe(200);
  });
});

/** Sends raw bytes and returns what the helper answers before it closes (or a second passes). */
function rawExchange(request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(helper.port, '127.0.0.1');
    let answer = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(done, 5000);
    socket.on('data', (c: Buffer) => {
      answer += c.toString('utf8');
      if (/\r\n\r\n[\s\S]*\}$/.test(answer)) done();
    });
    socket.on('end', done);
    socket.on('error', (error) => (answer === '' ? reject(error) : done()));
    socket.write(request);
  });
}
