/**
 * The panel's one connection to the helper: connects, says hello with the stored token, pairs when asked,
 * and reconnects whenever the connection is lost (every few seconds while the helper is not running).
 * The views read its state; requests and events go through it, whichever socket is current.
 */
import { HelperClient, HelperRequestError, type SocketLike } from '../../src/protocol/helperClient';
import type { HelperEvent, RequestInput, RequestType, ResultOf } from '../../src/protocol/messages';
import type { TokenStore } from '../host/host';
import { helloVerdict, httpUrlOf, REVOKED_NOTICE, type ConnectionState, type HelloOutcome } from '../model/connectionState';

export const RETRY_SECONDS = 3;

export interface HelperConnectionOptions {
  /** Changed only through setUrl. */
  url: string;
  tokens: TokenStore;
  /** How the helper names this client in its log and its list of paired clients. */
  clientName: string;
  openSocket?(url: string): SocketLike;
  /** Why the helper refused a connection, or null when it did not answer (see helperRefusal). */
  probe?(url: string): Promise<string | null>;
  retryMs?: number;
}

/**
 * A WebSocket does not say why its upgrade failed. The same request over HTTP does: the helper answers a
 * refused Origin (403) or Host (421) with its reason as text. Null when nothing answers (not running).
 */
export async function helperRefusal(url: string, init?: RequestInit): Promise<string | null> {
  try {
    const response = await fetch(httpUrlOf(url), init);
    if (response.status !== 403 && response.status !== 421) return null;
    return (await response.text()).trim() || `the helper refused this panel (HTTP ${response.status})`;
  } catch {
    return null;
  }
}

type Params<T extends RequestType> = Omit<Extract<RequestInput, { type: T }>, 'id' | 'type'>;

export class HelperConnection {
  private state: ConnectionState = { kind: 'connecting' };
  private client: HelperClient | null = null;
  private helperVersion = '';
  /** Each attempt's number: answers of an attempt that was replaced are dropped. */
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private readonly stateListeners = new Set<() => void>();
  private readonly eventListeners = new Set<(event: HelperEvent) => void>();
  private readonly openSocket: (url: string) => SocketLike;
  private readonly probe: (url: string) => Promise<string | null>;
  private readonly retryMs: number;

  constructor(private readonly options: HelperConnectionOptions) {
    this.openSocket = options.openSocket ?? ((url) => new WebSocket(url));
    this.probe = options.probe ?? ((url) => helperRefusal(url));
    this.retryMs = options.retryMs ?? RETRY_SECONDS * 1000;
  }

  get url(): string {
    return this.options.url;
  }

  /** The current state (the same object until it changes: React's useSyncExternalStore compares it). */
  readonly getState = (): ConnectionState => this.state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.stateListeners.add(listener);
    return () => void this.stateListeners.delete(listener);
  };

  /** Events of every connection from now on (jobs, asset statuses). */
  onEvent(listener: (event: HelperEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => void this.eventListeners.delete(listener);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.connect();
  }

  stop(): void {
    this.running = false;
    this.attempt += 1;
    clearTimeout(this.retryTimer);
    this.client?.close();
    this.client = null;
  }

  /** Talks to the helper at `url` from now on (the port changed in the settings): reconnects when it differs. */
  setUrl(url: string): void {
    if (url === this.options.url) return;
    this.options.url = url;
    if (!this.running) return;
    this.attempt += 1;
    clearTimeout(this.retryTimer);
    this.client?.close();
    this.client = null;
    void this.connect();
  }

  /** Tries again at once (the "Try now" button). */
  retryNow(): void {
    if (!this.running || this.client !== null) return;
    clearTimeout(this.retryTimer);
    void this.connect();
  }

  /** Sends the pairing code; on success the token is stored and the panel is paired. Throws the helper's reason. */
  async pair(code: string): Promise<void> {
    const client = this.client;
    if (client === null || this.state.kind !== 'unpaired') throw new HelperRequestError('closed', 'not connected to the helper');
    const { token } = await client.request('pair', { code, client: this.options.clientName });
    await this.options.tokens.set(token);
    if (this.client === client) this.setState({ kind: 'paired', helperVersion: this.helperVersion });
  }

  /** A request of a paired panel. A refused token (revoked meanwhile) forgets it and asks to pair again. */
  async request<T extends RequestType>(type: T, params: Params<T>): Promise<ResultOf<T>> {
    const client = this.client;
    if (client === null || this.state.kind !== 'paired') throw new HelperRequestError('closed', 'not connected to the helper');
    try {
      return await client.request(type, params);
    } catch (error) {
      if (error instanceof HelperRequestError && error.code === 'unauthorized' && this.client === client) {
        await this.options.tokens.clear();
        this.setState({ kind: 'unpaired', notice: REVOKED_NOTICE });
      }
      throw error;
    }
  }

  private async connect(): Promise<void> {
    const attempt = ++this.attempt;
    const current = (): boolean => this.running && attempt === this.attempt;
    // While the helper is away (or refuses) the view stays as it is between attempts, without flicker.
    if (this.state.kind !== 'offline' && this.state.kind !== 'refused') this.setState({ kind: 'connecting' });
    let socket: SocketLike;
    let client: HelperClient;
    try {
      socket = this.openSocket(this.options.url);
      client = await HelperClient.connect(socket);
    } catch (error) {
      const refusal = await this.probe(this.options.url);
      if (current()) this.offline((error as Error).message, refusal);
      return;
    }
    if (!current()) {
      client.close();
      return;
    }
    this.client = client;
    client.onEvent((event) => {
      if (this.client === client) for (const listener of this.eventListeners) listener(event);
    });
    socket.addEventListener('close', () => {
      if (this.client !== client) return;
      this.client = null;
      if (this.running) this.offline('the connection to the helper closed');
    });

    const token = await this.options.tokens.get();
    let outcome: HelloOutcome;
    try {
      outcome = await client.hello(this.options.clientName, token ?? undefined);
    } catch (error) {
      outcome = error instanceof HelperRequestError ? { errorCode: error.code, message: error.message } : { errorCode: 'closed', message: String(error) };
    }
    if (!current() || this.client !== client) return;
    const verdict = helloVerdict(outcome, token !== null);
    if ('helperVersion' in outcome) this.helperVersion = outcome.helperVersion;
    if (verdict.clearToken) await this.options.tokens.clear();
    if (verdict.retry) {
      this.client = null;
      client.close();
      this.offline(verdict.state.kind === 'offline' ? verdict.state.reason : 'the helper did not answer');
      return;
    }
    this.setState(verdict.state);
  }

  /** Not connected: offline, or refused when the helper said why; either way it tries again. */
  private offline(reason: string, refusal: string | null = null): void {
    this.setState(refusal === null ? { kind: 'offline', reason } : { kind: 'refused', reason: refusal });
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (this.running) void this.connect();
    }, this.retryMs);
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    for (const listener of this.stateListeners) listener();
  }
}
