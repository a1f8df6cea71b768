import { z } from 'zod';

/** The fields every destination's configuration has, whatever its kind. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const MEDIA_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;

export const nameSchema = z.string().regex(NAME_PATTERN, 'a name is letters, digits, ".", "_" or "-" (at most 64)');
export const mediaSchema = z.string().regex(MEDIA_PATTERN, 'a media label is lowercase letters, digits or "-" (ssd, hdd, raid, nas, lto, cloud, …)');

/** What the catalog, the policy and `dest list` know of any destination. */
export interface BaseDestinationConfig {
  name: string;
  kind: string;
  media: string;
  offsite: boolean;
}
