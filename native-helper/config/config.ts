import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { MEDIA_PATTERN } from '../../src/config/destinationFields';
import { notificationSettingsSchema } from '../../src/notify/notificationSettings';
import { type AutomationSettings, automationFieldsSchema, automationSchema, type Plan, planSchema } from '../../src/plans/planConfig';
import { REPORT_FORMATS } from '../../src/reports/reportDocument';
import { DEFAULT_POLICY, DEFAULT_SOURCE_MEDIA, policyProblem } from '../../src/policy/policy';
import { type DestinationConfig, destinationSchema, localFolderOf } from '../destinations/backends';
import { UserError } from '../errors';
import { writeFileAtomic } from '../fsutil/writeFileAtomic';

const configSchema = z.object({
  policy: z
    .object({
      copies: z.number().int().min(1),
      media: z.number().int().min(0),
      offsite: z.number().int().min(0),
    })
    .default({ ...DEFAULT_POLICY }),
  sourceMedia: z.string().regex(MEDIA_PATTERN).default(DEFAULT_SOURCE_MEDIA),
  destinations: z.array(destinationSchema).default([]),
  notifications: notificationSettingsSchema.optional(),
  /** Optional, so a configuration written before plans (and one a test writes) stays whole. */
  plans: z.array(planSchema).optional(),
  automation: automationFieldsSchema.optional(),
  /** Cloud transfers' bandwidth limit, in rclone's `--bwlimit` form (`20M`, `08:00,10M 19:00,off`). */
  bwlimit: z.string().optional(),
  /** A scrub's defaults (`threefold scrub`): its cycle in days, its read budget (`50MB/s`), its hours (`01:00-06:00`). */
  scrub: z.object({ days: z.number().int().min(1).optional(), budget: z.string().optional(), hours: z.string().optional() }).optional(),
  // Every job's report, written when it ends (none with no formats), and how long reports are kept; see reportSettings.
  reports: z
    .object({
      dir: z.string().min(1).optional(),
      formats: z.array(z.enum(REPORT_FORMATS)).optional(),
      keepDays: z.number().int().min(1).optional(),
    })
    .optional(),
});

export type ThreefoldConfig = z.infer<typeof configSchema>;
export type { DestinationConfig, LocalDestinationConfig, S3DestinationConfig } from '../destinations/backends';
export { destinationWhere } from '../destinations/backends';
export { MEDIA_PATTERN, NAME_PATTERN } from '../../src/config/destinationFields';

/** The home's plans (none when the file has none). */
export function plansOf(config: ThreefoldConfig): Plan[] {
  return config.plans ?? [];
}

/** How plans behave, with the defaults for what config.json leaves out. */
export function automationOf(config: ThreefoldConfig): AutomationSettings {
  return config.automation ?? automationSchema.parse(undefined);
}

/** The folders on this machine destinations write to: never walked as sources. */
export function localDestinationFolders(destinations: readonly DestinationConfig[]): string[] {
  return destinations.flatMap((d) => localFolderOf(d) ?? []);
}

export const configPath = (home: string): string => path.join(home, 'config.json');
export const catalogPath = (home: string): string => path.join(home, 'catalog.sqlite');

/** Reads config.json; a home without one has the defaults. */
export async function loadConfig(home: string): Promise<ThreefoldConfig> {
  const file = configPath(home);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return configSchema.parse({});
    throw new UserError(`cannot read ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new UserError(`${file} is not a valid Threefold configuration:\n${issues.join('\n')}`);
  }
  const config = parsed.data;
  const problem = policyProblem(config.policy) ?? duplicateDestinationProblem(config.destinations);
  if (problem) throw new UserError(`${file}: ${problem}`);
  return config;
}

export async function saveConfig(home: string, config: ThreefoldConfig): Promise<void> {
  await fs.mkdir(home, { recursive: true, mode: 0o700 });
  await writeFileAtomic(configPath(home), `${JSON.stringify(config, null, 2)}\n`, 0o600);
}

function duplicateDestinationProblem(destinations: DestinationConfig[]): string | undefined {
  const names = new Set<string>();
  for (const d of destinations) {
    if (names.has(d.name)) return `two destinations are named "${d.name}"`;
    names.add(d.name);
  }
  return undefined;
}

/** The destinations named by `--to`/`--dest`, or all of them; an unknown name is a usage error. */
export function selectDestinations(all: readonly DestinationConfig[], only: readonly string[] | undefined): DestinationConfig[] {
  if (!only || only.length === 0) return [...all];
  const unknown = only.filter((name) => !all.some((d) => d.name === name));
  if (unknown.length > 0) {
    throw new UserError(`unknown destination ${unknown.join(', ')} (configured: ${all.map((d) => d.name).join(', ') || 'none'})`);
  }
  return all.filter((d) => only.includes(d.name));
}
