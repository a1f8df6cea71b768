/**
 * Who may open a connection to the helper. A web page the user visits can make the browser connect to
 * 127.0.0.1 (CSRF) or to a name it re-points at 127.0.0.1 (DNS rebinding): the browser then sends the
 * page's Origin, or a Host that is not a loopback name. Clients that are not browsers send no Origin.
 * What Origin a UXP panel sends is not documented, so the Origin only keeps web pages out; the paired
 * token is the gate: without one, a client can only say hello and try a pairing code (10 wrong ones void
 * every code).
 */
export type Admission = { ok: true } | { ok: false; status: 403 | 421; reason: string };

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** Schemes of web pages and browser extensions: none of them is the panel. */
const WEB_SCHEMES = new Set(['http', 'https', 'ws', 'wss', 'chrome-extension', 'moz-extension', 'safari-web-extension', 'ms-browser-extension']);

export function loopbackHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  const name = host.toLowerCase().replace(/:\d+$/, '');
  return LOOPBACK_NAMES.has(name);
}

/** The helper's own origins: where it serves the browser build of the panel. */
export function ownOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`];
}

/**
 * Admits a request by its Host and Origin headers. Accepted: no Origin (a CLI, Lightroom's LrHttp, a
 * native client), the helper's own origins, the configured extra origins, and every origin that is no web
 * page's: `null` and `file:` (a plug-in's local page, as a UXP panel may send), and schemes no browser
 * gives a page (an app's own). Refused: every other http(s) and ws(s) origin, and browser extensions.
 */
export function admit(headers: { host?: string | undefined; origin?: string | undefined }, port: number, extraOrigins: readonly string[] = []): Admission {
  if (!loopbackHost(headers.host)) {
    return {
      ok: false,
      status: 421,
      reason: `Host ${JSON.stringify(headers.host ?? '')} is not a loopback name: the helper answers only 127.0.0.1 and localhost`,
    };
  }
  const origin = headers.origin;
  if (origin === undefined) return { ok: true };
  const normalized = origin.toLowerCase();
  if (ownOrigins(port).includes(normalized) || extraOrigins.some((o) => o.toLowerCase() === normalized)) return { ok: true };
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(normalized)?.[1];
  if (scheme === undefined || !WEB_SCHEMES.has(scheme)) return { ok: true };
  return {
    ok: false,
    status: 403,
    reason: `Origin ${origin} may not use the helper: web pages are refused. If this is the Threefold panel, start the helper with: threefold helper --allow-origin ${origin}`,
  };
}

/** What the helper knows of an open connection when another one asks to come in. */
export interface OpenClient {
  paired: boolean;
  /** Said hello (a client that is waiting for its pairing code), as against one that has said nothing. */
  spoke: boolean;
  openedAt: number;
}

export type Room<T> = { admit: true; evict?: T } | { admit: false; reason: string };

/**
 * Makes room for a new connection. Every new connection is unpaired until its hello shows a token, so
 * unpaired ones never refuse it: once `maxUnpaired` wait (or all `maxConnections` are open), the one that
 * has waited longest gives way, a silent one before one waiting for its code. A client with a valid token
 * is thus always admitted; only `maxConnections` paired clients at once refuse another.
 */
export function makeRoom<T extends OpenClient>(open: readonly T[], limits: { maxConnections: number; maxUnpaired: number }): Room<T> {
  const unpaired = open.filter((c) => !c.paired);
  if (open.length < limits.maxConnections && unpaired.length < limits.maxUnpaired) return { admit: true };
  if (unpaired.length === 0) return { admit: false, reason: `${limits.maxConnections} paired clients are connected already` };
  const evict = unpaired.reduce((a, b) => (a.spoke !== b.spoke ? (a.spoke ? b : a) : b.openedAt < a.openedAt ? b : a));
  return { admit: true, evict };
}
