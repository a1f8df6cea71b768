/** Server-side encryption a destination asks its store for on every object it writes. */
export const SSE_ALGORITHMS = ['AES256', 'aws:kms'] as const;
export type SseAlgorithm = (typeof SSE_ALGORITHMS)[number];

export interface ServerSideEncryption {
  algorithm: SseAlgorithm;
  /** aws:kms only: the key (id, ARN or alias); absent, the store's default KMS key for S3. */
  kmsKeyId?: string | undefined;
}

/** What a store said of an object's encryption (HeadObject's `x-amz-server-side-encryption` and KMS key). */
export interface ReportedEncryption {
  algorithm?: string | undefined;
  kmsKeyId?: string | undefined;
}

/** `--sse` and `--kms-key-id` as a destination's setting, or what to fix. */
export function parseServerSideEncryption(
  algorithm: string | undefined,
  kmsKeyId: string | undefined,
): { ok: true; sse: ServerSideEncryption | undefined } | { ok: false; error: string } {
  if (algorithm === undefined) {
    return kmsKeyId === undefined ? { ok: true, sse: undefined } : { ok: false, error: '--kms-key-id goes with --sse aws:kms' };
  }
  const known = SSE_ALGORITHMS.find((a) => a.toLowerCase() === algorithm.toLowerCase());
  if (known === undefined) return { ok: false, error: `unknown server-side encryption "${algorithm}": choose AES256 (keys kept by the store) or aws:kms` };
  if (known !== 'aws:kms' && kmsKeyId !== undefined) return { ok: false, error: '--kms-key-id goes with --sse aws:kms, not AES256' };
  if (kmsKeyId !== undefined && kmsKeyId.trim() === '') return { ok: false, error: '--kms-key-id is empty' };
  return { ok: true, sse: { algorithm: known, ...(kmsKeyId !== undefined ? { kmsKeyId: kmsKeyId.trim() } : {}) } };
}

/** The request headers of a PutObject or CreateMultipartUpload that asks for it. */
export function encryptionHeaders(sse: ServerSideEncryption | undefined): Record<string, string> {
  if (sse === undefined) return {};
  return {
    'x-amz-server-side-encryption': sse.algorithm,
    ...(sse.kmsKeyId !== undefined ? { 'x-amz-server-side-encryption-aws-kms-key-id': sse.kmsKeyId } : {}),
  };
}

/** A KMS key named by its id or ARN (an alias names no key a store reports back). */
const namesKey = (id: string): boolean => !id.startsWith('alias/') && !id.includes(':alias/');

/**
 * Why a stored object does not have the encryption its destination asked for, or undefined when it does
 * (or when the store does not say). A store that reports encryption on every HEAD (AWS: every object is
 * encrypted there) and says nothing has not encrypted it; others (Swift's s3api encrypts at rest and says
 * nothing) are taken at their word only where they speak.
 */
export function encryptionProblem(requested: ServerSideEncryption | undefined, reported: ReportedEncryption, storeAlwaysReports: boolean): string | undefined {
  if (requested === undefined) return undefined;
  if (reported.algorithm === undefined) {
    return storeAlwaysReports ? `the store reports no server-side encryption for it, though ${requested.algorithm} was asked for` : undefined;
  }
  if (reported.algorithm !== requested.algorithm) {
    return `the store encrypted it with ${reported.algorithm}, not ${requested.algorithm} as asked (is a bucket default overriding it?)`;
  }
  const wanted = requested.kmsKeyId;
  const got = reported.kmsKeyId;
  if (wanted !== undefined && got !== undefined && namesKey(wanted) && got !== wanted && !got.endsWith(`/${wanted}`)) {
    return `the store encrypted it with KMS key ${got}, not ${wanted} as asked`;
  }
  return undefined;
}
