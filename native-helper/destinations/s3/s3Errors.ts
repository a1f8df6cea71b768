/**
 * What went wrong with an S3 request, in words a user can act on. Never includes anything secret: SDK
 * and server messages are only quoted for errors we do not recognise, and those carry no keys.
 */
interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  errors?: Array<{ code?: string }>;
  $metadata?: { httpStatusCode?: number };
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'TimeoutError',
]);

export function statusOf(error: unknown): number | undefined {
  return (error as SdkError)?.$metadata?.httpStatusCode;
}

function nameOf(error: unknown): string {
  const e = error as SdkError;
  return e?.name ?? '';
}

/**
 * A network failure's code. An AggregateError (several addresses tried) carries its first one; an error
 * the SDK had to wrap (one from another realm, under jest) keeps it only in its message.
 */
function networkCode(error: unknown): string | undefined {
  const e = error as SdkError;
  const code = e?.code ?? e?.errors?.[0]?.code ?? (e?.name === 'TimeoutError' ? 'TimeoutError' : undefined);
  if (code !== undefined && UNREACHABLE_CODES.has(code)) return code;
  return [...(e?.message ?? '').matchAll(/\bE[A-Z_]+\b/g)].map((m) => m[0]).find((c) => UNREACHABLE_CODES.has(c));
}

export const isNotFound = (error: unknown): boolean => statusOf(error) === 404 || ['NotFound', 'NoSuchKey', 'NoSuchBucket'].includes(nameOf(error));

/** The store's own answer that the bucket does not exist (a HEAD's bare 404 is not enough). */
export const isNoSuchBucket = (error: unknown): boolean => nameOf(error) === 'NoSuchBucket';

export const isNoSuchUpload = (error: unknown): boolean => nameOf(error) === 'NoSuchUpload';

/** A ranged read that starts at or past the object's end (416). */
export const isInvalidRange = (error: unknown): boolean => statusOf(error) === 416 || nameOf(error) === 'InvalidRange';

/** The store does not know a request header (a conditional write, say). */
export const isNotImplemented = (error: unknown): boolean => statusOf(error) === 501 || nameOf(error) === 'NotImplemented';

/** A conditional write lost: the object exists (412), or another writer is creating it right now (409). */
export const isPreconditionFailed = (error: unknown): boolean =>
  statusOf(error) === 412 || ['PreconditionFailed', 'ConditionalRequestConflict'].includes(nameOf(error));

export function describeS3Error(error: unknown, where: { endpoint: string; bucket: string; region: string }): string {
  const code = networkCode(error);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return `cannot reach ${where.endpoint}: its host name does not resolve (${code}); check the endpoint and the network`;
  if (code !== undefined) return `cannot reach ${where.endpoint} (${code}); check the endpoint, the network or a firewall`;
  const name = nameOf(error);
  const status = statusOf(error);
  switch (name) {
    case 'NoSuchBucket':
      return `bucket ${where.bucket} does not exist at ${where.endpoint}`;
    case 'InvalidAccessKeyId':
      return `${where.endpoint} does not know this access key id (wrong credentials, or credentials for another store?)`;
    case 'SignatureDoesNotMatch':
      return `the secret access key does not match the access key id (wrong secret key?)`;
    case 'RequestTimeTooSkewed':
      return `this computer's clock is too far from ${where.endpoint}'s; set the clock right (automatic time) and try again`;
    case 'PermanentRedirect':
    case 'AuthorizationHeaderMalformed':
    case 'IllegalLocationConstraintException':
      return `bucket ${where.bucket} is not in region ${where.region}; set the destination's region to the bucket's`;
    case 'CredentialsProviderError':
      return `no S3 credentials found (environment variables, the shared AWS credentials file or its profile): ${(error as SdkError).message ?? ''}`;
    case 'AccessDenied':
    case 'Forbidden':
      return `access denied to bucket ${where.bucket} (wrong credentials, or they lack permission for it)`;
  }
  if (status === 403) return `access denied to bucket ${where.bucket} (wrong credentials, or they lack permission for it)`;
  if (status === 301) return `bucket ${where.bucket} is not in region ${where.region}; set the destination's region to the bucket's`;
  const message = (error as SdkError)?.message;
  const label = [name && name !== 'Error' ? name : undefined, status !== undefined ? `HTTP ${status}` : undefined].filter(Boolean).join(', ');
  return `${message ?? String(error)}${label ? ` (${label})` : ''}`;
}
