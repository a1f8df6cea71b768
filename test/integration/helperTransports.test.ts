// One request pipeline behind both transports: the same message refused over the WebSocket (the panel's)
// and over HTTP (Lightroom's) gets the same code and the same message, against a real helper over real
// sockets; only the framing differs (a response or an `error` event; an HTTP status).
import fs from 'node:fs';
import path from 'node:path';
import { WebSocket } from 'ws';
import { PROTOCOL_VERSION } from '../../src/protocol/constants';
import type { RunningHelper } from '../../native-helper/service/helperServer';
import { runCli } from '../helpers/cli';
import { pairedClient, startTestHelper } from '../helpers/helperHarness';
import { apiCall } from '../helpers/helperHttp';
import { makeTempDir } from '../helpers/tempDir';

let temp: ReturnType<typeof makeTempDir>;
let home: string;
let helper: RunningHelper;
let token: string;
const logLines: string[] = [];
const sockets: WebSocket[] = [];

beforeAll(async () => {
  temp = makeTempDir();
  home = path.join(temp.dir, 'home');
  const raid = path.join(temp.dir, 'raid');
  fs.mkdirSync(raid, { recursive: true });
  expect(runCli(home, ['dest', 'add', 'raid', raid, '--media', 'raid']).code).toBe(0);
  helper = await startTestHelper({ home, port: 0, log: (line) => logLines.push(line) });
  token = await pair('panel');
});

async function pair(name: string): Promise<string> {
  const { client, token: issued } = await pairedClient(helper.port, home, name);
  client.close();
  return issued;
}

afterAll(async () => {
  for (const ws of sockets) ws.close();
  await helper.close();
  temp.cleanup();
});

interface Refused {
  id?: string | undefined;
  code: string;
  message: string;
}

