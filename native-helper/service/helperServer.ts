import http from 'node:http';
import { revealInFileManager, type RevealInFileManager } from '../system/fileManager';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { MAX_MESSAGE_BYTES } from '../../src/protocol/constants';
import type { HelperEvent } from '../../src/protocol/messages';
import { Catalog } from '../catalog/catalog';
import { catalogPath, loadConfig } from '../config/config';
import { DEFAULT_NOTIFICATION_SETTINGS } from '../../src/notify/notificationSettings';
import { Notifier, type NotifierOptions } from '../notify/notifier';
import { admit, makeRoom } from './admission';
import { Connection } from './connection';
import { API_PATH, createHttpApi } from './httpApi';
import { BadgeCache } from './badgeCache';
import { JobQueue } from './jobQueue';
import { MaintenanceScheduler } from './maintenanceScheduler';
import { PlanRunner } from './planRunner';
import { watchConfig } from './configWatch';
import { handleRequest } from './requestHandlers';
import { RequestPipeline } from './requestPipeline';
import { isReportPath, reportUrl, serveReport } from './reportRoute';
import { PanelPresence } from './panelPresence';
import { ReportLinks } from './reportLinks';
import { panelJobMessage } from '../../src/notify/panelJobMessage';
import { servePanel } from './staticFiles';

/** Clients at once; and of those, not yet paired (strangers hold no more than this, and give way to newcomers). */
const MAX_CONNECTIONS = 32;
const MAX_UNPAIRED = 4;
/** On shutdown, clients get this long to close before they are cut off. */
const CLOSE_GRACE_MS = 1000;

export interface HelperOptions {
  home: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** The browser build of the panel, served at the helper's own origin; nothing is served without it. */
  panelDir?: string;
  /** Origins accepted besides the helper's own (what a UXP host sends, once recorded). */
  extraOrigins?: readonly string[];
  /** How long a connection may stay unpaired before it is closed (default two minutes). */
  unpairedTimeoutMs?: number;
  /** The notifier's grouping, retries and time limit (tests shorten them). */
  notifierTuning?: Pick<NotifierOptions, 'throttle' | 'retry' | 'timeoutMs'>;
  /** Opens the OS file manager at a copy (tests record the request instead of opening a window). */
  revealInFileManager?: RevealInFileManager;
  /** How often deadlines are checked besides after each job (default hourly; tests shorten it). */
  overdueCheckMs?: number;
  log(line: string): void;
}

export interface RunningHelper {
  port: number;
  /** Where the scheduler, scrubs and deadlines report what a user must hear of. */
  notifier: Notifier;
  /** Stops taking connections, cancels jobs (their verified work is kept) and closes the catalog. */
  close(): Promise<void>;
}

