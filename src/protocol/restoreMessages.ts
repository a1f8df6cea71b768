/**
 * The protocol's restore and catalog rebuild: what a client asks (request fields, checked like every
 * request) and what a finished job answers (its result, bounded for a job of 100,000 files).
 */
import { z } from 'zod';
import { isHomeId } from '../paths/stateSnapshots';
import type { ClobberRule } from '../restore/existingTarget';

const CLOBBER_RULES = ['beside', 'no-clobber', 'overwrite'] as const satisfies readonly ClobberRule[];

/** Files a restore's result lists at most: the failed first, then the files not protected, then the rest. */
export const RESTORE_FILES_LISTED = 1000;

/** The fields of a `restore` request; `absolutePath` is the protocol's absolute path (messages.ts). */
export function restoreRequestShape(absolutePath: z.ZodType<string>, destinationName: z.ZodType<string>) {
  return {
    /** Files, folders, `.prproj` or `.lrcat` projects, as they were protected. */
    targets: z.array(absolutePath).min(1).max(1000),
    /** A folder to restore under (the sources' layout kept); in place without it. */
    to: absolutePath.optional(),
    /** Only copies on this destination. */
    from: destinationName.optional(),
    /** Answers at once with what would come from where; nothing is queued or written. */
    dryRun: z.boolean().optional(),
    /** Another file at a target: restore beside it (default), leave it and restore nothing there, or replace it. */
    clobber: z.enum(CLOBBER_RULES).optional(),
  };
}

/** The fields of a `catalog.rebuild` request. */
export function rebuildRequestShape(destinationName: z.ZodType<string>) {
  return {
    /** The configured destination to learn from. */
    from: destinationName,
    /** The home whose records to read, when the destination holds several. */
    homeId: z.string().refine(isHomeId, 'must be a home id (32 hexadecimal digits)').optional(),
    /** Reads the ASC MHL history and key owners record only, not the catalog snapshot. */
    historyOnly: z.boolean().optional(),
  };
}

export const RESTORED_FILE_STATES = ['restored', 'would-restore', 'already-there', 'failed', 'not-protected', 'waiting-for-archive'] as const;
export type RestoredFileState = (typeof RESTORED_FILE_STATES)[number];

const restoredFileSchema = z.object({
  /** The source path as recorded. */
  path: z.string(),
  /** Where it is (or would be) written; beside the target when another file is there. */
  target: z.string().nullable(),
  state: z.enum(RESTORED_FILE_STATES),
  /** The destination it came (or would come) from, and the copy's location there. */
  from: z.string().nullable(),
  location: z.string().nullable(),
  bytes: z.number(),
  note: z.string().nullable(),
  attempts: z.array(z.object({ destination: z.string(), location: z.string(), error: z.string() })),
});

/** What a restore did (or, in a dry run, would do), as `threefold restore --json` says it, its files bounded. */
export const restoreOutcomeSchema = z.object({
  dryRun: z.boolean(),
  to: z.string().nullable(),
  totals: z.object({
    files: z.number(),
    bytes: z.number(),
    restored: z.number(),
    alreadyThere: z.number(),
    failed: z.number(),
    notProtected: z.number(),
    waitingForArchive: z.number(),
  }),
  /** At most RESTORE_FILES_LISTED files, those that need attention first. */
  files: z.array(restoredFileSchema),
  /** Files not listed (the catalog keeps every failed one as a job item). */
  filesNotListed: z.number().int().nonnegative(),
  unreachable: z.array(z.object({ destination: z.string(), error: z.string() })),
});

const mergeCountsSchema = z.object({ assets: z.number(), copies: z.number(), keyOwners: z.number(), keptVersions: z.number() });

/** What a catalog rebuild learnt, as `threefold catalog rebuild --json` says it. */
export const rebuildOutcomeSchema = z.object({
  destination: z.string(),
  home: z.string(),
  catalogWasEmpty: z.boolean(),
  snapshot: z.object({ key: z.string(), takenAt: z.string(), added: mergeCountsSchema }).nullable(),
  history: z
    .object({
      generations: z.number(),
      proven: z.number(),
      added: z.object({ assets: z.number(), copies: z.number() }),
      differing: z.number(),
      unproven: z.number(),
    })
    .nullable(),
  notConfigured: z.array(z.object({ name: z.string(), location: z.string(), copies: z.number() })),
});

export type RestoredFileMessage = z.output<typeof restoredFileSchema>;
export type RestoreOutcome = z.output<typeof restoreOutcomeSchema>;
export type RebuildOutcome = z.output<typeof rebuildOutcomeSchema>;

const ATTENTION: Record<RestoredFileState, number> = {
  failed: 0,
  'waiting-for-archive': 1,
  'not-protected': 2,
  restored: 3,
  'would-restore': 3,
  'already-there': 4,
};

/**
 * The files a result lists: at most `max`, the failed first, then those waiting for an archive restore, then those not protected, then the restored
 * and those already there, each group in the order given; and how many are left out.
 */
export function listedRestoreFiles<F extends { state: RestoredFileState }>(files: readonly F[], max = RESTORE_FILES_LISTED): { files: F[]; notListed: number } {
  const ranked = files.map((file, at) => ({ file, at })).sort((a, b) => ATTENTION[a.file.state] - ATTENTION[b.file.state] || a.at - b.at);
  const listed = ranked.slice(0, Math.max(0, max)).map((r) => r.file);
  return { files: listed, notListed: files.length - listed.length };
}
