import type { WebSocket } from 'ws';
import { PROTOCOL_VERSION } from '../../src/protocol/constants';
import { requestSchema, type ErrorCode, type HelperEvent, type Request } from '../../src/protocol/messages';
import { UserError } from '../errors';
import { TOOL_VERSION } from '../version';
import { exchangePairingCode, recordTokenUse, tokenIsValid } from './pairing';
import { handleRequest, type HandlerContext } from './requestHandlers';

/** Requests a connection may send: a burst, then a steady pace (a panel sends a few per second). */
const RATE_BURST = 100;
const RATE_PER_SECOND = 50;
/** A connection that has not said hello (with a token, or paired) by then is closed. */
const HELLO_TIMEOUT_MS = 5 * 60_000;
/** Events that are only the latest state are dropped for a client this far behind; it will get the next. */
const SLOW_CLIENT_BYTES = 4 * 1024 * 1024;

/** One client: its version check, its token, its request budget; events reach it once it is paired. */
export class Connection {
  private token: string | undefined;
  private spoke = false;
  private allowance = RATE_BURST;
  private lastRefill = performance.now();
  private readonly helloTimer: NodeJS.Timeout;

  constructor(
    private readonly socket: WebSocket,
    private readonly ctx: HandlerContext,
    private readonly log: (line: string) => void,
  ) {
    this.helloTimer = setTimeout(() => socket.close(1008, 'no hello with a valid token in time'), HELLO_TIMEOUT_MS);
    socket.on('message', (data, isBinary) => void this.receive(isBinary ? null : data.toString()));
    socket.on('close', () => clearTimeout(this.helloTimer));
  }

  get paired(): boolean {
    return this.token !== undefined;
  }

  /** Pushes an event; progress for a client that cannot keep up is skipped, never queued without end. */
  push(event: HelperEvent): void {
    if (!this.paired || this.socket.readyState !== this.socket.OPEN) return;
    if (event.type === 'job.progress' && this.socket.bufferedAmount > SLOW_CLIENT_BYTES) return;
    this.socket.send(JSON.stringify(event));
  }

  private async receive(text: string | null): Promise<void> {
    if (!this.withinRate()) {
      this.error(idOf(text), 'rate-limited', `more than ${RATE_PER_SECOND} requests a second: slow down`);
      return;
    }
    if (text === null) {
      this.error(undefined, 'bad-request', 'messages are JSON text, not binary');
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      this.error(undefined, 'bad-request', 'the message is not JSON');
      return;
    }
    const parsed = requestSchema.safeParse(json);
    if (!parsed.success) {
      const where = parsed.error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ');
      this.error(idOf(json), 'bad-request', `not a valid request (${where})`);
      return;
    }
    const request = parsed.data;
    try {
      this.respond(request.id, await this.answer(request));
    } catch (error) {
      if (error instanceof RefusedError) this.error(request.id, error.code, error.message);
      else if (error instanceof UserError) this.error(request.id, 'failed', error.message);
      else {
        this.log(`${request.type} failed: ${(error as Error).stack ?? String(error)}`);
        this.error(request.id, 'internal', `the helper failed: ${(error as Error).message}`);
      }
    }
  }

  private async answer(request: Request): Promise<unknown> {
    if (request.type === 'hello') return this.hello(request.protocol, request.token);
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
      throw new RefusedError('unauthorized', 'this client is not paired: run `threefold pair` and enter the code');
    }
    return handleRequest(this.ctx, request);
  }

  private hello(protocol: number, token: string | undefined): { protocol: number; helperVersion: string; paired: boolean } {
    if (protocol !== PROTOCOL_VERSION) {
      const newer = protocol > PROTOCOL_VERSION ? 'the helper' : 'this client';
      throw new RefusedError('protocol-version', `this client speaks protocol ${protocol}, the helper ${PROTOCOL_VERSION}: update ${newer}`);
    }
    this.spoke = true;
    if (token !== undefined) {
      if (!tokenIsValid(this.ctx.catalog, token)) throw new RefusedError('unauthorized', 'this token is not valid (revoked, or from another machine): pair again with `threefold pair`');
      this.authenticate(token);
    }
    return { protocol: PROTOCOL_VERSION, helperVersion: TOOL_VERSION, paired: this.paired };
  }

  private authenticate(token: string): void {
    this.token = token;
    clearTimeout(this.helloTimer);
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
    this.send({ type: 'response', id, ok: true, result });
  }

  private error(id: string | undefined, code: ErrorCode, message: string): void {
    if (id === undefined) this.send({ type: 'error', error: { code, message } });
    else this.send({ type: 'response', id, ok: false, error: { code, message } });
  }

  private send(message: object): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }
}

class RefusedError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The id of a message that is not a valid request, when it has a usable one: its error goes to that id. */
function idOf(message: unknown): string | undefined {
  if (typeof message === 'string') {
    try {
      return idOf(JSON.parse(message));
    } catch {
      return undefined;
    }
  }
  const id = (message as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id.length > 0 && id.length <= 64 ? id : undefined;
}
