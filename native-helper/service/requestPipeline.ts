import { MAX_MESSAGE_BYTES, PROTOCOL_VERSION } from '../../src/protocol/constants';
import { requestSchema, type Request } from '../../src/protocol/messages';
import type { Catalog } from '../catalog/catalog';
import { TOOL_VERSION } from '../version';
import { describeInvalidRequest } from './describeInvalidRequest';
import { successResponseParts } from './jsonText';
import { exchangePairingCode, recordTokenUse, tokenIsValid } from './pairing';
import type { RateBudget } from './rateBudget';
import { asRefusal, Refusal } from './refusal';
import { requestShapeRefusal } from '../../src/protocol/jsonShape';

/** Before pairing only `hello` and `pair` are possible: nothing larger is read. */
export const UNPAIRED_MAX_BYTES = 4 * 1024;

/** A request the handlers answer: all but `hello` and `pair`, which the pipeline answers itself. */
export type HandledRequest = Exclude<Request, { type: 'hello' | 'pair' }>;

export interface PipelineContext {
  catalog: Catalog;
  /** What each handled request does (requestHandlers.ts); `client` stands for the session that asked. */
  dispatch(request: HandledRequest, client: Session): Promise<unknown>;
  log(line: string): void;
}

/**
 * What a transport knows of the client a message comes from, and what answering it may change: a
 * WebSocket connection keeps one across its messages, an HTTP request is one of its own.
 */
export interface Session {
  /** The token the client shows: its hello's or its pairing's (WebSocket), the request's header (HTTP). */
  readonly token: string | undefined;
  /** Said hello; an HTTP request stands alone and needs none. */
  readonly spoke: boolean;
  /** The client's pace. */
  readonly budget: RateBudget;
  /** Ends the refusal that asks for a token: how this transport carries one. */
  readonly tokenHint: string;
  /** Ends log lines about the client: which transport it came by. */
  readonly via: string;
  saidHello(): void;
  /** The client showed a valid token: a hello's, or a new pairing's. */
  adopt(token: string): void;
  /** The client's token is no longer valid (revoked, or from another machine). */
  forget(): void;
}

/** One message's outcome: a success as the pieces of its JSON text, or a refusal; its id when it has a usable one. */
export type Answer = { id: string; ok: true; parts: Array<string | Buffer> } | { id: string | undefined; ok: false; refusal: Refusal };

export const SAY_HELLO = 'say hello first (protocol version and token)';
const BAD_TOKEN = 'this token is not valid (revoked, or from another machine): pair again with `threefold pair`';
const WRONG_CODE = 'this pairing code is wrong or expired: run `threefold pair` for a new one';

/**
 * The one way a request is answered, whichever transport brought it. Before the message is read
 * (`admit`): the token the client shows still holds, and the client keeps its pace. Then (`answer`): JSON,
 * the protocol version, the hello/pair gate, the request schema, then hello, pair or the request's
 * handler. Every failure, a handler's exception included, ends as a refusal: nothing here rejects.
 */
export class RequestPipeline {
  constructor(private readonly ctx: PipelineContext) {}

  /** The largest message the client may send now: small until it shows a token. */
  messageLimit(session: Session): number {
    return session.token === undefined ? UNPAIRED_MAX_BYTES : MAX_MESSAGE_BYTES;
  }

  /** Whether the catalog still holds a token (revocation reaches open connections). */
  holdsToken(token: string): boolean {
    return tokenIsValid(this.ctx.catalog, token);
  }

  /** Who is asking, checked before the message is read: undefined when it may be read. */
  admit(session: Session): Refusal | undefined {
    // Checked on every request: a revoked token stops working at once.
    if (session.token !== undefined && !this.holdsToken(session.token)) {
      session.forget();
      return new Refusal('unauthorized', BAD_TOKEN);
    }
    if (!session.budget.take()) return new Refusal('rate-limited', `more than ${session.budget.perSecond} requests a second: slow down`);
    return undefined;
  }

