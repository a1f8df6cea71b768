import http from 'node:http';
import https from 'node:https';
import type { S3Client } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import { creationHeaders, type ObjectCreation } from './objectCreation';

/** One body to store: a whole object (PutObject) or one part of a multipart upload (UploadPart). */
export interface PutBody {
  /** The object key in the bucket (the destination's prefix included). */
  objectKey: string;
  body: Buffer;
  /** Base64 MD5 of `body`: sent as Content-MD5 (the store refuses a body that does not match it). */
  contentMd5: string;
  /** For a part: its upload and number. */
  part?: { uploadId: string; partNumber: number };
  /** For a whole object: its user metadata (`x-amz-meta-*`). */
  metadata?: Record<string, string>;
  /** For a whole object: its server-side encryption and storage class. */
  creation?: ObjectCreation;
}

/** Sends a body and returns the store's ETag. */
export type PutSender = (put: PutBody) => Promise<string | undefined>;

export interface DirectPut {
  send: PutSender;
  destroy(): void;
}

/** Where the bucket is and how to sign for it, resolved once per destination. */
interface BucketEndpoint {
  protocol: 'http:' | 'https:';
  hostname: string;
  port: string;
  host: string;
  /** The bucket's path on the host: `/bucket` (path style) or empty (virtual-hosted style). */
  basePath: string;
  headers: Record<string, string>;
  signingName: string;
  signingRegion: string;
}

const CONNECTION_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 120_000;
/** As the SDK's own agents: connections kept for the next request, at most 50 at once. */
const MAX_SOCKETS = 50;

/**
 * The request bodies of an upload (every PutObject and UploadPart) go out through this instead of the
 * SDK's command stack, which costs about 2 to 4 ms of CPU per request: on a small machine uploading small
 * files, more than the hashing of their bytes. It does what the SDK would for these two requests and
 * nothing else: the bucket's URL from the SDK's own endpoint rules, SigV4 with the client's credentials
 * and clock-skew correction, an UNSIGNED-PAYLOAD body guarded by a signed Content-MD5 (see s3Client.ts),
 * keep-alive connections, the client's timeouts, and the client's retry strategy (same attempts, backoff
 * and retry quota as every other request) on network errors, throttling and 5xx answers. Failures have the
 * SDK's shape (`name` = the S3 error code, `$metadata.httpStatusCode`), so they read the same to the
 * user. Endpoints the SDK signs otherwise (SigV4a, S3 Express) go through `fallback`, the SDK.
 */
