import fs from 'node:fs';
import type http from 'node:http';
import type { Catalog } from '../catalog/catalog';
import { loadConfig } from '../config/config';
import { jobHtmlReport } from '../reports/jobReports';
import { admit } from './admission';
import { TOKEN_HEADER } from './httpApi';
import { tokenIsValid } from './pairing';
import { asRefusal, Refusal } from './refusal';

/** `GET /reports/job-12.html`: a finished job's HTML report, to a client that shows its token. */
const ROUTE = /^\/reports\/job-(\d{1,15})\.html$/;

export function reportUrl(jobId: number): string {
  return `/reports/job-${jobId}.html`;
}

export function isReportPath(pathname: string): boolean {
  return ROUTE.test(pathname);
}

/**
 * Serves a job's report: loopback Host and no web Origin, GET, a token the catalog holds (in the
 * `X-Threefold-Token` header). The page is served with a policy that lets it fetch nothing.
 */
export async function serveReport(
  ctx: { home: string; catalog: Catalog; port(): number; extraOrigins?: readonly string[] | undefined; log(line: string): void },
  pathname: string,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  try {
    const admission = admit(req.headers, ctx.port(), ctx.extraOrigins);
    if (!admission.ok) throw new Refusal('unauthorized', admission.reason, admission.status);
    if (req.method !== 'GET') throw new Refusal('bad-request', `${req.method} ${pathname}: reports are read with GET`, 405);
    const token = req.headers[TOKEN_HEADER];
    if (typeof token !== 'string' || !tokenIsValid(ctx.catalog, token.trim())) {
      throw new Refusal('unauthorized', `pair first, then send the token in the ${TOKEN_HEADER} header`, 401);
    }
    const jobId = Number(ROUTE.exec(pathname)![1]);
    const file = await jobHtmlReport({ home: ctx.home, config: await loadConfig(ctx.home), catalog: ctx.catalog }, jobId);
    const size = fs.statSync(file).size;
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': size,
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    });
    // A report removed or unreadable after the stat: the answer is cut short, the helper goes on.
    fs.createReadStream(file)
      .on('error', (error) => {
        ctx.log(`report ${jobId}: ${error.message}`);
        res.destroy();
      })
      .pipe(res);
  } catch (error) {
    const refusal = asRefusal(error, ctx.log, 'a report request');
    const status = refusal.code === 'failed' ? 404 : refusal.status;
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${refusal.message}\n`);
  }
}
