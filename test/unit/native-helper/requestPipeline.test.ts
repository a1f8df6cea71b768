// The helper's request pipeline without sockets: a session and a message in, an answer or a refusal out,
// over a real catalog (tokens, pairing codes). The handlers are the test's own, to throw what a bug would.
import path from 'node:path';
import { MAX_MESSAGE_BYTES, PROTOCOL_VERSION } from '../../../src/protocol/constants';
import { Catalog } from '../../../native-helper/catalog/catalog';
import { UserError } from '../../../native-helper/errors';
import { issueLocalToken, newPairingCode, tokenIsValid } from '../../../native-helper/service/pairing';
import { RateBudget } from '../../../native-helper/service/rateBudget';
import { Refusal } from '../../../native-helper/service/refusal';
import { RequestPipeline, UNPAIRED_MAX_BYTES, type Answer, type HandledRequest, type Session } from '../../../native-helper/service/requestPipeline';
import { makeTempDir } from '../../helpers/tempDir';

let temp: ReturnType<typeof makeTempDir>;
let catalog: Catalog;
let logged: string[];
let dispatched: HandledRequest[];
/** What the handlers do with the next request. */
let handler: (request: HandledRequest) => Promise<unknown>;
let pipeline: RequestPipeline;

beforeEach(() => {
  temp = makeTempDir();
  catalog = Catalog.open(path.join(temp.dir, 'home', 'catalog.sqlite'));
  logged = [];
  dispatched = [];
  handler = async () => ({ jobs: [] });
  pipeline = new RequestPipeline({
    catalog,
    log: (line) => logged.push(line),
    dispatch: (request) => {
      dispatched.push(request);
      return handler(request);
    },
  });
});
afterEach(() => {
  catalog.close();
  temp.cleanup();
});

class TestSession implements Session {
  budget = new RateBudget(100, 50);
  readonly tokenHint = ', then show it';
  readonly via = ' in a test';
  constructor(
    public token: string | undefined = undefined,
    public spoke = false,
  ) {}
  saidHello(): void {
    this.spoke = true;
  }
  adopt(token: string): void {
    this.token = token;
  }
  forget(): void {
    this.token = undefined;
  }
}

/** A session that said hello and holds a token the catalog knows. */
function pairedSession(): TestSession {
  return new TestSession(issueLocalToken(catalog, 'test').token, true);
}

/** The whole pipeline, as a transport runs it: admit, then answer. */
async function send(session: Session, message: unknown): Promise<Answer> {
  const refusal = pipeline.admit(session);
  if (refusal) return { id: undefined, ok: false, refusal };
  return pipeline.answer(session, typeof message === 'string' ? message : JSON.stringify(message));
}

function resultOf(answer: Answer): unknown {
  if (!answer.ok) throw new Error(`refused: ${answer.refusal.code} ${answer.refusal.message}`);
  return JSON.parse(answer.parts.map(String).join(''));
}

function refusalOf(answer: Answer): { id: string | undefined; code: string; status: number; message: string } {
  if (answer.ok) throw new Error('answered');
  return { id: answer.id, code: answer.refusal.code, status: answer.refusal.status, message: answer.refusal.message };
}

const hello = (fields: Record<string, unknown> = {}) => ({ id: 'h', type: 'hello', protocol: PROTOCOL_VERSION, client: 'test', ...fields });

