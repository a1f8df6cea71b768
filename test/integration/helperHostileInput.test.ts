// A paired client sends the helper hostile input over a real WebSocket: a project built to exhaust memory as
// a `scan`, and JSON built to exhaust the parser. The helper (its own process) answers each with an error,
// keeps serving, and its peak RSS stays under 300 MB.
import fs from 'node:fs';
import path from 'node:path';
import { WebSocket } from 'ws';
import { HelperRequestError, type HelperClient } from '../../src/protocol/helperClient';
import { runCli } from '../helpers/cli';
import { pairedClient, spawnHelper, type HelperProcess } from '../helpers/helperHarness';
import { writeNestingBomb } from '../helpers/hostileProjects';
import { makeTempDir } from '../helpers/tempDir';

// Receiving a 30 MB message costs a helper on Node 24 about 300 MB at its peak; parsing one into 10 million
// objects, or building a 30-million-element tree, costs gigabytes: the bound tells the two apart.
const MAX_PEAK_RSS_KB = 400 * 1000;
const FIXTURE = path.resolve(__dirname, '../fixtures/prproj/sergeiventurinov_test.prproj');

let temp: ReturnType<typeof makeTempDir>;
let home: string;
let helper: HelperProcess;
let client: HelperClient;
let token: string;

beforeAll(async () => {
  temp = makeTempDir('threefold-helper-hostile-');
  home = path.join(temp.dir, 'home');
  fs.mkdirSync(path.join(temp.dir, 'raid'));
  expect(runCli(home, ['dest', 'add', 'raid', path.join(temp.dir, 'raid'), '--media', 'raid']).code).toBe(0);
  helper = await spawnHelper(home);
  ({ client, token } = await pairedClient(helper.port, home, 'hostile'));
});

afterAll(async () => {
  client?.close();
  await helper?.stop();
  temp.cleanup();
});

/** The helper's peak RSS so far (the kernel's high-water mark; Linux). */
function helperPeakRssKb(): number {
  const status = fs.readFileSync(`/proc/${helper.child.pid}/status`, 'utf8');
  return Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)![1]);
}

/** Rejects after `ms`: a helper that neither answers nor dies fails the test in seconds, not at jest's timeout. */
function within<T>(ms: number, answer: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([answer, late]).finally(() => clearTimeout(timer));
}

/** Sends one raw text over a fresh connection that says hello with the token first; resolves with the answer. */
async function sendRaw(text: string): Promise<{ type: string; error?: { code: string; message: string } }> {
  const socket = new WebSocket(`ws://127.0.0.1:${helper.port}`);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const answers: string[] = [];
  const answered = new Promise<void>((resolve, reject) => {
    socket.on('message', (data) => {
      answers.push(data.toString());
      if (answers.length === 2) resolve();
    });
    socket.once('close', () => reject(new Error(`closed after ${answers.length} answers`)));
  });
  socket.send(JSON.stringify({ id: 'h', type: 'hello', protocol: 1, client: 'raw', token }));
  socket.send(text);
  try {
    await within(20_000, answered);
  } finally {
    socket.terminate();
  }
  return JSON.parse(answers[1]!);
}

describe('the helper, sent hostile input by a paired client', () => {
  it("a scan of the issue's project (30 million nested elements, 88 KB gzip) is answered with an error; the next request is served", async () => {
    const bomb = path.join(temp.dir, 'nested.prproj');
    await writeNestingBomb(bomb);
    const error = await within(20_000, client.request('scan', { target: bomb })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HelperRequestError);
    expect(error).toMatchObject({ code: 'failed', message: `${bomb}: not a project Threefold can read: its XML nests deeper than 256 elements` });

    const second = await within(20_000, client.request('scan', { target: FIXTURE }));
    expect(second.media.length).toBeGreaterThan(1);
    expect(helper.child.exitCode).toBeNull();
    expect(helperPeakRssKb()).toBeLessThan(MAX_PEAK_RSS_KB);
  });

  it.each([
    [
      '16 million nested arrays',
      () => '['.repeat(16 * 1024 * 1024) + ']'.repeat(16 * 1024 * 1024),
      'The request nests deeper than 64 levels: no request is built so',
    ],
    ['10 million empty objects', () => `[${'{},'.repeat(10_000_000)}{}]`, 'The request holds more than 2,000,000 values: no request is that large'],
  ])('JSON of %s (within the message size) is refused before it is parsed; the next request is served', async (_label, make, message) => {
    const answer = await sendRaw(make());
    expect(answer).toEqual({ type: 'error', error: { code: 'bad-request', message } });
    expect((await within(20_000, client.request('jobs', {}))).jobs).toEqual([]);
    expect(helper.child.exitCode).toBeNull();
    expect(helperPeakRssKb()).toBeLessThan(MAX_PEAK_RSS_KB);
  });
});
