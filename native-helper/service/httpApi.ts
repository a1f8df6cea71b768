import type http from 'node:http';
import { MAX_MESSAGE_BYTES, PROTOCOL_VERSION } from '../../src/protocol/constants';
import { requestShapeRefusal } from '../../src/protocol/jsonShape';
import { ERROR_CODES, requestSchema, type ErrorCode } from '../../src/protocol/messages';
import { UserError } from '../errors';
import { TOOL_VERSION } from '../version';
import { admit } from './admission';
import { describeInvalidRequest } from './describeInvalidRequest';
import { exchangePairingCode, recordTokenUse, tokenIsValid } from './pairing';
import { successResponseParts } from './jsonText';
import { handleRequest, type HandlerContext } from './requestHandlers';

/**
 * The helper's API for clients that cannot open a WebSocket (Lightroom Classic's Lua has only `LrHttp`):
 * `POST /api` with one request of the WebSocket protocol as its JSON body, answered by the same response
 * envelope. The token goes in the `X-Threefold-Token` header; without one only `hello` and `pair` are
 * possible. The rules are the WebSocket's: loopback Host, no web Origin, the same schemas and limits.
 * Events are not pushed: a client polls `jobs` for a job's progress.
 */
export const API_PATH = '/api';
export const TOKEN_HEADER = 'x-threefold-token';

/** Before pairing, as over the WebSocket, nothing larger than a hello or a pair is read. */
const UNPAIRED_MAX_BYTES = 4 * 1024;
/** A paired client's pace, as a WebSocket connection's: a burst, then a steady rate. */
const RATE_BURST = 100;
const RATE_PER_SECOND = 50;
/** Requests without a token share one smaller budget: a stranger cannot hammer the pairing. */
const UNPAIRED_BURST = 20;
const UNPAIRED_PER_SECOND = 5;
/** Requests being read or answered at once: each may hold up to 32 MiB. */
const MAX_IN_FLIGHT = 8;

const STATUS_OF: Record<ErrorCode, number> = {
  'bad-request': 400,
  unauthorized: 401,
  'protocol-version': 400,
  'rate-limited': 429,
  'not-found': 404,
  busy: 503,
  failed: 422,
  internal: 500,
};

export interface HttpApiContext extends HandlerContext {
  port(): number;
  extraOrigins?: readonly string[];
  log(line: string): void;
}

class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status = STATUS_OF[code],
  ) {
    super(message);
  }
}

