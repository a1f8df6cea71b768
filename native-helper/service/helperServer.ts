import http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { MAX_MESSAGE_BYTES } from '../../src/protocol/constants';
import type { HelperEvent } from '../../src/protocol/messages';
import { Catalog } from '../catalog/catalog';
import { catalogPath } from '../config/config';
import { admit } from './admission';
import { Connection } from './connection';
import { JobQueue } from './jobQueue';
import { servePanel } from './staticFiles';

export interface HelperOptions {
  home: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** The browser build of the panel, served at the helper's own origin; nothing is served without it. */
  panelDir?: string;
  /** Origins accepted besides the helper's own (what a UXP host sends, once recorded). */
  extraOrigins?: readonly string[];
  log(line: string): void;
}

export interface RunningHelper {
  port: number;
  /** Stops taking connections, cancels jobs (their verified work is kept) and closes the catalog. */
  close(): Promise<void>;
}

/** `threefold helper`: the WebSocket API the panel talks to, on 127.0.0.1 only. */
export async function startHelper(options: HelperOptions): Promise<RunningHelper> {
  const catalog = Catalog.open(catalogPath(options.home));
  const connections = new Set<Connection>();
  const broadcast = (event: HelperEvent): void => {
    for (const c of connections) c.push(event);
  };
  const jobs = new JobQueue(options.home, catalog, broadcast, options.log);
  const ctx = { home: options.home, catalog, jobs };
  let port = options.port;

  const server = http.createServer((req, res) => {
    const admission = admit(req.headers, port, options.extraOrigins);
    if (!admission.ok) {
      res.writeHead(admission.status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${admission.reason}\n`);
      return;
    }
    void servePanel(options.panelDir, req, res);
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const admission = admit(req.headers, port, options.extraOrigins);
    if (!admission.ok) {
      options.log(`refused a connection: ${admission.reason}`);
      socket.end(`HTTP/1.1 ${admission.status} ${http.STATUS_CODES[admission.status]}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${admission.reason}\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const connection = new Connection(ws, ctx, options.log);
      connections.add(connection);
      ws.on('close', () => connections.delete(connection));
      // An oversized message closes only its connection (code 1009); the helper and other clients go on.
      ws.on('error', (error) => options.log(`a connection failed: ${error.message}`));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  }).catch((error: NodeJS.ErrnoException) => {
    catalog.close();
    if (error.code === 'EADDRINUSE') throw new HelperPortError(`port ${options.port} on 127.0.0.1 is in use: is a helper running already? (or choose another with --port)`);
    throw error;
  });
  port = (server.address() as { port: number }).port;
  options.log(`listening on 127.0.0.1:${port}`);

  return {
    port,
    close: async () => {
      for (const client of wss.clients) client.close(1001, 'the helper is stopping');
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await jobs.stop();
      catalog.close();
    },
  };
}

export class HelperPortError extends Error {
  override readonly name = 'HelperPortError';
}
