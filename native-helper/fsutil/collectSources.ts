import fsSync, { type Stats } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describeFsError } from '../errors';
import { PARTIAL_SUFFIX } from '../../src/paths/reservedNames';
import { adaptiveStats } from './adaptiveStats';

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
 * `excludedFolders` (the destinations' roots) are never entered, whatever name reaches them (a link).
 */
export async function collectSources(targets: readonly string[], excludedFolders: readonly string[], options: CollectOptions = {}): Promise<CollectedSources> {
  const result: CollectedSources = { files: [], warnings: [], errors: [] };
  const statEach = adaptiveStats(statEntrySync, statEntry, options.slowStatMs);
  const seenFiles = new Set<string>();
  const seenFolders = new Set<string>();
  const excluded = new Set(excludedFolders.map((f) => path.resolve(f)));

  const addFile = (file: string, st: { dev: number; ino: number; size: number; mtimeMs: number }): void => {
    const id = `${st.dev}:${st.ino}`;
    if (seenFiles.has(id)) return;
    seenFiles.add(id);
    result.files.push({ path: file, size: st.size, mtimeMs: st.mtimeMs });
  };

  /** `real`: the folder with its links resolved (a link inside a target to a destination would otherwise copy its copies). */
  const walk = async (folder: string, folderId: string, real: string): Promise<void> => {
    if (seenFolders.has(folderId)) {
      result.warnings.push(`${folder}: skipped, this folder was already reached (a symbolic link loop?)`);
      return;
    }
    seenFolders.add(folderId);
    if (excluded.has(folder) || excluded.has(real)) {
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
    const stats: StatOutcome[] = [];
    await statEach(entries, (_entry, outcome) => stats.push(outcome));
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
    for (const [sub, id] of subfolders) await walk(sub, id, await realPathBelow(real, sub));
  };

  for (const target of targets) {
    const outcome = await statEntry(target);
    if ('error' in outcome) {
      result.errors.push({ path: target, error: outcome.error });
    } else if (outcome.st.isDirectory()) {
      await walk(target, `${outcome.st.dev}:${outcome.st.ino}`, await fs.realpath(target).catch(() => target));
    } else if (outcome.st.isFile()) {
      addFile(target, outcome.st);
    } else {
      result.warnings.push(`${target}: skipped, not a regular file (${kindOf(outcome.st)})`);
    }
  }
  return result;
}

type StatOutcome = { st: Stats } | { error: string; warnOnly: boolean };

/** A subfolder's real path: its parent's and its name, or, for a link, where it leads (one lstat per folder, not per file). */
async function realPathBelow(parentReal: string, sub: string): Promise<string> {
  const linked = await fs.lstat(sub).then(
    (st) => st.isSymbolicLink(),
    () => false,
  );
  return linked ? fs.realpath(sub).catch(() => sub) : path.join(parentReal, path.basename(sub));
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
    return failedStat(
      error,
      isEnoent(error) &&
        (await fs.lstat(entry).then(
          (l) => l.isSymbolicLink(),
          () => false,
        )),
    );
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