export function createHttpApi(ctx: HttpApiContext): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const budgets = new Map<string, TokenBucket>();
  const unpairedBudget = new TokenBucket(UNPAIRED_BURST, UNPAIRED_PER_SECOND);
  let inFlight = 0;

  const budgetOf = (token: string): TokenBucket => {
    let bucket = budgets.get(token);
    if (!bucket) budgets.set(token, (bucket = new TokenBucket(RATE_BURST, RATE_PER_SECOND)));
    return bucket;
  };

  const serve = async (req: http.IncomingMessage): Promise<{ id?: string; result: unknown }> => {
    const admission = admit(req.headers, ctx.port(), ctx.extraOrigins);
    if (!admission.ok) throw new ApiError('unauthorized', admission.reason, admission.status);
    if (req.method !== 'POST') throw new ApiError('bad-request', `${req.method} ${API_PATH}: send requests with POST`, 405);
    if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
      throw new ApiError('bad-request', 'send the request as JSON (Content-Type: application/json)', 415);
    }
    const token = headerValue(req.headers[TOKEN_HEADER]);
    // A token that is present must be good: checked before its body is read.
    if (token !== undefined && !tokenIsValid(ctx.catalog, token)) throw new ApiError('unauthorized', BAD_TOKEN);
    if (!(token === undefined ? unpairedBudget : budgetOf(token)).take()) {
      throw new ApiError('rate-limited', `more than ${token === undefined ? UNPAIRED_PER_SECOND : RATE_PER_SECOND} requests a second: slow down`);
    }
    const text = await readBody(req, token === undefined ? UNPAIRED_MAX_BYTES : MAX_MESSAGE_BYTES);
    const shapeRefusal = requestShapeRefusal(text);
    if (shapeRefusal !== null) throw new ApiError('bad-request', shapeRefusal);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ApiError('bad-request', 'the request body is not JSON');
    }
    const id = idOf(json);
    const envelope = json as { type?: unknown; protocol?: unknown };
    if (envelope?.type === 'hello' && typeof envelope.protocol === 'number' && envelope.protocol !== PROTOCOL_VERSION) {
      const newer = envelope.protocol > PROTOCOL_VERSION ? 'the helper' : 'this client';
      throw new IdentifiedError(id, new ApiError('protocol-version', `this client speaks protocol ${envelope.protocol}, the helper ${PROTOCOL_VERSION}: update ${newer}`));
    }
    if (token === undefined && envelope?.type !== 'hello' && envelope?.type !== 'pair') throw new IdentifiedError(id, new ApiError('unauthorized', NO_TOKEN));
    const parsed = requestSchema.safeParse(json);
    if (!parsed.success) throw new IdentifiedError(id, new ApiError('bad-request', describeInvalidRequest(parsed.error.issues)));
    const request = parsed.data;
    try {
      if (request.type === 'hello') {
        if (token !== undefined) recordTokenUse(ctx.catalog, token);
        return { id: request.id, result: { protocol: PROTOCOL_VERSION, helperVersion: TOOL_VERSION, paired: token !== undefined } };
      }
      if (request.type === 'pair') {
        const issued = exchangePairingCode(ctx.catalog, request.code, request.client);
        if (issued === null) throw new ApiError('unauthorized', 'this pairing code is wrong or expired: run `threefold pair` for a new one');
        ctx.log(`paired a new client over HTTP: ${request.client}`);
        return { id: request.id, result: { token: issued } };
      }
      return { id: request.id, result: await handleRequest(ctx, request) };
    } catch (error) {
      throw new IdentifiedError(request.id, error);
    }
  };

  return (req, res) => {
    if (inFlight >= MAX_IN_FLIGHT) {
      req.resume();
      send(res, 503, { type: 'response', ok: false, error: { code: 'busy', message: `${MAX_IN_FLIGHT} requests are being answered already: try again` } });
      return;
    }
    inFlight++;
    serve(req)
      .then(({ id, result }) => sendParts(res, 200, successResponseParts(id, result)))
      .catch((thrown: unknown) => {
        const id = thrown instanceof IdentifiedError ? thrown.id : undefined;
        const error = thrown instanceof IdentifiedError ? thrown.cause : thrown;
        const refusal = asApiError(error, ctx.log);
        // A body left unread (too large, or refused before it was read) ends the connection after the answer.
        const close = !req.complete;
        send(res, refusal.status, { type: 'response', ...(id !== undefined ? { id } : {}), ok: false, error: { code: refusal.code, message: refusal.message } }, close);
        if (close) req.resume();
      })
      .finally(() => inFlight--);
  };
}

const NO_TOKEN = `no token: pair first (run \`threefold pair\` and enter the code), then send the token in the ${TOKEN_HEADER} header`;
const BAD_TOKEN = 'this token is not valid (revoked, or from another machine): pair again with `threefold pair`';

class IdentifiedError extends Error {
  constructor(
    readonly id: string | undefined,
    override readonly cause: unknown,
  ) {
    super('request failed');
  }
}

function asApiError(error: unknown, log: (line: string) => void): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof UserError) return new ApiError('failed', error.message);
  // A handler's refusal with a protocol code of its own ('not-found', 'busy', …).
  const code = (error as { code?: unknown } | null)?.code;
  if (error instanceof Error && (ERROR_CODES as readonly unknown[]).includes(code)) return new ApiError(code as ErrorCode, error.message);
  log(`an HTTP request failed: ${(error as Error)?.stack ?? String(error)}`);
  return new ApiError('internal', `the helper failed: ${(error as Error)?.message ?? String(error)}`);
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
    new ApiError('bad-request', limit === MAX_MESSAGE_BYTES ? `the request is larger than ${limit} bytes` : `before pairing, requests are at most ${limit} bytes: pair first`, 413);
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

function idOf(message: unknown): string | undefined {
  const id = (message as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id.length > 0 && id.length <= 64 ? id : undefined;
}

class TokenBucket {
  private allowance: number;
  private last = performance.now();

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
  ) {
    this.allowance = burst;
  }

  take(): boolean {
    const now = performance.now();
    this.allowance = Math.min(this.burst, this.allowance + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.allowance < 1) return false;
    this.allowance -= 1;
    return true;
  }
}
