import fs from 'node:fs';
import type { AssetRole, ProjectKind, ProjectReading, ReferencedFile } from '../../src/projects/projectReading';
import type { Scope } from '../catalog/scope';
import { describeFsError, UserError } from '../errors';
import { projectKindOf, readProject, type ReadOptions } from '../readers/readProject';
import { adaptiveStats } from '../fsutil/adaptiveStats';
import { collectSources, type SourceFile } from '../fsutil/collectSources';

export type TargetType = ProjectKind | 'folder' | 'file' | 'host';

/** A project as a host application (Premiere, through the panel) lists it: its name and its files. */
export interface HostProjectFiles {
  name: string;
  files: ReferencedFile[];
  /** What completing the host's list found (a catalog Lightroom has open, no backup of it). */
  warnings?: string[];
}

/** A file the targets depend on and that is there to be copied. */
export interface SelectedFile extends SourceFile {
  role: AssetRole;
  versioned: boolean;
  clips: string[];
}

export interface SelectedTarget {
  target: string;
  kind: TargetType;
  project: { name: string; version: string | null } | null;
}

/** Everything a job or a status needs to know of its targets, read once. */
export interface Selection {
  targets: SelectedTarget[];
  /** Present files to copy. */
  files: SelectedFile[];
  /** Referenced by a project but not on disk (offline media, an unplugged drive). */
  absent: ReferencedFile[];
  /** Present, but not to be copied now (a catalog Lightroom has open). */
  busy: Array<SelectedFile & { busy: string }>;
  /** The catalog records that belong to these targets (for status, and for a planner's history). */
  scopes: Scope[];
  warnings: string[];
  /** What should have been read and could not. */
  errors: Array<{ path: string; error: string }>;
}

/**
 * Reads each target: a Premiere project or Lightroom catalog through its reader, a folder by walking it,
 * a file as itself. A project that cannot be read is the user's to fix: it throws a UserError.
 */
export interface SelectOptions extends ReadOptions {
  /** Refuse a project none of whose media is on disk (protect: copying only the project file would mislead). */
  requireMedia?: boolean;
  /** Files a host application listed, selected like a project's (after the targets, if any). */
  host?: HostProjectFiles;
  /** Reads a project file (default: its reader); the helper's status cache passes one that remembers. */
  readProject?: typeof readProject;
}

export async function selectTargets(targets: readonly string[], excludedFolders: readonly string[], options: SelectOptions = {}): Promise<Selection> {
  const selection: Selection = { targets: [], files: [], absent: [], busy: [], scopes: [], warnings: [], errors: [] };
  const plain: string[] = [];
  for (const target of targets) {
    const kind = projectKindOf(target);
    if (kind === null) plain.push(target);
    else await addProject(selection, kind, target, options);
  }
  if (plain.length > 0) await addPlainTargets(selection, plain, excludedFolders);
  if (options.host) {
    const { name, files, warnings = [] } = options.host;
    await addReading(selection, 'host', name, { kind: 'premiere', project: { name, version: null }, files, warnings }, options);
  }
  dedupeFiles(selection);
  return selection;
}

async function addProject(selection: Selection, kind: ProjectKind, target: string, options: SelectOptions): Promise<void> {
  const read = options.readProject ?? readProject;
  await addReading(selection, kind, target, await read(kind, target, options), options);
}

async function addReading(selection: Selection, kind: TargetType, target: string, reading: ProjectReading, options: SelectOptions): Promise<void> {
  selection.targets.push({ target, kind, project: reading.project });
  selection.warnings.push(...reading.warnings.map((w) => `${target}: ${w}`));
  selection.scopes.push({ kind: 'paths', paths: reading.files.map((f) => f.path) });

  await statAll(reading.files, (file, outcome) => {
    if (outcome === 'absent') selection.absent.push(file);
    else if ('error' in outcome) selection.errors.push({ path: file.path, error: outcome.error });
    else {
      const selected = { path: outcome.path, size: outcome.size, mtimeMs: outcome.mtimeMs, role: file.role, versioned: file.versioned, clips: file.clips };
      if (file.busy === undefined) selection.files.push(selected);
      else selection.busy.push({ ...selected, busy: file.busy });
    }
  });
  const dependencies = reading.files.filter((f) => f.role !== 'project' && f.role !== 'catalog');
  const absent = new Set(selection.absent);
  if (options.requireMedia && dependencies.length > 0 && dependencies.every((f) => absent.has(f))) {
    throw new UserError(
      `${target}: none of the ${dependencies.length} media files it references is on this machine ` +
        `(first: ${dependencies[0]!.path}); connect the drive that holds them and try again`,
    );
  }
}

