import type http from 'node:http';
import { MAX_MESSAGE_BYTES } from '../../src/protocol/constants';
import { admit } from './admission';
import { pairedBudget, RateBudget } from './rateBudget';
import { asRefusal, Refusal } from './refusal';
import type { Answer, RequestPipeline, Session } from './requestPipeline';

/**
 * The helper's API for clients that cannot open a WebSocket (Lightroom Classic's Lua has only `LrHttp`):
 * `POST /api` with one request of the WebSocket protocol as its JSON body, answered by the same response
 * envelope. The token goes in the `X-Threefold-Token` header; without one only `hello` and `pair` are
 * possible. Requests go through the WebSocket's pipeline; this file is only their HTTP framing: loopback
 * Host and no web Origin, POSTs of JSON, bodies read within the limits, refusals as HTTP statuses.
 * Events are not pushed: a client polls `jobs` for a job's progress.
 */
export const API_PATH = '/api';
export const TOKEN_HEADER = 'x-threefold-token';

/** Requests without a token share one smaller budget: a stranger cannot hammer the pairing. */
const UNPAIRED_BURST = 20;
const UNPAIRED_PER_SECOND = 5;
/** Requests being read or answered at once: each may hold up to 32 MiB. */
const MAX_IN_FLIGHT = 8;

export interface HttpApiContext {
  pipeline: RequestPipeline;
  port(): number;
  extraOrigins?: readonly string[];
  log(line: string): void;
}

/** One HTTP request: it stands alone (no hello needed), shows its token in a header, spends its token's budget. */
class RequestSession implements Session {
  readonly spoke = true;
  readonly tokenHint = `, then send the token in the ${TOKEN_HEADER} header`;
  readonly via = ' over HTTP';

  constructor(
    public token: string | undefined,
    private readonly budgetOf: (token: string | undefined) => RateBudget,
  ) {}

  get budget(): RateBudget {
    return this.budgetOf(this.token);
  }

  saidHello(): void {}

  adopt(token: string): void {
    this.token = token;
  }

  forget(): void {
    this.token = undefined;
  }
}

export function createHttpApi(ctx: HttpApiContext): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const { pipeline } = ctx;
  const budgets = new Map<string, RateBudget>();
  const unpairedBudget = new RateBudget(UNPAIRED_BURST, UNPAIRED_PER_SECOND);
  let inFlight = 0;

  const budgetOf = (token: string | undefined): RateBudget => {
    if (token === undefined) return unpairedBudget;
    let budget = budgets.get(token);
    if (!budget) {
      budget = pairedBudget();
      budgets.set(token, budget);
    }
    return budget;
  };

  const serve = async (req: http.IncomingMessage): Promise<Answer> => {
    const admission = admit(req.headers, ctx.port(), ctx.extraOrigins);
    if (!admission.ok) throw new Refusal('unauthorized', admission.reason, admission.status);
    if (req.method !== 'POST') throw new Refusal('bad-request', `${req.method} ${API_PATH}: send requests with POST`, 405);
    if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
      throw new Refusal('bad-request', 'send the request as JSON (Content-Type: application/json)', 415);
    }
    const session = new RequestSession(headerValue(req.headers[TOKEN_HEADER]), budgetOf);
    // The token and the pace are checked before the body is read.
    const refusal = pipeline.admit(session);
    if (refusal) throw refusal;
    const text = await readBody(req, pipeline.messageLimit(session));
    return pipeline.answer(session, text);
  };

  return (req, res) => {
    if (inFlight >= MAX_IN_FLIGHT) {
      req.resume();
      refuse(req, res, undefined, new Refusal('busy', `${MAX_IN_FLIGHT} requests are being answered already: try again`));
      return;
    }
    inFlight++;
    serve(req)
      .then((answer) => (answer.ok ? sendParts(res, 200, answer.parts) : refuse(req, res, answer.id, answer.refusal)))
      .catch((error: unknown) => refuse(req, res, undefined, asRefusal(error, ctx.log, 'an HTTP request')))
      .finally(() => inFlight--);
  };
}

/** A refusal as its HTTP status and the protocol's response envelope (with the request's id when it is known). */
function refuse(req: http.IncomingMessage, res: http.ServerResponse, id: string | undefined, refusal: Refusal): void {
  // A body left unread (too large, or refused before it was read) ends the connection after the answer.
  const close = !req.complete;
  send(
    res,
    refusal.status,
    { type: 'response', ...(id !== undefined ? { id } : {}), ok: false, error: { code: refusal.code, message: refusal.message } },
    close,
  );
  if (close) req.resume();
}

function send(res: http.ServerResponse, status: number, body: object, close = false): void {
  sendParts(res, status, [JSON.stringify(body)], close);
}

/** A body given as the pieces of its JSON text, in order. */
function sendParts(res: http.ServerResponse, status: number, parts: ReadonlyArray<string | Buffer>, close = false): void {
  if (res.headersSent) return;
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': parts.reduce((n, part) => n + Buffer.byteLength(part), 0),
    'cache-control': 'no-store',
    ...(status === 405 ? { allow: 'POST' } : {}),
    ...(close ? { connection: 'close' } : {}),
  });
  for (const part of parts) res.write(part);
  res.end();
}

/** The body as text, refused (413) as soon as it is known to exceed `limit` bytes: never read into memory. */
function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  const tooLarge = () =>
    new Refusal(
      'bad-request',
      limit === MAX_MESSAGE_BYTES ? `the request is larger than ${limit} bytes` : `before pairing, requests are at most ${limit} bytes: pair first`,
      413,
    );
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        chunks.length = 0;
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}

function headerValue(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  const trimmed = first?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}
