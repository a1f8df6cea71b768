import fs from 'node:fs';
import type http from 'node:http';
import type { Catalog } from '../catalog/catalog';
import { loadConfig } from '../config/config';
import { jobHtmlReport } from '../reports/jobReports';
import { admit } from './admission';
import { TOKEN_HEADER } from './httpApi';
import { tokenIsValid } from './pairing';
import { asRefusal, Refusal } from './refusal';
import type { ReportLinks } from './reportLinks';

/** `GET /reports/job-12.html`: a finished job's HTML report, to a client that shows its token. */
const ROUTE = /^\/reports\/job-(\d{1,15})\.html$/;

export function reportUrl(jobId: number): string {
  return `/reports/job-${jobId}.html`;
}

/** The report's URL with a short-lived key (./reportLinks.ts): what a browser opens. */
export function reportLink(jobId: number, key: string): string {
  return `${reportUrl(jobId)}?key=${encodeURIComponent(key)}`;
}

export function isReportPath(pathname: string): boolean {
  return ROUTE.test(pathname);
}

/**
 * Serves a job's report: loopback Host and no web Origin, GET, and a token the catalog holds (in the
 * `X-Threefold-Token` header) or a live key of this job's report link (`?key=`). The page is served with a
 * policy that lets it fetch nothing and send no referrer (the key stays in the address bar).
 */
export async function serveReport(
  ctx: { home: string; catalog: Catalog; reportLinks: ReportLinks; port(): number; extraOrigins?: readonly string[] | undefined; log(line: string): void },
  url: string,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  try {
    const admission = admit(req.headers, ctx.port(), ctx.extraOrigins);
    if (!admission.ok) throw new Refusal('unauthorized', admission.reason, admission.status);
    const { pathname, searchParams } = new URL(url, 'http://127.0.0.1');
    if (req.method !== 'GET') throw new Refusal('bad-request', `${req.method} ${pathname}: reports are read with GET`, 405);
    const jobId = Number(ROUTE.exec(pathname)![1]);
    const token = req.headers[TOKEN_HEADER];
    const key = searchParams.get('key');
    const admitted = key !== null ? ctx.reportLinks.opens(jobId, key) : typeof token === 'string' && tokenIsValid(ctx.catalog, token.trim());
    if (!admitted) {
      throw new Refusal(
        'unauthorized',
        key !== null ? 'this report link has expired: open the report again from Threefold' : `pair first, then send the token in the ${TOKEN_HEADER} header`,
        401,
      );
    }
    const file = await jobHtmlReport({ home: ctx.home, config: await loadConfig(ctx.home), catalog: ctx.catalog }, jobId);
    const size = fs.statSync(file).size;
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': size,
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      'referrer-policy': 'no-referrer',
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