async function addPlainTargets(selection: Selection, targets: readonly string[], excludedFolders: readonly string[]): Promise<void> {
  const collected = await collectSources(targets, excludedFolders);
  for (const target of targets) {
    const st = await fs.promises.stat(target).catch(() => undefined);
    const kind: TargetType = st?.isDirectory() ? 'folder' : 'file';
    selection.targets.push({ target, kind, project: null });
    if (st === undefined) {
      // Gone from disk (deleted, an unplugged drive): a file or a folder, its records answer for it.
      selection.scopes.push({ kind: 'file', path: target }, { kind: 'folder', path: target });
    } else selection.scopes.push(kind === 'folder' ? { kind: 'folder', path: target } : { kind: 'file', path: target });
  }
  // An object literal, not a spread of each file: this runs for each of 100,000 files.
  selection.files.push(
    ...collected.files.map((f) => ({ path: f.path, size: f.size, mtimeMs: f.mtimeMs, role: 'media' as const, versioned: false, clips: [] })),
  );
  selection.warnings.push(...collected.warnings);
  selection.errors.push(...collected.errors);
}

/** Two targets can share files (a project and its media folder): each file once, its clip names merged. */
function dedupeFiles(selection: Selection): void {
  const byPath = new Map<string, SelectedFile>();
  for (const file of selection.files) {
    const known = byPath.get(file.path);
    if (!known) byPath.set(file.path, file);
    else {
      known.clips = [...new Set([...known.clips, ...file.clips])];
      known.versioned ||= file.versioned;
      if (known.role === 'media') known.role = file.role;
    }
  }
  selection.files = [...byPath.values()];
}

type StatOutcome = { path: string; size: number; mtimeMs: number } | 'absent' | { error: string };

/** Each file's outcome, in order, as it is known: 100,000 outcomes are never all alive at once. */
function statAll(files: readonly ReferencedFile[], onStat: (file: ReferencedFile, outcome: StatOutcome) => void): Promise<void> {
  return adaptiveStats(
    (f: ReferencedFile) => statFileSync(f.path),
    (f: ReferencedFile) => statFile(f.path),
  )(files, onStat);
}

/**
 * Readers give paths in NFC. Where names are bytes (Linux), a file saved from macOS may be spelled NFD on
 * disk: the spelling that exists is the one to copy from. The other spellings are made only when needed.
 */
function otherSpellings(file: string): string[] {
  return [...new Set([file.normalize('NFD'), file.normalize('NFC')])].filter((spelling) => spelling !== file);
}

function statFileSync(file: string): StatOutcome {
  const found = statSpellingSync(file);
  if (found !== 'absent') return found;
  for (const spelling of otherSpellings(file)) {
    const other = statSpellingSync(spelling);
    if (other !== 'absent') return other;
  }
  return 'absent';
}

async function statFile(file: string): Promise<StatOutcome> {
  const found = await statSpelling(file);
  if (found !== 'absent') return found;
  for (const spelling of otherSpellings(file)) {
    const other = await statSpelling(spelling);
    if (other !== 'absent') return other;
  }
  return 'absent';
}

function statSpellingSync(spelling: string): StatOutcome {
  try {
    // Without an exception (and its stack trace) for a missing file.
    const st = fs.statSync(spelling, { throwIfNoEntry: false });
    return st === undefined ? 'absent' : outcomeOf(spelling, st);
  } catch (error) {
    return failedOutcome(error as NodeJS.ErrnoException);
  }
}

// The callback API: fs.promises.stat builds an error with a stack trace for every missing file.
function statSpelling(spelling: string): Promise<StatOutcome> {
  return new Promise((resolve) => fs.stat(spelling, (error, st) => resolve(error ? failedOutcome(error) : outcomeOf(spelling, st))));
}

function outcomeOf(spelling: string, st: fs.Stats): StatOutcome {
  return st.isFile() ? { path: spelling, size: st.size, mtimeMs: st.mtimeMs } : { error: 'not a regular file' };
}

function failedOutcome(error: NodeJS.ErrnoException): StatOutcome {
  return error.code === 'ENOENT' || error.code === 'ENOTDIR' ? 'absent' : { error: describeFsError(error) };
}
