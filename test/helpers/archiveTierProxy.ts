import http from 'node:http';

/** How an archived object answers: not asked back yet, being brought back, or back for a while. */
export type ArchiveState = 'archived' | 'restoring' | 'restored';

/**
 * An HTTP proxy in front of the S3 test server (Swift, which knows only the STANDARD storage class) that
 * makes the objects whose key contains `match` look archived in `storageClass`, as S3 answers then: a HEAD
 * with `x-amz-storage-class` (and `x-amz-restore` once asked), a GET refused with 403 InvalidObjectState
 * until restored, and a `POST ?restore` answered 202 (the object then reads as being restored).
 */
export interface ArchiveTierProxy {
  readonly endpoint: string;
  /** RestoreObject requests received. */
  readonly restoreRequests: number;
  archive(match: string | undefined, storageClass?: string): void;
  /** Sets the state of every archived object (a restore request moves one from `archived` to `restoring`). */
  setState(state: ArchiveState): void;
  close(): Promise<void>;
}

export async function startArchiveTierProxy(target: string): Promise<ArchiveTierProxy> {
  const upstream = new URL(target);
  let match: string | undefined;
  let storageClass = 'GLACIER';
  let initial: ArchiveState = 'archived';
  /** Each object's own state once a restore was asked for it. */
  const states = new Map<string, ArchiveState>();
  let restoreRequests = 0;
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://proxy');
    const segments = url.pathname.split('/').filter(Boolean);
    const archived = match !== undefined && segments.length > 1 && decodeURIComponent(url.pathname).includes(match);
    const state = states.get(url.pathname) ?? initial;
    if (archived && request.method === 'POST' && url.searchParams.has('restore')) {
      restoreRequests++;
      if (state === 'archived') states.set(url.pathname, 'restoring');
      request.resume();
      response.writeHead(202).end();
      return;
    }
    if (archived && request.method === 'GET' && state !== 'restored') {
      request.resume();
      const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InvalidObjectState</Code><Message>The operation is not valid for the object's storage class</Message></Error>`;
      response.writeHead(403, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) }).end(body);
      return;
    }
    const forward = http.request(
      { host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: request.headers },
      (answer) => {
        const headers = { ...answer.headers };
        if (archived && request.method === 'HEAD') {
          headers['x-amz-storage-class'] = storageClass;
          if (state === 'restoring') headers['x-amz-restore'] = 'ongoing-request="true"';
          if (state === 'restored') headers['x-amz-restore'] = 'ongoing-request="false", expiry-date="Fri, 01 Jan 2100 00:00:00 GMT"';
        }
        response.writeHead(answer.statusCode ?? 502, headers);
        answer.pipe(response);
      },
    );
    forward.on('error', () => response.destroy());
    request.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    get restoreRequests() {
      return restoreRequests;
    },
    archive(on, cls = 'GLACIER') {
      match = on;
      storageClass = cls;
    },
    setState(next) {
      initial = next;
      states.clear();
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
