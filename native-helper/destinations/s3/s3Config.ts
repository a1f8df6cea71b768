import { z } from 'zod';
import { mediaSchema, nameSchema } from '../../../src/config/destinationFields';
import { encryptionSchema } from '../crypt/encryptionConfig';
import { SSE_ALGORITHMS, type ServerSideEncryption } from '../../../src/providers/serverSideEncryption';

/** A bucket (and key prefix) on AWS S3 or any S3-compatible store. Credentials never live here. */
export const s3DestinationSchema = z.object({
  name: nameSchema,
  kind: z.literal('s3'),
  bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'a bucket name is 3 to 63 lowercase letters, digits, "." or "-"'),
  /** Keys go under this prefix: '' or 'threefold' (no leading or trailing slash). */
  prefix: z
    .string()
    .regex(/^(?:[^/]+(?:\/[^/]+)*)?$/, 'a prefix has no leading, trailing or doubled "/"')
    .default(''),
  /** Absent for AWS itself. */
  endpoint: z.url().optional(),
  region: z.string().min(1).default('us-east-1'),
  /** A profile of the shared AWS config and credentials files. */
  profile: z.string().min(1).optional(),
  /** Where `dest add --access-key-id` stored the key pair (never the keys): the keychain, or `profile` in the shared credentials file. */
  credentials: z.enum(['keychain', 'aws-credentials-file']).optional(),
  /** With credentials keychain: the account of the entry (absent in configs from before, where it is the name). */
  account: z.string().min(1).optional(),
  pathStyle: z.boolean().default(false),
  /** Server-side encryption asked for on every object written (absent: the bucket's default). */
  sse: z.enum(SSE_ALGORITHMS).optional(),
  /** With sse aws:kms: the KMS key (absent: the store's default key for S3). */
  kmsKeyId: z.string().min(1).optional(),
  /** The storage class copies are written in (absent: STANDARD); records, manifests and probes stay STANDARD. */
  storageClass: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'a storage class is capital letters, digits and "_" (STANDARD_IA, GLACIER_IR, DEEP_ARCHIVE…)')
    .optional(),
  media: mediaSchema.default('cloud'),
  offsite: z.boolean().default(true),
  /** Client-side encryption (`dest add --encrypt`): objects are age files encrypted to its recipient. */
  encryption: encryptionSchema.optional(),
});

export type S3DestinationConfig = z.infer<typeof s3DestinationSchema>;

/** The encryption a destination asks for, as one value. */
export function destinationEncryption(config: Pick<S3DestinationConfig, 'sse' | 'kmsKeyId'>): ServerSideEncryption | undefined {
  return config.sse === undefined ? undefined : { algorithm: config.sse, ...(config.kmsKeyId !== undefined ? { kmsKeyId: config.kmsKeyId } : {}) };
}
