import { z } from 'zod';

/** A destination's client-side encryption in config.json: what its objects are encrypted to and where its key is, never the key. */
export const encryptionSchema = z.object({
  /** The age recipient (`age1…`) every object is encrypted to. */
  recipient: z.string().regex(/^age1[02-9ac-hj-np-z]{58}$/, 'an age recipient is age1 followed by 58 Bech32 characters'),
  /** Object keys are encrypted too, so the store's listing shows no file or folder name. */
  names: z.boolean().default(false),
  /** Where the identity is: the OS keychain, or an identity file (mode 0600) under the user's home. */
  key: z.enum(['keychain', 'file']),
});

export type EncryptionConfig = z.infer<typeof encryptionSchema>;
