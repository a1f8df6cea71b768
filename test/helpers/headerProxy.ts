import http from 'node:http';

/** A request as it reached the proxy: method, path with query, and lower-case headers. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

/**
 * An HTTP proxy in front of an S3 server that records every request's headers and can add headers to the
 * answers of HEAD requests: the server-side encryption a store such as AWS reports, which Swift's s3api
 * does not echo.
 */
export interface HeaderProxy {
  readonly endpoint: string;
  readonly seen: readonly SeenRequest[];
  /** Headers every HEAD answer gets from now on ({} for none). */
  reportOnHead(headers: Record<string, string>): void;
  close(): Promise<void>;
}

export async function startHeaderProxy(target: string): Promise<HeaderProxy> {
  const upstream = new URL(target);
  const seen: SeenRequest[] = [];
  let onHead: Record<string, string> = {};
  const server = http.createServer((request, response) => {
    seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
    const forward = http.request(
      { host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, { ...answer.headers, ...(request.method === 'HEAD' && answer.statusCode === 200 ? onHead : {}) });
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
    seen,
    reportOnHead(headers) {
      onHead = headers;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