/** `threefold helper`: the WebSocket API the panel talks to (and `POST /api` for Lightroom), on 127.0.0.1 only. */
export async function startHelper(options: HelperOptions): Promise<RunningHelper> {
  const catalog = Catalog.open(catalogPath(options.home));
  const connections = new Set<Connection>();
  const broadcast = (event: HelperEvent): void => {
    for (const c of connections) c.push(event);
  };
  const badges = new BadgeCache({ home: options.home, catalog, emit: broadcast, log: options.log });
  const notifier = new Notifier({
    settings: async () => (await loadConfig(options.home)).notifications ?? DEFAULT_NOTIFICATION_SETTINGS,
    log: options.log,
    ...options.notifierTuning,
  });
  let plans: PlanRunner | undefined;
  let maintenance: MaintenanceScheduler | undefined;
  const presence = new PanelPresence();
  const jobs = new JobQueue(
    options.home,
    catalog,
    (event) => {
      // Kept badges show a job's recorded copies before any client hears of them.
      if (event.type === 'asset.status') badges.patch([event.asset]);
      // A job that changed many states at once (a restore, a rebuild): kept badges are read again.
      if (event.type === 'badges.changed') badges.invalidate();
      // A panel's job that ends while no panel is shown: the editor is told on their desktop.
      const unseen = event.type === 'job.finished' ? presence.finished(event.job) : null;
      if (event.type === 'job.finished' && unseen) notifier.tellEditor(panelJobMessage(event.job, unseen.offline));
      plans?.onEvent(event);
      maintenance?.onEvent(event);
      broadcast(event);
    },
    options.log,
    // The notifier takes the job once its report is written, and returns: a receiver down or slow never holds a job.
    (job, files) =>
      notifier.jobFinished(job, { path: files.find((f) => f.endsWith('.html')) ?? files[0] ?? null, url: `http://127.0.0.1:${port}${reportUrl(job.id)}` }),
  );
  plans = new PlanRunner({ home: options.home, catalog, jobs, log: options.log });
  maintenance = new MaintenanceScheduler({
    home: options.home,
    catalog,
    jobs,
    notify: (event) => notifier.notify(event),
    log: options.log,
    ...(options.overdueCheckMs !== undefined ? { overdueCheckMs: options.overdueCheckMs } : {}),
  });
  const ctx = {
    home: options.home,
    catalog,
    jobs,
    badges,
    presence,
    reportLinks: new ReportLinks(),
    reveal: options.revealInFileManager ?? revealInFileManager,
    upkeep: () => maintenance!.upkeep(),
  };
  // One pipeline answers both transports: the panel's WebSocket and Lightroom's HTTP.
  const pipeline = new RequestPipeline({ catalog, log: options.log, dispatch: (request, client) => handleRequest(ctx, request, client) });
  let port = options.port;
  const refuseUpgrade = (req: http.IncomingMessage, open: Set<Connection>): { status: 403 | 421 | 503; reason: string } | undefined => {
    const admission = admit(req.headers, port, options.extraOrigins);
    if (!admission.ok) return admission;
    // Each connection may hold a message of up to 32 MiB in memory: their number is bounded.
    const room = makeRoom([...open], { maxConnections: MAX_CONNECTIONS, maxUnpaired: MAX_UNPAIRED });
    if (!room.admit) return { status: 503, reason: room.reason };
    if (room.evict) {
      options.log('closed an unpaired client to make room for a new one');
      open.delete(room.evict);
      room.evict.giveWay();
    }
    return undefined;
  };

  const api = createHttpApi({ pipeline, port: () => port, extraOrigins: options.extraOrigins, log: options.log });
  const server = http.createServer((req, res) => {
    // Lightroom's plug-in (no WebSocket in its Lua): JSON over POST, same rules; it answers in JSON itself.
    if (requestPath(req.url) === API_PATH) {
      api(req, res);
      return;
    }
    if (isReportPath(requestPath(req.url))) {
      void serveReport({ ...ctx, port: () => port, extraOrigins: options.extraOrigins, log: options.log }, req.url ?? '/', req, res);
      return;
    }
    const admission = admit(req.headers, port, options.extraOrigins);
    if (!admission.ok) {
      res.writeHead(admission.status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${admission.reason}\n`);
      return;
    }
    void servePanel(options.panelDir, req, res);
  });
  // A client that sends its headers slowly cannot hold a socket for long.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node removes its own listener before 'upgrade': a client resetting now must not crash the helper.
    socket.on('error', () => socket.destroy());
    const refusal = refuseUpgrade(req, connections);
    if (refusal) {
      options.log(`refused a connection: ${refusal.reason}`);
      socket.end(
        `HTTP/1.1 ${refusal.status} ${http.STATUS_CODES[refusal.status]}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${refusal.reason}\n`,
        () => socket.destroy(),
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const connection = new Connection(ws, pipeline, options.log, options.unpairedTimeoutMs);
      connections.add(connection);
      presence.connected(connection.session);
      ws.on('close', () => {
        connections.delete(connection);
        presence.gone(connection.session);
      });
      // An oversized message closes only its connection (code 1009); the helper and other clients go on.
      ws.on('error', (error) => options.log(`a connection failed: ${error.message}`));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  }).catch((error: NodeJS.ErrnoException) => {
    catalog.close();
    if (error.code === 'EADDRINUSE')
      throw new HelperPortError(`port ${options.port} on 127.0.0.1 is in use: is a helper running already? (or choose another with --port)`);
    throw error;
  });
  port = (server.address() as { port: number }).port;
  options.log(`listening on 127.0.0.1:${port}`);
  // Plans and upkeep start once the helper is up: a helper that cannot listen leaves nothing watching.
  maintenance.start();
  const config = await watchConfig(
    options.home,
    async (cfg) => {
      await plans?.configure(cfg);
      maintenance?.configure(cfg);
    },
    options.log,
  );

  return {
    port,
    notifier,
    close: async () => {
      // Plans first (no new jobs), then jobs (cancelled, their verified work kept), then the clients, then the port.
      await config.close();
      await plans?.close();
      await maintenance?.close();
      await jobs.stop();
      await notifier.close();
      for (const client of wss.clients) client.close(1001, 'the helper is stopping');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const grace = setTimeout(() => {
        for (const client of wss.clients) client.terminate();
        server.closeAllConnections();
      }, CLOSE_GRACE_MS);
      await closed;
      clearTimeout(grace);
      catalog.close();
    },
  };
}

/** The path of a request's URL, without its query. */
function requestPath(url: string | undefined): string {
  return (url ?? '/').split('?')[0]!;
}

export class HelperPortError extends Error {
  override readonly name = 'HelperPortError';
}
