import type { RawData, WebSocket } from 'ws';
import type { HelperEvent } from '../../src/protocol/messages';
import { pairedBudget } from './rateBudget';
import { Refusal } from './refusal';
import { idOf, type Answer, type RequestPipeline, type Session } from './requestPipeline';
import { requestShapeRefusal } from '../../src/protocol/jsonShape';

/** A connection that has not paired or shown a valid token by then is closed (the default; tests shorten it). */
export const UNPAIRED_TIMEOUT_MS = 2 * 60_000;
/** How long a token check is trusted before the catalog is asked again (revocation reaches open connections). */
const TOKEN_RECHECK_MS = 1000;
/** Events that are only the latest state are skipped for a client this far behind. */
const SLOW_CLIENT_BYTES = 4 * 1024 * 1024;
/** A client this far behind is not reading at all: it is disconnected rather than buffered for without end. */
const STALLED_CLIENT_BYTES = 64 * 1024 * 1024;

/** A WebSocket client's state across its messages: its hello, its token, its pace. */
class SocketSession implements Session {
  token: string | undefined;
  tokenCheckedAt = 0;
  spoke = false;
  readonly budget = pairedBudget();
  /** Over a WebSocket the pairing itself (or a hello with the token) pairs the connection. */
  readonly tokenHint = '';
  readonly via = '';

  constructor(private readonly onAdopted: () => void) {}

  saidHello(): void {
    this.spoke = true;
  }

  adopt(token: string): void {
    this.token = token;
    this.tokenCheckedAt = performance.now();
    this.onAdopted();
  }

  forget(): void {
    this.token = undefined;
  }
}

/**
 * One client over a WebSocket: the framing of the request pipeline (messages in, responses and events out,
 * a close for a message too large), and the events it receives once it is paired.
 */
export class Connection {
  readonly openedAt = performance.now();
  private readonly unpairedTimer: NodeJS.Timeout;
  /** This client's session: what the handlers are told asked (one per connection). */
  readonly session = new SocketSession(() => clearTimeout(this.unpairedTimer));

  constructor(
    private readonly socket: WebSocket,
    private readonly pipeline: RequestPipeline,
    private readonly log: (line: string) => void,
    unpairedTimeoutMs = UNPAIRED_TIMEOUT_MS,
  ) {
    this.unpairedTimer = setTimeout(() => socket.close(1008, 'not paired in time'), unpairedTimeoutMs);
    socket.on('message', (data, isBinary) => {
      this.receive(isBinary ? null : data.toString(), isBinary ? byteLength(data) : 0).catch((error: unknown) => {
        // Never an unhandled rejection: one client's trouble must not stop the helper.
        this.log(`a message could not be handled: ${(error as Error)?.stack ?? String(error)}`);
        socket.terminate();
      });
    });
    socket.on('close', () => clearTimeout(this.unpairedTimer));
  }

  /** Said hello: an unpaired client that did is waiting for its pairing code. */
  get spoke(): boolean {
    return this.session.spoke;
  }

  /** Closes an unpaired connection to make room for a newer one. */
  giveWay(): void {
    this.socket.close(1008, 'closed to make room for another client: pair, or connect again');
  }

  /** Paired, with a token the catalog still holds (re-checked at most once a second). */
  get paired(): boolean {
    const { token } = this.session;
    if (token === undefined) return false;
    const now = performance.now();
    if (now - this.session.tokenCheckedAt > TOKEN_RECHECK_MS) {
      this.session.tokenCheckedAt = now;
      if (!this.pipeline.holdsToken(token)) {
        this.session.forget();
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

  /** Not async itself: the message's text must not live on while its request is answered (see the pipeline). */
  private receive(text: string | null, binaryBytes: number): Promise<void> {
    try {
      if ((text === null ? binaryBytes : text.length) > this.pipeline.messageLimit(this.session)) {
        this.socket.close(1009, 'pair first: before pairing, messages are small');
        return Promise.resolve();
      }
      const refusal = this.pipeline.admit(this.session);
      if (refusal) {
        // Answered by id, so the client's request fails now rather than waiting forever.
        this.answer({ id: idOf(parseOrUndefined(text)), ok: false, refusal });
        return Promise.resolve();
      }
      if (text === null) {
        this.answer({ id: undefined, ok: false, refusal: new Refusal('bad-request', 'messages are JSON text, not binary') });
        return Promise.resolve();
      }
      return this.pipeline.answer(this.session, text).then((answer) => this.answer(answer));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** A response to the request's id; a refusal without one is an `error` event. */
  private answer(answer: Answer): void {
    if (answer.ok) this.sendParts(answer.parts);
    else {
      const error = { code: answer.refusal.code, message: answer.refusal.message };
      this.send(answer.id === undefined ? { type: 'error', error } : { type: 'response', id: answer.id, ok: false, error });
    }
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
    parts.forEach((part, i) => {
      this.socket.send(part, { binary: false, fin: i === parts.length - 1 });
    });
  }
}

function parseOrUndefined(text: string | null): unknown {
  if (text === null || requestShapeRefusal(text) !== null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function byteLength(data: RawData): number {
  return Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data instanceof ArrayBuffer ? data.byteLength : data.length;
}
