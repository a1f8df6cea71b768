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

const STAT_BATCH = 64;

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
export async function collectSources(targets: readonly string[], excludedFolders: readonly string[]): Promise<CollectedSources> {
  const result: CollectedSources = { files: [], warnings: [], errors: [] };
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
    const subfolders: Array<[string, string]> = [];
    for (let i = 0; i < names.length; i += STAT_BATCH) {
      const batch = names.slice(i, i + STAT_BATCH).map((name) => path.join(folder, name));
      const stats = await Promise.all(batch.map((entry) => statEntry(entry)));
      stats.forEach((outcome, j) => {
        const entry = batch[j]!;
        if ('error' in outcome) {
          if (outcome.warnOnly) result.warnings.push(`${entry}: skipped, ${outcome.error}`);
          else result.errors.push({ path: entry, error: outcome.error });
        } else if (outcome.st.isDirectory()) subfolders.push([entry, `${outcome.st.dev}:${outcome.st.ino}`]);
        else if (outcome.st.isFile()) {
          if (!entry.endsWith(PARTIAL_SUFFIX)) addFile(entry, outcome.st);
        } else result.warnings.push(`${entry}: skipped, not a regular file (${kindOf(outcome.st)})`);
      });
    }
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

type StatOutcome = { st: import('node:fs').Stats } | { error: string; warnOnly: boolean };

async function statEntry(entry: string): Promise<StatOutcome> {
  try {
    return { st: await fs.stat(entry) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return { error: 'symbolic link loop', warnOnly: true };
    if (code === 'ENOENT') {
      // A link whose target is gone is not a file we can protect, nor a failure of ours.
      const isLink = await fs.lstat(entry).then((l) => l.isSymbolicLink(), () => false);
      if (isLink) return { error: 'symbolic link to nothing', warnOnly: true };
    }
    return { error: describeFsError(error), warnOnly: false };
  }
}

function kindOf(st: import('node:fs').Stats): string {
  if (st.isFIFO()) return 'named pipe';
  if (st.isSocket()) return 'socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'device';
  return 'special file';
}
