/**
 * The client side of the protocol, over any WebSocket with the browser's interface (the panel's, UXP's,
 * or the `ws` package's in the CLI): requests become promises, events go to listeners, and everything
 * the helper sends is validated before anyone sees it.
 */
import {
  helperMessageSchema,
  PROTOCOL_VERSION as CLIENT_PROTOCOL,
  resultSchemas,
  type ErrorCode,
  type HelperEvent,
  type RequestInput,
  type RequestType,
  type ResultOf,
} from './messages';

export { CLIENT_PROTOCOL };

/** The part of the WebSocket interface the client uses. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
  addEventListener(type: 'open' | 'error', listener: () => void): void;
}

const OPEN = 1;

export class HelperRequestError extends Error {
  override readonly name = 'HelperRequestError';
  constructor(
    readonly code: ErrorCode | 'closed' | 'invalid-response',
    message: string,
  ) {
    super(message);
  }
}

type Params<T extends RequestType> = Omit<Extract<RequestInput, { type: T }>, 'id' | 'type'>;

interface Pending {
  type: RequestType;
  resolve(result: unknown): void;
  reject(error: Error): void;
}

export class HelperClient {
  private nextId = 1;
  private readonly pending = new Map<string, Pending>();
  private readonly listeners = new Set<(event: HelperEvent) => void>();
  private readonly closeListeners = new Set<(reason: string) => void>();
  private closedBecause: string | undefined;

  constructor(private readonly socket: SocketLike) {
    socket.addEventListener('message', (event) => this.receive(event.data));
    socket.addEventListener('close', (event) => {
      this.closedBecause = event.reason || `the connection to the helper closed (code ${event.code})`;
      for (const p of this.pending.values()) p.reject(new HelperRequestError('closed', this.closedBecause));
      this.pending.clear();
      for (const listener of this.closeListeners) listener(this.closedBecause);
    });
  }

  /** Waits until the socket is open; rejects when it cannot connect (the helper is not running). */
  static async connect(socket: SocketLike): Promise<HelperClient> {
    if (socket.readyState !== OPEN) {
      await new Promise<void>((resolve, reject) => {
        socket.addEventListener('open', () => resolve());
        socket.addEventListener('error', () => reject(new HelperRequestError('closed', 'cannot reach the Threefold helper; start it with `threefold helper`')));
        socket.addEventListener('close', (event) => reject(new HelperRequestError('closed', event.reason || 'the helper refused the connection')));
      });
    }
    return new HelperClient(socket);
  }

  /** Sends a request; resolves with its validated result, rejects with the helper's error. */
  request<T extends RequestType>(type: T, params: Params<T>): Promise<ResultOf<T>> {
    if (this.closedBecause !== undefined) return Promise.reject(new HelperRequestError('closed', this.closedBecause));
    const id = String(this.nextId++);
    return new Promise<ResultOf<T>>((resolve, reject) => {
      this.pending.set(id, { type, resolve: resolve as (r: unknown) => void, reject });
      this.socket.send(JSON.stringify({ ...params, id, type }));
    });
  }

  /** Version negotiation and, with a token, authentication: the first request on every connection. */
  hello(client: string, token?: string): Promise<ResultOf<'hello'>> {
    return this.request('hello', { protocol: CLIENT_PROTOCOL, client, ...(token === undefined ? {} : { token }) });
  }

  onEvent(listener: (event: HelperEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called once when the connection ends, with the reason. */
  onClose(listener: (reason: string) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  close(): void {
    this.socket.close(1000, 'client done');
  }

  private receive(data: unknown): void {
    let raw: unknown;
    try {
      raw = JSON.parse(String(data));
    } catch {
      return; // not from a helper this client can talk to; its requests time out or close
    }
    const envelope = raw as { type?: unknown; id?: unknown };
    if (envelope?.type !== 'response') {
      // An event this client does not know (a newer helper) is skipped; it must not fail the requests.
      const event = helperMessageSchema.safeParse(raw);
      if (event.success && event.data.type !== 'response') for (const listener of this.listeners) listener(event.data);
      return;
    }
    const pending = typeof envelope.id === 'string' ? this.pending.get(envelope.id) : undefined;
    if (!pending) return;
    this.pending.delete(envelope.id as string);
    const message = helperMessageSchema.safeParse(raw);
    if (!message.success || message.data.type !== 'response') {
      pending.reject(new HelperRequestError('invalid-response', `the helper's answer to ${pending.type} is not valid`));
      return;
    }
    if (!message.data.ok) {
      pending.reject(new HelperRequestError(message.data.error.code, message.data.error.message));
      return;
    }
    const parsed = resultSchemas[pending.type].safeParse(message.data.result);
    if (parsed.success) pending.resolve(parsed.data);
    else pending.reject(new HelperRequestError('invalid-response', `the helper's answer to ${pending.type} is not valid: ${parsed.error.message}`));
  }
}