describe('reading a message', () => {
  it('refuses text that is not JSON, without an id', async () => {
    expect(refusalOf(await send(pairedSession(), '{"id":"x",'))).toEqual({
      id: undefined,
      code: 'bad-request',
      status: 400,
      message: 'The message is not JSON',
    });
  });

  it('checks the protocol version before the schema: a newer hello with unknown fields is told which side to update', async () => {
    expect(refusalOf(await send(new TestSession(), hello({ protocol: PROTOCOL_VERSION + 1, capabilities: ['future'] })))).toEqual({
      id: 'h',
      code: 'protocol-version',
      status: 400,
      message: expect.stringContaining('update the helper'),
    });
    expect(refusalOf(await send(new TestSession(), hello({ protocol: 0 }))).message).toContain('update this client');
  });

  it('without a token, looks no further than hello and pair: before a hello it asks for one, after it asks for a pairing', async () => {
    const silent = new TestSession();
    expect(refusalOf(await send(silent, { id: '1', type: 'jobs' }))).toEqual({
      id: '1',
      code: 'bad-request',
      status: 400,
      message: 'Say hello first (protocol version and token)',
    });
    const spoken = new TestSession(undefined, true);
    // The gate comes before the schema: an invalid request gets the same refusal, and is not validated.
    for (const message of [
      { id: '2', type: 'jobs' },
      { id: '2', type: 'scan', target: 'relative' },
      { id: '2', type: 'no-such-request' },
    ]) {
      expect(refusalOf(await send(spoken, message))).toEqual({
        id: '2',
        code: 'unauthorized',
        status: 401,
        message: 'No token: pair first (run “threefold pair” and enter the code), then show it',
      });
    }
    expect(dispatched).toEqual([]);
  });

  it('refuses invalid requests by their id, naming the fields; an unusable id is left out', async () => {
    const session = pairedSession();
    expect(refusalOf(await send(session, { id: 'bad', type: 'scan', target: 'relative/path' }))).toEqual({
      id: 'bad',
      code: 'bad-request',
      status: 400,
      message: expect.stringMatching(/^Not a valid request \(target: .*absolute path/),
    });
    expect(refusalOf(await send(session, { id: 'u', type: 'no-such-request' }))).toMatchObject({
      id: 'u',
      code: 'bad-request',
      message: expect.stringContaining('Not a valid request'),
    });
    expect(refusalOf(await send(session, { id: 'x'.repeat(65), type: 'jobs' }))).toMatchObject({ id: undefined, code: 'bad-request' });
    expect(dispatched).toEqual([]);
  });
});

describe('hello and pair', () => {
  it('a hello without a token answers unpaired; with a valid one the session adopts it; with a wrong one it is refused', async () => {
    const session = new TestSession();
    expect(resultOf(await send(session, hello()))).toMatchObject({
      type: 'response',
      id: 'h',
      ok: true,
      result: { protocol: PROTOCOL_VERSION, paired: false },
    });
    expect(session.spoke).toBe(true);

    const token = issueLocalToken(catalog, 'test').token;
    expect(refusalOf(await send(new TestSession(), hello({ token: `${token.slice(0, -2)}xx` })))).toEqual({
      id: 'h',
      code: 'unauthorized',
      status: 401,
      message: expect.stringContaining('token is not valid'),
    });
    const returning = new TestSession();
    expect(resultOf(await send(returning, hello({ token })))).toMatchObject({ result: { paired: true } });
    expect(returning.token).toBe(token);
  });

  it('a session that holds a token (an HTTP header) is paired at its hello', async () => {
    expect(resultOf(await send(pairedSession(), hello()))).toMatchObject({ result: { paired: true } });
  });

  it('pair needs a hello first and a live code; the session adopts the token it buys', async () => {
    const code = newPairingCode(catalog).code;
    const silent = new TestSession();
    expect(refusalOf(await send(silent, { id: 'p', type: 'pair', code, client: 'panel' }))).toMatchObject({
      id: 'p',
      code: 'bad-request',
      message: expect.stringContaining('hello first'),
    });

    const spoken = new TestSession(undefined, true);
    expect(refusalOf(await send(spoken, { id: 'p', type: 'pair', code: 'AAAA-AAAA', client: 'panel' }))).toMatchObject({
      code: 'unauthorized',
      message: expect.stringContaining('wrong or expired'),
    });
    const { result } = resultOf(await send(spoken, { id: 'p', type: 'pair', code, client: 'panel' })) as { result: { token: string } };
    expect(spoken.token).toBe(result.token);
    expect(tokenIsValid(catalog, result.token)).toBe(true);
    expect(logged).toEqual(['paired a new client in a test: panel']);
    expect(resultOf(await send(spoken, { id: 'j', type: 'jobs' }))).toMatchObject({ id: 'j', ok: true, result: { jobs: [] } });
  });
});

describe('before a message is read', () => {
  it('a revoked token is refused and forgotten: the session is unpaired from then on', async () => {
    const session = pairedSession();
    catalog.pairing.revokeAll();
    expect(refusalOf(await send(session, { id: 'j', type: 'jobs' }))).toEqual({
      id: undefined,
      code: 'unauthorized',
      status: 401,
      message: expect.stringContaining('token is not valid'),
    });
    expect(session.token).toBeUndefined();
    expect(refusalOf(await send(session, { id: 'j', type: 'jobs' }))).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('No token') });
  });

  it('a client over its pace is refused (429) once its burst is spent', async () => {
    const session = pairedSession();
    session.budget = new RateBudget(3, 1);
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await send(session, { id: `${i}`, type: 'jobs' }));
    expect(answers.map((a) => (a.ok ? 'ok' : a.refusal.code))).toEqual(['ok', 'ok', 'ok', 'rate-limited', 'rate-limited']);
    expect(refusalOf(answers[3]!)).toMatchObject({ status: 429, message: 'More than 1 requests a second: slow down' });
  });

  it('allows small messages until the client shows a token', () => {
    expect(pipeline.messageLimit(new TestSession())).toBe(UNPAIRED_MAX_BYTES);
    expect(pipeline.messageLimit(pairedSession())).toBe(MAX_MESSAGE_BYTES);
  });
});