export function createDirectPut(client: S3Client, bucket: string, fallback: PutSender): DirectPut {
  const agents = { http: new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS }), https: new https.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS }) };
  let endpoint: Promise<BucketEndpoint | undefined> | undefined;
  // The SDK's own SigV4 signer, one per signing scope.
  const signers = new Map<string, SignatureV4>();
  const signerFor = (where: BucketEndpoint): SignatureV4 => {
    const id = `${where.signingRegion}\n${where.signingName}`;
    let signer = signers.get(id);
    if (signer === undefined) {
      signer = new SignatureV4({
        credentials: client.config.credentials,
        region: where.signingRegion,
        service: where.signingName,
        sha256: client.config.sha256,
        // S3 signs the path as sent (no second encoding) and the body as UNSIGNED-PAYLOAD.
        uriEscapePath: false,
        applyChecksum: false,
      });
      signers.set(id, signer);
    }
    return signer;
  };

  const attempt = async (where: BucketEndpoint, put: PutBody): Promise<string | undefined> => {
    const path = `${where.basePath}/${encodeKey(put.objectKey)}`;
    const query: Record<string, string> = put.part ? { partNumber: String(put.part.partNumber), uploadId: put.part.uploadId } : {};
    const unsigned: Record<string, string> = {
      ...where.headers,
      host: where.host,
      'content-length': String(put.body.byteLength),
      'content-md5': put.contentMd5,
      'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
    };
    if (!put.part) unsigned['content-type'] = 'application/octet-stream';
    for (const [name, value] of Object.entries(put.metadata ?? {})) unsigned[`x-amz-meta-${name.toLowerCase()}`] = value;
    Object.assign(unsigned, creationHeaders(put.creation));
    const signed = await signerFor(where).sign(
      { method: 'PUT', protocol: where.protocol, hostname: where.hostname, path, query, headers: unsigned },
      { signingDate: new Date(Date.now() + (client.config.systemClockOffset ?? 0)) },
    );
    const headers = signed.headers as Record<string, string>;
    const search = put.part ? `partNumber=${put.part.partNumber}&uploadId=${uriEscape(put.part.uploadId)}` : '';

    const sentAt = Date.now();
    const answer = await request(where, {
      method: 'PUT',
      path: search ? `${path}?${search}` : path,
      headers,
      agent: where.protocol === 'https:' ? agents.https : agents.http,
      body: put.body,
    });
    if (answer.status >= 200 && answer.status < 300) {
      sampleClock(client, answer, sentAt);
      return headerOf(answer.headers.etag);
    }
    const error = storeError(answer);
    sampleClock(client, answer, sentAt, error);
    throw error;
  };

  const send: PutSender = async (put) => {
    endpoint ??= resolveEndpoint(client, bucket);
    const where = await endpoint;
    if (where === undefined) return fallback(put);
    const strategy = await client.config.retryStrategy();
    if (!('acquireInitialRetryToken' in strategy)) return attempt(where, put);
    let token = await strategy.acquireInitialRetryToken('threefold:put');
    for (;;) {
      try {
        const etag = await attempt(where, put);
        strategy.recordSuccess(token);
        return etag;
      } catch (error) {
        const errorType = retryErrorType(error);
        try {
          token = await strategy.refreshRetryTokenForRetry(token, { errorType, ...retryAfter(error) });
        } catch {
          throw error;
        }
      }
    }
  };

  return {
    send,
    destroy: () => {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

/** The bucket's URL as the SDK's endpoint rules give it, when it is signed with plain SigV4. */
async function resolveEndpoint(client: S3Client, bucket: string): Promise<BucketEndpoint | undefined> {
  const config = client.config;
  const custom = config.isCustomEndpoint && config.endpoint ? await config.endpoint() : undefined;
  const resolved = config.endpointProvider({
    Bucket: bucket,
    Region: await config.region(),
    UseFIPS: await config.useFipsEndpoint(),
    UseDualStack: await config.useDualstackEndpoint(),
    ForcePathStyle: config.forcePathStyle,
    Accelerate: config.useAccelerateEndpoint,
    UseGlobalEndpoint: typeof config.useGlobalEndpoint === 'function' ? await config.useGlobalEndpoint() : config.useGlobalEndpoint,
    DisableMultiRegionAccessPoints: config.disableMultiregionAccessPoints,
    ...(custom ? { Endpoint: `${custom.protocol}//${custom.hostname}${custom.port ? `:${custom.port}` : ''}${custom.path}` } : {}),
  });
  const scheme = (resolved.properties?.authSchemes as Array<{ name?: string; signingName?: string; signingRegion?: string }> | undefined)?.[0];
  const url = resolved.url;
  if (scheme?.name !== 'sigv4' || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '') return undefined;
  return {
    protocol: url.protocol,
    hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port,
    host: url.host,
    basePath: url.pathname.replace(/\/+$/, ''),
    headers: Object.fromEntries(Object.entries(resolved.headers ?? {}).map(([n, v]) => [n, v.join(',')])),
    signingName: scheme.signingName ?? 's3',
    signingRegion: scheme.signingRegion ?? (await config.region()),
  };
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One HTTP request with the SDK's connection timeout and socket timeout. */
function request(
  where: BucketEndpoint,
  options: { method: string; path: string; headers: Record<string, string>; agent: http.Agent; body: Buffer },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const send = where.protocol === 'https:' ? https.request : http.request;
    const req = send({
      hostname: where.hostname,
      port: where.port,
      method: options.method,
      path: options.path,
      headers: options.headers,
      agent: options.agent,
    });
    let connectTimer: NodeJS.Timeout | undefined;
    const fail = (error: Error): void => {
      clearTimeout(connectTimer);
      reject(error);
    };
    req.on('error', fail);
    req.on('socket', (socket) => {
      if (socket.connecting) {
        connectTimer = setTimeout(() => req.destroy(timeoutError(`no connection within ${CONNECTION_TIMEOUT_MS} ms`)), CONNECTION_TIMEOUT_MS);
        socket.once('connect', () => clearTimeout(connectTimer));
      }
    });
    req.setTimeout(SOCKET_TIMEOUT_MS, () => req.destroy(timeoutError(`the connection was idle for ${SOCKET_TIMEOUT_MS} ms`)));
    req.on('response', (res) => {
      clearTimeout(connectTimer);
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', fail);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      // A connection lost mid-answer: retried like any other network failure.
      res.on('close', () => {
        if (!res.complete) fail(Object.assign(new Error('the connection closed before the whole answer arrived'), { code: 'ECONNRESET' }));
      });
    });
    req.end(options.body);
  });
}

interface StoreError extends Error {
  $metadata: { httpStatusCode: number; clockSkewCorrected?: boolean };
  $response: { headers: http.IncomingHttpHeaders };
}

/** An error answer in the SDK's shape. */
function storeError(answer: Answer): StoreError {
  const field = (name: string): string | undefined => new RegExp(`<${name}>([^<]*)</${name}>`).exec(answer.body)?.[1];
  const code = field('Code');
  return Object.assign(new Error(field('Message') ?? (code ? code : `the store answered HTTP ${answer.status}`)), {
    name: code ?? (answer.status === 404 ? 'NotFound' : 'Unknown'),
    $metadata: { httpStatusCode: answer.status } as StoreError['$metadata'],
    $response: { headers: answer.headers },
  });
}

/**
 * As the SDK does after every answer: the store's Date sets the client's clock offset (used to sign from
 * then on), and an error that a clock off by 4 minutes or more explains becomes worth a retry.
 */
function sampleClock(client: S3Client, answer: Answer, sentAt: number, error?: StoreError): void {
  const before = client.config.systemClockOffset ?? 0;
  const serverTime = Date.parse(headerOf(answer.headers.date) ?? '');
  if (!Number.isFinite(serverTime) || answer.headers.age !== undefined || Date.now() - sentAt > 900_000) return;
  const offset = serverTime - Date.now();
  client.config.systemClockOffset = offset;
  if (error && Math.abs(offset) >= 240_000 && offset !== before) error.$metadata.clockSkewCorrected = true;
}

const THROTTLING_CODES = new Set([
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
]);
const TRANSIENT_CODES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** The SDK's classification (@smithy/core's retry module): only THROTTLING and TRANSIENT are retried. */
function retryErrorType(error: unknown): 'THROTTLING' | 'TRANSIENT' | 'SERVER_ERROR' | 'CLIENT_ERROR' {
  const e = error as Partial<StoreError> & { code?: string };
  const status = e.$metadata?.httpStatusCode;
  if (status === 429 || THROTTLING_CODES.has(e.name ?? '')) return 'THROTTLING';
  if (
    e.$metadata?.clockSkewCorrected ||
    TRANSIENT_CODES.has(e.name ?? '') ||
    NETWORK_CODES.has(e.code ?? '') ||
    (status !== undefined && [500, 502, 503, 504].includes(status))
  ) {
    return 'TRANSIENT';
  }
  return status !== undefined && status >= 500 ? 'SERVER_ERROR' : 'CLIENT_ERROR';
}

function retryAfter(error: unknown): { retryAfterHint?: Date } {
  const value = headerOf((error as Partial<StoreError>).$response?.headers['retry-after']);
  if (value === undefined) return {};
  const seconds = Number(value);
  const at = Number.isFinite(seconds) ? new Date(Date.now() + seconds * 1000) : new Date(value);
  return Number.isNaN(at.getTime()) ? {} : { retryAfterHint: at };
}

function timeoutError(message: string): Error {
  return Object.assign(new Error(message), { name: 'TimeoutError' });
}

const headerOf = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/** RFC 3986 escaping, as SigV4 wants it (and as the SDK escapes the labels of an S3 path). */
const uriEscape = (text: string): string => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** An object key in a path: every segment escaped, the slashes kept (S3 signs the path as sent). */
const encodeKey = (key: string): string => key.split('/').map(uriEscape).join('/');
