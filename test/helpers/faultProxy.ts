import net from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 that forwards to a target and breaks the traffic on demand, to test how
 * a client behaves when the network fails under it. Faults apply to open connections too (an SDK
 * reuses keep-alive sockets), and stay until reset().
 */
export interface FaultProxy {
  readonly port: number;
  /** http://127.0.0.1:<port> */
  readonly endpoint: string;
  /** Bytes forwarded client → target, over all connections, since start. */
  readonly bytesUpstream: number;
  /** Bytes forwarded target → client, over all connections, since start. */
  readonly bytesDownstream: number;
  /** Connections accepted since start, refused ones included. */
  readonly connections: number;
  /**
   * From now on, let only `n` more bytes through upstream, then cut: the connection carrying the
   * byte past the limit is reset, and the target gets the bytes up to it followed by a close.
   * By default the n bytes are shared by all connections (once spent, every connection is cut as
   * soon as it sends); with `perConnection`, each connection may send n bytes from now (or from
   * its start, if it opens later).
   */
  cutAfterBytes(n: number, options?: { perConnection?: boolean }): void;
  /** Holds every chunk, in both directions, for `ms` before forwarding it. */
  delay(ms: number): void;
  /**
   * Resets every open connection now, with whatever is still held (delayed) on it: a request the target
   * has answered can lose its answer. New connections pass as before.
   */
  cutOpenConnections(): void;
  /** While on, new connections are reset at once, without reaching the target. */
  refuse(on: boolean): void;
  /** Back to plain pass-through (the counters keep counting). */
  reset(): void;
  /** Stops listening and drops every open connection. */
  close(): Promise<void>;
}

interface CutRule {
  limit: number;
  perConnection: boolean;
  sent: number;
  sentBy: WeakMap<net.Socket, number>;
}

export async function startFaultProxy(target: { host: string; port: number }): Promise<FaultProxy> {
  let cut: CutRule | undefined;
  let delayMs = 0;
  let refusing = false;
  let bytesUpstream = 0;
  let bytesDownstream = 0;
  let connections = 0;
  const open = new Set<net.Socket>();
  /** The client side of each open connection (`open` also holds the target side). */
  const clients = new Set<net.Socket>();
  const track = (socket: net.Socket): void => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  };

  /** How many of `size` bytes the cut rule lets `client` send; counts them as sent. */
  const allowUpstream = (client: net.Socket, size: number): number => {
    if (!cut) return size;
    const used = cut.perConnection ? (cut.sentBy.get(client) ?? 0) : cut.sent;
    const allowed = Math.max(0, Math.min(size, cut.limit - used));
    cut.sent += allowed;
    cut.sentBy.set(client, used + allowed);
    return allowed;
  };

  /**
   * Forwards `from` → `to` in order, each chunk (and the final FIN) no sooner than `delayMs` after it
   * arrived, like a link with that latency; `pass` may cut the connection instead.
   */
  const relay = (from: net.Socket, to: net.Socket, pass: (chunk: Buffer) => boolean): void => {
    let queue = Promise.resolve();
    const inOrder = (step: () => void): void => {
      const due = Date.now() + delayMs;
      queue = queue.then(() => waitUntil(due)).then(step);
    };
    from.on('data', (chunk: Buffer) =>
      inOrder(() => {
        if (to.destroyed) return void from.destroy();
        if (!pass(chunk)) return;
        if (!to.write(chunk)) {
          from.pause();
          to.once('drain', () => from.resume());
        }
      }),
    );
    from.on('end', () =>
      inOrder(() => {
        if (!to.destroyed && !to.writableEnded) to.end();
      }),
    );
  };

  // Half-open on both sides, so a client's FIN reaches the target without ending the reply path.
  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    connections++;
    track(client);
    clients.add(client);
    client.on('close', () => clients.delete(client));
    if (refusing) return void client.resetAndDestroy();
    const upstream = net.connect({ port: target.port, host: target.host, allowHalfOpen: true });
    track(upstream);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.resetAndDestroy());

    relay(client, upstream, (chunk) => {
      const allowed = allowUpstream(client, chunk.length);
      bytesUpstream += allowed;
      if (allowed === chunk.length) return true;
      upstream.end(chunk.subarray(0, allowed), () => upstream.destroy());
      client.resetAndDestroy();
      return false;
    });
    relay(upstream, client, (chunk) => {
      bytesDownstream += chunk.length;
      return true;
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    endpoint: `http://127.0.0.1:${port}`,
    get bytesUpstream() {
      return bytesUpstream;
    },
    get bytesDownstream() {
      return bytesDownstream;
    },
    get connections() {
      return connections;
    },
    cutAfterBytes(n, options = {}) {
      cut = { limit: n, perConnection: options.perConnection ?? false, sent: 0, sentBy: new WeakMap() };
    },
    delay(ms) {
      delayMs = ms;
    },
    cutOpenConnections() {
      for (const client of clients) client.resetAndDestroy();
    },
    refuse(on) {
      refusing = on;
    },
    reset() {
      cut = undefined;
      delayMs = 0;
      refusing = false;
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of open) socket.destroy();
      });
    },
  };
}

function waitUntil(time: number): Promise<void> | undefined {
  const ms = time - Date.now();
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : undefined;
}
