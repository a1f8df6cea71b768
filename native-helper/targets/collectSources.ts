import fsSync, { type Stats } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describeFsError } from '../errors';
import { PARTIAL_SUFFIX } from '../destinations/localFolder';

export interface SourceFile {
  path: string;
  size: number;
  mtimeMs: number;
}

export interface CollectedSources {
  files: SourceFile[];
  /** Things skipped on purpose (links in a loop, sockets, devices, destination folders). */
  warnings: string[];
  /** Things that should have been read and could not: the job reports them as failures. */
  errors: Array<{ path: string; error: string }>;
}

export type TargetKind = 'folder' | 'file' | 'absent';

/**
 * Stats made one after another before the walk lets the event loop run: on a local disk a stat answers
 * from the kernel's cache in microseconds, and 20,000 promises (one per file) cost three times the CPU.
 */
const SYNC_SLICE = 256;
/**
 * Stats slower than this on average (over 64 or more) come from a file system answering in round trips (a
 * network mount, a cold disk): the rest of the walk stats in parallel, where the waits overlap. A cached
 * local stat takes 2-30 µs, even on a busy machine.
 */
const SLOW_STAT_MS = 0.5;
const JUDGED_AFTER = 64;
/** Stats in flight at once, once in parallel. */
const STAT_BATCH = 64;

export interface CollectOptions {
  /** Tests: the average stat time from which the walk goes parallel. */
  slowStatMs?: number;
}

/** What a target names on disk right now. */
export async function targetKind(target: string): Promise<TargetKind> {
  try {
    const st = await fs.stat(target);
    if (st.isDirectory()) return 'folder';
    if (st.isFile()) return 'file';
    return 'absent';
  } catch {
    return 'absent';
  }
}

/**
 * Every regular file of a folder or file target. Symbolic links are followed, but a folder is never
 * entered twice (a link loop is skipped with a warning), and one file reached by two names is protected once.
 * `excludedFolders` (the destinations' roots) are never entered.
 */
export async function collectSources(
  targets: readonly string[],
  excludedFolders: readonly string[],
  options: CollectOptions = {},
): Promise<CollectedSources> {
  const result: CollectedSources = { files: [], warnings: [], errors: [] };
  const statAll = statter(options.slowStatMs ?? SLOW_STAT_MS);
  const seenFiles = new Set<string>();
  const seenFolders = new Set<string>();
  const excluded = new Set(excludedFolders.map((f) => path.resolve(f)));

  const addFile = (file: string, st: { dev: number; ino: number; size: number; mtimeMs: number }): void => {
    const id = `${st.dev}:${st.ino}`;
    if (seenFiles.has(id)) return;
    seenFiles.add(id);
    result.files.push({ path: file, size: st.size, mtimeMs: st.mtimeMs });
  };

  const walk = async (folder: string, folderId: string): Promise<void> => {
    if (seenFolders.has(folderId)) {
      result.warnings.push(`${folder}: skipped, this folder was already reached (a symbolic link loop?)`);
      return;
    }
    seenFolders.add(folderId);
    if (excluded.has(folder)) {
      result.warnings.push(`${folder}: skipped, it is a Threefold destination`);
      return;
    }
    let names: string[];
    try {
      names = (await fs.readdir(folder)).sort();
    } catch (error) {
      result.errors.push({ path: folder, error: `cannot list this folder: ${describeFsError(error)}` });
      return;
    }
    const entries = names.map((name) => path.join(folder, name));
    const stats = await statAll(entries);
    const subfolders: Array<[string, string]> = [];
    stats.forEach((outcome, j) => {
      const entry = entries[j]!;
      if ('error' in outcome) {
        if (outcome.warnOnly) result.warnings.push(`${entry}: skipped, ${outcome.error}`);
        else result.errors.push({ path: entry, error: outcome.error });
      } else if (outcome.st.isDirectory()) subfolders.push([entry, `${outcome.st.dev}:${outcome.st.ino}`]);
      else if (outcome.st.isFile()) {
        if (!entry.endsWith(PARTIAL_SUFFIX)) addFile(entry, outcome.st);
      } else result.warnings.push(`${entry}: skipped, not a regular file (${kindOf(outcome.st)})`);
    });
    for (const [sub, id] of subfolders) await walk(sub, id);
  };

  for (const target of targets) {
    const outcome = await statEntry(target);
    if ('error' in outcome) {
      result.errors.push({ path: target, error: outcome.error });
    } else if (outcome.st.isDirectory()) {
      await walk(target, `${outcome.st.dev}:${outcome.st.ino}`);
    } else if (outcome.st.isFile()) {
      addFile(target, outcome.st);
    } else {
      result.warnings.push(`${target}: skipped, not a regular file (${kindOf(outcome.st)})`);
    }
  }
  return result;
}

type StatOutcome = { st: Stats } | { error: string; warnOnly: boolean };

/**
 * The stats of a walk's entries: synchronously, a slice at a time, until they prove slow; from then on, for
 * the rest of the walk, in parallel batches.
 */
function statter(slowStatMs: number): (entries: readonly string[]) => Promise<StatOutcome[]> {
  let parallel = false;
  let timed = 0;
  let timedMs = 0;
  return async (entries) => {
    const outcomes: StatOutcome[] = [];
    while (outcomes.length < entries.length && !parallel) {
      const started = performance.now();
      const end = Math.min(entries.length, outcomes.length + SYNC_SLICE);
      timed += end - outcomes.length;
      for (let i = outcomes.length; i < end; i += 1) outcomes.push(statEntrySync(entries[i]!));
      timedMs += performance.now() - started;
      parallel = timed >= JUDGED_AFTER && timedMs / timed >= slowStatMs;
      // Others' turn (the helper's clients) between slices.
      await new Promise((resolve) => setImmediate(resolve));
    }
    for (let i = outcomes.length; i < entries.length; i += STAT_BATCH) {
      outcomes.push(...(await Promise.all(entries.slice(i, i + STAT_BATCH).map(statEntry))));
    }
    return outcomes;
  };
}

function statEntrySync(entry: string): StatOutcome {
  try {
    return { st: fsSync.statSync(entry) };
  } catch (error) {
    return failedStat(error, isEnoent(error) && isLinkSync(entry));
  }
}

function isLinkSync(entry: string): boolean {
  try {
    return fsSync.lstatSync(entry).isSymbolicLink();
  } catch {
    return false;
  }
}

async function statEntry(entry: string): Promise<StatOutcome> {
  try {
    return { st: await fs.stat(entry) };
  } catch (error) {
    return failedStat(error, isEnoent(error) && (await fs.lstat(entry).then((l) => l.isSymbolicLink(), () => false)));
  }
}

const isEnoent = (error: unknown): boolean => (error as NodeJS.ErrnoException).code === 'ENOENT';

function failedStat(error: unknown, danglingLink: boolean): StatOutcome {
  if ((error as NodeJS.ErrnoException).code === 'ELOOP') return { error: 'symbolic link loop', warnOnly: true };
  // A link whose target is gone is not a file we can protect, nor a failure of ours.
  if (danglingLink) return { error: 'symbolic link to nothing', warnOnly: true };
  return { error: describeFsError(error), warnOnly: false };
}

function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'named pipe';
  if (st.isSocket()) return 'socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'device';
  return 'special file';
}
