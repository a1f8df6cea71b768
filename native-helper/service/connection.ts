import type { WebSocket } from 'ws';
import { PROTOCOL_VERSION } from '../../src/protocol/constants';
import { requestShapeRefusal } from '../../src/protocol/jsonShape';
import { requestSchema, type ErrorCode, type HelperEvent, type Request } from '../../src/protocol/messages';
import { UserError } from '../errors';
import { describeInvalidRequest } from './describeInvalidRequest';
import { TOOL_VERSION } from '../version';
import { successResponseParts } from './jsonText';
import { Refusal } from './refusal';
import { exchangePairingCode, recordTokenUse, tokenIsValid } from './pairing';
import { handleRequest, type HandlerContext } from './requestHandlers';

/** Requests a connection may send: a burst, then a steady pace (a panel sends a few per second). */
const RATE_BURST = 100;
const RATE_PER_SECOND = 50;
/** A connection that has not paired or shown a valid token by then is closed. */
export const UNPAIRED_TIMEOUT_MS = 2 * 60_000;
/** Before pairing only `hello` and `pair` are possible: nothing larger is read. */
const UNPAIRED_MAX_BYTES = 4 * 1024;
/** How long a token check is trusted before the catalog is asked again (revocation reaches open connections). */
const TOKEN_RECHECK_MS = 1000;
/** Events that are only the latest state are skipped for a client this far behind. */
const SLOW_CLIENT_BYTES = 4 * 1024 * 1024;
/** A client this far behind is not reading at all: it is disconnected rather than buffered for without end. */
const STALLED_CLIENT_BYTES = 64 * 1024 * 1024;

/** One client: its version check, its token, its request budget; events reach it once it is paired. */
export class Connection {
  private token: string | undefined;
  private tokenCheckedAt = 0;
  private spoke = false;
  private allowance = RATE_BURST;
  private lastRefill = performance.now();
  private readonly unpairedTimer: NodeJS.Timeout;

  constructor(
    private readonly socket: WebSocket,
    private readonly ctx: HandlerContext,
    private readonly log: (line: string) => void,
  ) {
    this.unpairedTimer = setTimeout(() => socket.close(1008, 'not paired in time'), UNPAIRED_TIMEOUT_MS);
    socket.on('message', (data, isBinary) => {
      this.receive(isBinary ? null : data.toString()).catch((error: unknown) => {
        // Never an unhandled rejection: one client's trouble must not stop the helper.
        this.log(`a message could not be handled: ${(error as Error)?.stack ?? String(error)}`);
        socket.terminate();
      });
    });
    socket.on('close', () => clearTimeout(this.unpairedTimer));
  }

  /** Paired, with a token the catalog still holds (re-checked at most once a second). */
  get paired(): boolean {
    if (this.token === undefined) return false;
    const now = performance.now();
    if (now - this.tokenCheckedAt > TOKEN_RECHECK_MS) {
      this.tokenCheckedAt = now;
      if (!tokenIsValid(this.ctx.catalog, this.token)) {
        this.token = undefined;
        this.socket.close(1008, 'this client was unpaired');
        return false;
      }
    }
    return true;
  }

  /** Pushes an event; progress for a client that cannot keep up is skipped, a stalled client is dropped. */
  push(event: HelperEvent): void {
    if (this.socket.readyState !== this.socket.OPEN || !this.paired) return;
    if (event.type === 'job.progress' && this.socket.bufferedAmount > SLOW_CLIENT_BYTES) return;
    this.send(event);
  }

  /**
   * Not async itself: a suspended async function keeps every local it had at its await, and a host's media
   * list (7 MB of text, then its parse and its validated copy) must not live on while its project is looked at.
   */
  private receive(text: string | null): Promise<void> {
    let request: Request | undefined;
    try {
      request = this.admit(text);
    } catch (error) {
      return Promise.reject(error);
    }
    if (request === undefined) return Promise.resolve();
    return this.respondTo(request.id, request.type, this.answer(request));
  }

