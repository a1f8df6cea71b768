import { S3Client } from '@aws-sdk/client-s3';
import type { S3DestinationConfig } from './s3Config';

export interface S3AccessKeys {
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * One client per destination. Failed requests are retried by the SDK's standard retry strategy
 * (exponential backoff with jitter on network errors, 5xx and throttling; request bodies here are
 * buffers, so a retried part is re-sent whole): we rely on it rather than retrying ourselves.
 */
export function createS3Client(config: S3DestinationConfig, keys?: S3AccessKeys): S3Client {
  // The SDK warns on Node 20 that its releases from 2027 will need Node 22. The version pinned here
  // supports Node 20, which Threefold supports; the warning would only clutter every command's output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const client = new S3Client({
    region: config.region,
    ...(config.endpoint !== undefined ? { endpoint: config.endpoint } : {}),
    forcePathStyle: config.pathStyle,
    // Without explicit keys: the standard AWS chain (environment, shared files with this profile, SSO, IMDS…).
    ...(keys ? { credentials: keys } : config.profile !== undefined ? { profile: config.profile } : {}),
    // Third-party stores reject the SDK's default aws-chunked CRC uploads, and on AWS a CRC on parts of an
    // upload created without a checksum algorithm can fail at completion: Content-MD5 guards every part.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 6,
    // The SDK's default sends bodies of 2 MB or more (every part) with `Expect: 100-continue`, each on a
    // new connection of its own (keep-alive off) that waits a round trip before sending: no header.
    expectContinueHeader: false,
    // A black-holed endpoint fails (and is retried) instead of hanging; a stalled transfer likewise.
    requestHandler: { connectionTimeout: 10_000, socketTimeout: 120_000 },
  });
  skipPayloadSigningWhereMd5Guards(client);
  return client;
}

/**
 * Over plain HTTP the SDK signs a SHA-256 of every body: a second full hash of each part, which on a
 * small machine costs more CPU than the upload itself. A request that carries Content-MD5 is already
 * guarded: the MD5 header is signed and the store checks the body against it, so the body need not be
 * signed again (UNSIGNED-PAYLOAD, as the SDK itself does over HTTPS).
 */
function skipPayloadSigningWhereMd5Guards(client: S3Client): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { ContentMD5?: string };
      const request = args.request as { headers?: Record<string, string> } | undefined;
      if (input.ContentMD5 && request?.headers) request.headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
      return next(args);
    },
    { step: 'build', name: 'threefoldUnsignedPayloadWithMd5' },
  );
}