describe('a request can fail; it cannot end the process', () => {
  it('a handler’s result is the response; its refusal keeps its code; a UserError is `failed`', async () => {
    const session = pairedSession();
    expect(resultOf(await send(session, { id: 'j', type: 'jobs' }))).toEqual({ type: 'response', id: 'j', ok: true, result: { jobs: [] } });
    expect(dispatched).toEqual([{ id: 'j', type: 'jobs' }]);

    handler = async () => {
      throw new Refusal('not-found', 'no such project');
    };
    expect(refusalOf(await send(session, { id: 'b', type: 'badges', project: 'p' }))).toEqual({
      id: 'b',
      code: 'not-found',
      status: 404,
      message: 'No such project',
    });
    handler = async () => {
      throw new UserError('no such file or folder');
    };
    expect(refusalOf(await send(session, { id: 's', type: 'scan', target: '/nowhere' }))).toEqual({
      id: 's',
      code: 'failed',
      status: 422,
      message: 'No such file or folder',
    });
    expect(logged).toEqual([]);
  });

  it('any other exception, thrown or rejected, is an `internal` refusal to its request, logged with its stack', async () => {
    const session = pairedSession();
    handler = async () => {
      throw new TypeError('a bug');
    };
    expect(refusalOf(await send(session, { id: 'a', type: 'jobs' }))).toEqual({ id: 'a', code: 'internal', status: 500, message: 'The helper failed: a bug' });
    handler = () => {
      throw new RangeError('thrown before any promise');
    };
    expect(refusalOf(await send(session, { id: 'b', type: 'jobs' }))).toMatchObject({
      id: 'b',
      code: 'internal',
      message: 'The helper failed: thrown before any promise',
    });
    // A result that cannot be serialised fails its request, not the transport.
    handler = async () => ({ size: 1n });
    expect(refusalOf(await send(session, { id: 'c', type: 'jobs' }))).toMatchObject({ id: 'c', code: 'internal' });
    expect(logged).toHaveLength(3);
    expect(logged[0]).toMatch(/^jobs in a test failed: TypeError: a bug\n\s+at /);
  });
});
