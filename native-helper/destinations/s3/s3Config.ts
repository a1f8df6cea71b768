import { z } from 'zod';
import { mediaSchema, nameSchema } from '../../../src/config/destinationFields';
import { encryptionSchema } from '../crypt/encryptionConfig';

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
  pathStyle: z.boolean().default(false),
  media: mediaSchema.default('cloud'),
  offsite: z.boolean().default(true),
  /** Client-side encryption (`dest add --encrypt`): objects are age files encrypted to its recipient. */
  encryption: encryptionSchema.optional(),
});

export type S3DestinationConfig = z.infer<typeof s3DestinationSchema>;