  /**
   * The answer to one message. Not async itself: a suspended async function keeps every local it had at
   * its await, and a host's media list (7 MB of text, then its parse and its validated copy) must not live
   * on while its project is looked at.
   */
  answer(session: Session, text: string): Promise<Answer> {
    let read: { request: Request } | Answer;
    try {
      read = this.read(session, text);
    } catch (error) {
      return Promise.resolve({ id: undefined, ok: false, refusal: asRefusal(error, this.ctx.log, `a message${session.via}`) });
    }
    if (!('request' in read)) return Promise.resolve(read);
    const { id, type } = read.request;
    return this.settle(id, `${type}${session.via}`, this.run(session, read.request));
  }

  /** The request in a message, or the refusal of a message that is not one the client may send. */
  private read(session: Session, text: string): { request: Request } | Answer {
    // Measured before parsing: JSON.parse builds every nested array and object before anything can look.
    const shapeRefusal = requestShapeRefusal(text);
    if (shapeRefusal !== null) return refused(undefined, new Refusal('bad-request', shapeRefusal));
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return refused(undefined, new Refusal('bad-request', 'the message is not JSON'));
    }
    const id = idOf(json);
    // The version first: a newer client's hello may carry fields this helper does not know.
    const envelope = json as { type?: unknown; protocol?: unknown } | null;
    if (envelope?.type === 'hello' && typeof envelope.protocol === 'number' && envelope.protocol !== PROTOCOL_VERSION) {
      const newer = envelope.protocol > PROTOCOL_VERSION ? 'the helper' : 'this client';
      return refused(id, new Refusal('protocol-version', `this client speaks protocol ${envelope.protocol}, the helper ${PROTOCOL_VERSION}: update ${newer}`));
    }
    // Without a token only a hello or a pair is looked at further.
    if (session.token === undefined && envelope?.type !== 'hello' && envelope?.type !== 'pair') {
      return refused(
        id,
        session.spoke
          ? new Refusal('unauthorized', `no token: pair first (run \`threefold pair\` and enter the code)${session.tokenHint}`)
          : new Refusal('bad-request', SAY_HELLO),
      );
    }
    const parsed = requestSchema.safeParse(json);
    if (!parsed.success) return refused(id, new Refusal('bad-request', describeInvalidRequest(parsed.error.issues)));
    return { request: parsed.data };
  }

  /** Hello, pair, or the request's handler; a refusal or an exception becomes a rejection. */
  private run(session: Session, request: Request): Promise<unknown> {
    try {
      if (request.type === 'hello') return Promise.resolve(this.hello(session, request.token));
      if (!session.spoke) throw new Refusal('bad-request', SAY_HELLO);
      if (request.type === 'pair') return Promise.resolve(this.pair(session, request.code, request.client));
      return this.ctx.dispatch(request, session);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private async settle(id: string, what: string, running: Promise<unknown>): Promise<Answer> {
    try {
      // A kept answer (100,000 files' badges) goes out as it is, not parsed and stringified again.
      return { id, ok: true, parts: successResponseParts(id, await running) };
    } catch (error) {
      return refused(id, asRefusal(error, this.ctx.log, what));
    }
  }

  private hello(session: Session, token: string | undefined): { protocol: number; helperVersion: string; paired: boolean } {
    session.saidHello();
    if (token !== undefined) {
      if (!this.holdsToken(token)) throw new Refusal('unauthorized', BAD_TOKEN);
      session.adopt(token);
    }
    if (session.token !== undefined) recordTokenUse(this.ctx.catalog, session.token);
    return { protocol: PROTOCOL_VERSION, helperVersion: TOOL_VERSION, paired: session.token !== undefined };
  }

  private pair(session: Session, code: string, client: string): { token: string } {
    const token = exchangePairingCode(this.ctx.catalog, code, client);
    if (token === null) throw new Refusal('unauthorized', WRONG_CODE);
    session.adopt(token);
    recordTokenUse(this.ctx.catalog, token);
    this.ctx.log(`paired a new client${session.via}: ${client}`);
    return { token };
  }
}

function refused(id: string | undefined, refusal: Refusal): Answer {
  return { id, ok: false, refusal };
}

/** The id of a message that is not a valid request, when it has a usable one: its refusal goes to that id. */
export function idOf(message: unknown): string | undefined {
  const id = (message as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id.length > 0 && id.length <= 64 ? id : undefined;
}