function openSocket(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${helper.port}`);
    sockets.push(ws);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Sends one text message and returns the helper's next message. */
function exchange(ws: WebSocket, text: string): Promise<any> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(data.toString())));
    ws.send(text);
  });
}

/** A WebSocket that said hello, with the token when one is given. */
async function socketSaidHello(withToken?: string): Promise<WebSocket> {
  const ws = await openSocket();
  const answer = await exchange(
    ws,
    JSON.stringify({ id: 'h', type: 'hello', protocol: PROTOCOL_VERSION, client: 'panel', ...(withToken ? { token: withToken } : {}) }),
  );
  expect(answer).toMatchObject({ ok: true, result: { paired: withToken !== undefined } });
  return ws;
}

/** The refusal a WebSocket gets: a response to the id, or an `error` event for a message without one. */
async function overWebSocket(ws: WebSocket, text: string): Promise<Refused> {
  const answer = await exchange(ws, text);
  expect(answer.ok === false || answer.type === 'error').toBe(true);
  return answer.type === 'error'
    ? { code: answer.error.code, message: answer.error.message }
    : { id: answer.id, code: answer.error.code, message: answer.error.message };
}

/** The refusal over HTTP, with its status. */
async function overHttp(text: string, withToken?: string): Promise<Refused & { status: number }> {
  const answer = await apiCall(helper.port, text, withToken !== undefined ? { token: withToken } : {});
  expect(answer.json).toMatchObject({ type: 'response', ok: false });
  return {
    status: answer.status,
    ...(answer.json!.id !== undefined ? { id: answer.json!.id } : {}),
    code: answer.json!.error!.code,
    message: answer.json!.error!.message,
  };
}

describe('one refusal means the same on both transports', () => {
  it('an invalid request, an unknown type, text that is not JSON, another protocol version', async () => {
    const ws = await socketSaidHello(token);
    const cases: Array<{ text: string; status: number; code: string; message: RegExp }> = [
      {
        text: JSON.stringify({ id: 'bad', type: 'scan', target: 'relative/path' }),
        status: 400,
        code: 'bad-request',
        message: /^Not a valid request \(target: .*absolute path/,
      },
      { text: JSON.stringify({ id: 'unknown', type: 'launch-missiles' }), status: 400, code: 'bad-request', message: /^Not a valid request/ },
      { text: '{"id":"cut",', status: 400, code: 'bad-request', message: /^The message is not JSON$/ },
      {
        text: JSON.stringify({ id: 'v', type: 'hello', protocol: PROTOCOL_VERSION + 1, client: 'x' }),
        status: 400,
        code: 'protocol-version',
        message: /update the helper/,
      },
    ];
    for (const { text, status, code, message } of cases) {
      const viaSocket = await overWebSocket(ws, text);
      const { status: httpStatus, ...viaHttp } = await overHttp(text, token);
      expect({ text, refusal: viaSocket }).toEqual({ text, refusal: viaHttp });
      expect(viaSocket).toMatchObject({ code, message: expect.stringMatching(message) });
      expect(httpStatus).toBe(status);
    }
  });

  it('a wrong token: in a hello (both), in the header (HTTP), and once revoked', async () => {
    const forged = `${token.slice(0, -2)}xx`;
    const helloWith = JSON.stringify({ id: 'h', type: 'hello', protocol: PROTOCOL_VERSION, client: 'x', token: forged });
    const viaSocket = await overWebSocket(await openSocket(), helloWith);
    expect(viaSocket).toMatchObject({ id: 'h', code: 'unauthorized', message: expect.stringContaining('token is not valid') });
    // HTTP checks a hello's own token as the WebSocket does, and the header's before the body is read.
    expect(await overHttp(helloWith)).toEqual({ status: 401, ...viaSocket });
    const { id: _id, ...withoutId } = viaSocket;
    expect(await overHttp(JSON.stringify({ id: 'h', type: 'hello', protocol: PROTOCOL_VERSION, client: 'x' }), forged)).toEqual({ status: 401, ...withoutId });

    // A token revoked while a connection holds it: both refuse its next request with the same message.
    const [ws, greeter] = [await socketSaidHello(token), await socketSaidHello(token)];
    expect(runCli(home, ['pair', '--revoke-all']).code).toBe(0);
    const jobs = JSON.stringify({ id: 'j', type: 'jobs' });
    expect(await overWebSocket(ws, jobs)).toEqual({ id: 'j', code: 'unauthorized', message: viaSocket.message });
    expect(await overHttp(jobs, token)).toEqual({ status: 401, ...withoutId });
    // A hello too: the connection is not told it is still paired; it is unpaired from then on.
    const helloAgain = JSON.stringify({ id: 'h', type: 'hello', protocol: PROTOCOL_VERSION, client: 'x' });
    expect(await overWebSocket(greeter, helloAgain)).toEqual(viaSocket);
    expect(await exchange(greeter, helloAgain)).toMatchObject({ id: 'h', ok: true, result: { paired: false } });
    token = await pair('panel again');
  });

  it('a request without a token: the same code, and the same sentence up to how the transport carries a token', async () => {
    const jobs = JSON.stringify({ id: 'j', type: 'jobs' });
    const viaSocket = await overWebSocket(await socketSaidHello(), jobs);
    const viaHttp = await overHttp(jobs);
    expect({ status: viaHttp.status, id: viaHttp.id, code: viaHttp.code }).toEqual({ status: 401, id: 'j', code: viaSocket.code });
    expect(viaSocket).toEqual({ id: 'j', code: 'unauthorized', message: 'No token: pair first (run “threefold pair” and enter the code)' });
    expect(viaHttp.message).toBe(`${viaSocket.message}, then send the token in the x-threefold-token header`);
    // A wrong pairing code, too.
    const pair = JSON.stringify({ id: 'p', type: 'pair', code: 'AAAA-AAAA', client: 'x' });
    const wrongCode = await overWebSocket(await socketSaidHello(), pair);
    expect(await overHttp(pair)).toEqual({ status: 401, ...wrongCode });
  });
});

describe('a request can fail; it cannot end the process', () => {
  it('a handler’s unexpected exception is an `internal` error to its request on both transports; both go on', async () => {
    // The helper's lock folder is a file: adding a destination fails in the file system, not in a check.
    const locks = path.join(home, 'locks');
    fs.rmSync(locks, { recursive: true, force: true });
    fs.writeFileSync(locks, 'not a folder');
    try {
      const ws = await socketSaidHello(token);
      const remove = JSON.stringify({ id: 'r', type: 'destinations.remove', name: 'raid' });
      const viaSocket = await overWebSocket(ws, remove);
      expect(viaSocket).toMatchObject({ id: 'r', code: 'internal', message: expect.stringMatching(/^The helper failed: .*EEXIST/) });
      expect(await overHttp(remove, token)).toEqual({ status: 500, ...viaSocket });
      expect(logLines.filter((l) => /^destinations\.remove( over HTTP)? failed: Error: EEXIST/.test(l))).toHaveLength(2);

      const jobs = JSON.stringify({ id: 'j', type: 'jobs' });
      expect(await exchange(ws, jobs)).toMatchObject({ id: 'j', ok: true, result: { jobs: [] } });
      expect((await apiCall(helper.port, jobs, { token })).json).toMatchObject({ id: 'j', ok: true, result: { jobs: [] } });
    } finally {
      fs.rmSync(locks, { force: true });
    }
    expect(runCli(home, ['dest', 'list']).stdout).toContain('raid');
  });
});
