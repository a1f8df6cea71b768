import path from 'node:path';
import { z } from 'zod';
import { mediaSchema, nameSchema } from '../../src/config/destinationFields';

/** A folder on this machine: an external disk, a RAID, a NAS mount. */
export const localDestinationSchema = z.object({
  name: nameSchema,
  kind: z.literal('local'),
  path: z
    .string()
    .min(1)
    .refine((p) => path.isAbsolute(p), 'a destination folder is an absolute path (/Volumes/Backup, D:\\Backup)'),
  media: mediaSchema,
  offsite: z.boolean().default(false),
});

export type LocalDestinationConfig = z.infer<typeof localDestinationSchema>;
