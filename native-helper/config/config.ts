import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_POLICY, DEFAULT_SOURCE_MEDIA, policyProblem } from '../../src/policy/policy';
import { UserError } from '../errors';
import { writeFileAtomic } from '../fsutil/writeFileAtomic';

export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const MEDIA_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;

const nameSchema = z.string().regex(NAME_PATTERN, 'a name is letters, digits, ".", "_" or "-" (at most 64)');
const mediaSchema = z.string().regex(MEDIA_PATTERN, 'a media label is lowercase letters, digits or "-" (ssd, hdd, raid, nas, lto, cloud, …)');

const localDestinationSchema = z.object({
  name: nameSchema,
  kind: z.literal('local'),
  path: z
    .string()
    .min(1)
    .refine((p) => path.isAbsolute(p), 'a destination folder is an absolute path (/Volumes/Backup, D:\\Backup)'),
  media: mediaSchema,
  offsite: z.boolean().default(false),
});

/** A bucket (and key prefix) on AWS S3 or any S3-compatible store. Credentials never live here. */
const s3DestinationSchema = z.object({
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
  pathStyle: z.boolean().default(false),
  media: mediaSchema.default('cloud'),
  offsite: z.boolean().default(true),
});

const destinationSchema = z.discriminatedUnion('kind', [localDestinationSchema, s3DestinationSchema]);

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
});

export type ThreefoldConfig = z.infer<typeof configSchema>;
export type DestinationConfig = z.infer<typeof destinationSchema>;
export type LocalDestinationConfig = z.infer<typeof localDestinationSchema>;
export type S3DestinationConfig = z.infer<typeof s3DestinationSchema>;

/** The folders local destinations write to: never walked as sources. */
export function localDestinationFolders(destinations: readonly DestinationConfig[]): string[] {
  return destinations.flatMap((d) => (d.kind === 'local' ? [d.path] : []));
}

/** Where a destination is, in words: a folder, or s3://bucket/prefix. */
export function destinationWhere(d: DestinationConfig): string {
  return d.kind === 'local' ? d.path : `s3://${d.bucket}/${d.prefix}`;
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

/** One destination from the command line, checked as config.json would be. */
export function parseDestination(candidate: unknown): DestinationConfig {
  const parsed = destinationSchema.safeParse(candidate);
  if (parsed.success) return parsed.data;
  throw new UserError(parsed.error.issues.map((i) => `${i.path.join('.') || 'destination'}: ${i.message}`).join('; '));
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