  /** The request in a message, or undefined once the message has been refused (and answered). */
  private admit(text: string | null): Request | undefined {
    const bytes = text === null ? Infinity : text.length;
    if (this.token === undefined && bytes > UNPAIRED_MAX_BYTES) {
      this.socket.close(1009, 'pair first: before pairing, messages are small');
      return undefined;
    }
    if (!this.withinRate()) {
      // Answered by id, so the client's request fails now rather than waiting forever.
      this.error(idOf(parseOrUndefined(text)), 'rate-limited', `more than ${RATE_PER_SECOND} requests a second: slow down`);
      return undefined;
    }
    if (text === null) {
      this.error(undefined, 'bad-request', 'messages are JSON text, not binary');
      return undefined;
    }
    const shapeRefusal = requestShapeRefusal(text);
    if (shapeRefusal !== null) {
      this.error(undefined, 'bad-request', shapeRefusal);
      return undefined;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      this.error(undefined, 'bad-request', 'the message is not JSON');
      return undefined;
    }
    const id = idOf(json);
    // The version first: a newer client's hello may carry fields this helper does not know.
    const envelope = json as { type?: unknown; protocol?: unknown };
    if (envelope?.type === 'hello' && typeof envelope.protocol === 'number' && envelope.protocol !== PROTOCOL_VERSION) {
      const newer = envelope.protocol > PROTOCOL_VERSION ? 'the helper' : 'this client';
      this.error(id, 'protocol-version', `this client speaks protocol ${envelope.protocol}, the helper ${PROTOCOL_VERSION}: update ${newer}`);
      return undefined;
    }
    if (this.token === undefined && envelope?.type !== 'hello' && envelope?.type !== 'pair') {
      this.error(id, this.spoke ? 'unauthorized' : 'bad-request', this.spoke ? NOT_PAIRED : 'say hello first (protocol version and token)');
      return undefined;
    }
    const parsed = requestSchema.safeParse(json);
    if (!parsed.success) {
      this.error(id, 'bad-request', describeInvalidRequest(parsed.error.issues));
      return undefined;
    }
    return parsed.data;
  }

  private async respondTo(id: string, type: Request['type'], answering: Promise<unknown>): Promise<void> {
    try {
      this.respond(id, await answering);
    } catch (error) {
      if (error instanceof RefusedError || error instanceof Refusal) this.error(id, error.code, error.message);
      else if (error instanceof UserError) this.error(id, 'failed', error.message);
      else {
        this.log(`${type} failed: ${(error as Error).stack ?? String(error)}`);
        this.error(id, 'internal', `the helper failed: ${(error as Error).message}`);
      }
    }
  }

  private async answer(request: Request): Promise<unknown> {
    if (request.type === 'hello') return this.hello(request.token);
    if (!this.spoke) throw new RefusedError('bad-request', 'say hello first (protocol version and token)');
    if (request.type === 'pair') {
      const token = exchangePairingCode(this.ctx.catalog, request.code, request.client);
      if (token === null) throw new RefusedError('unauthorized', 'this pairing code is wrong or expired: run `threefold pair` for a new one');
      this.authenticate(token);
      this.log(`paired a new client: ${request.client}`);
      return { token };
    }
    // Checked on every request: a revoked token stops working at once.
    if (this.token === undefined || !tokenIsValid(this.ctx.catalog, this.token)) {
      this.token = undefined;
      throw new RefusedError('unauthorized', NOT_PAIRED);
    }
    return handleRequest(this.ctx, request);
  }

  private hello(token: string | undefined): { protocol: number; helperVersion: string; paired: boolean } {
    this.spoke = true;
    if (token !== undefined) {
      if (!tokenIsValid(this.ctx.catalog, token)) throw new RefusedError('unauthorized', 'this token is not valid (revoked, or from another machine): pair again with `threefold pair`');
      this.authenticate(token);
    }
    return { protocol: PROTOCOL_VERSION, helperVersion: TOOL_VERSION, paired: this.token !== undefined };
  }

  private authenticate(token: string): void {
    this.token = token;
    this.tokenCheckedAt = performance.now();
    clearTimeout(this.unpairedTimer);
    recordTokenUse(this.ctx.catalog, token);
  }

  private withinRate(): boolean {
    const now = performance.now();
    this.allowance = Math.min(RATE_BURST, this.allowance + ((now - this.lastRefill) / 1000) * RATE_PER_SECOND);
    this.lastRefill = now;
    if (this.allowance < 1) return false;
    this.allowance -= 1;
    return true;
  }

  private respond(id: string, result: unknown): void {
    // A kept answer (100,000 files' badges) is sent as it is, not parsed and stringified again.
    this.sendParts(successResponseParts(id, result));
  }

  private error(id: string | undefined, code: ErrorCode, message: string): void {
    if (id === undefined) this.send({ type: 'error', error: { code, message } });
    else this.send({ type: 'response', id, ok: false, error: { code, message } });
  }

  private send(message: object): void {
    this.sendParts([JSON.stringify(message)]);
  }

  /** One text message, sent as one frame per part: sent back to back, no other message comes between them. */
  private sendParts(parts: ReadonlyArray<string | Buffer>): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > STALLED_CLIENT_BYTES) {
      this.log('dropped a client that stopped reading');
      this.socket.terminate();
      return;
    }
    parts.forEach((part, i) => this.socket.send(part, { binary: false, fin: i === parts.length - 1 }));
  }
}

const NOT_PAIRED = 'this client is not paired: run `threefold pair` and enter the code';

class RefusedError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

function parseOrUndefined(text: string | null): unknown {
  try {
    return text === null || requestShapeRefusal(text) !== null ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The id of a message that is not a valid request, when it has a usable one: its error goes to that id. */
function idOf(message: unknown): string | undefined {
  const id = (message as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id.length > 0 && id.length <= 64 ? id : undefined;
}
