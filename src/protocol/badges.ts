/**
 * The `badges` answer: the 3-2-1 state of every file of a project in a compact form. A project of
 * 100,000 files has only a handful of distinct badges (state, label, counts), so each file carries the
 * index of its badge in a small table instead of the badge itself, and the per-file columns are plain
 * arrays: a tenth of the bytes of the full status document, and quick to parse and validate.
 * Where each copy is (locations, hashes) and how a project uses each file (role, clip names) are not in
 * it: a `status` of the few files shown asks for those.
 */
import type { AssetState, Shortfall } from '../policy/assetState';
import { summarize, type StateSummary } from '../policy/summarize';

/** What a status chip shows: shared by every file in the same situation. */
export interface Badge {
  state: AssetState;
  label: string;
  copies: number;
  media: string[];
  offsite: number;
  missing: Shortfall[];
}

/** What is said of a few files only: an index into the columns and the extra facts. */
export interface BadgeNote {
  at: number;
  problem?: string;
  busy?: string;
  /** The project marks it offline. */
  offline?: boolean;
}

export interface Badges {
  target: string | string[];
  projects: Array<{ target: string; kind: string; name: string; version: string | null }>;
  policy: { copies: number; media: number; offsite: number };
  summary: StateSummary;
  warnings: string[];
  /** When the files on disk were last looked at (the answer may be up to a few seconds old: changes follow as events). */
  checkedAt: string;
  /** For a host project: the name under which the helper keeps it, to ask again without sending it. */
  project?: string;
  badges: Badge[];
  /**
   * One entry per file, in path order. `verified`: when its copies were last verified, as the oldest of
   * their dates (ms since the epoch; null with no copy); left out by helpers that predate it.
   */
  files: { path: string[]; size: number[]; badge: number[]; verified?: Array<number | null> };
  notes: BadgeNote[];
}

/** One file's status as the full document gives it (the fields the badges carry). */
export interface BadgeSource extends Badge {
  path: string;
  size: number;
  /** The oldest of its copies' last verifications (ms since the epoch), when the source says. */
  lastVerified?: number | null;
  problem?: string;
  busy?: string;
  offline?: boolean;
}

export interface BadgeOptions {
  checkedAt: string;
  project?: string;
}

type DocumentPart = Pick<Badges, 'target' | 'projects' | 'policy' | 'summary' | 'warnings'>;

export function toBadges(document: DocumentPart & { assets: readonly BadgeSource[] }, options: BadgeOptions): Badges {
  const columns = new BadgeColumns();
  for (const asset of document.assets) columns.add(asset);
  return columns.finish(document, options);
}

/** A badges answer built one file at a time, in path order: no list of whole statuses is needed. */
export class BadgeColumns {
  private readonly table = new BadgeTable();
  private readonly files: Required<Badges['files']> = { path: [], size: [], badge: [], verified: [] };
  private readonly notes: BadgeNote[] = [];

  /** Adds the next file (a full status: its copies' dates give its last verification). */
  add(asset: BadgeSource & VerifiedCopies): void {
    const at = this.files.path.length;
    this.files.path.push(asset.path);
    this.files.size.push(asset.size);
    this.files.badge.push(this.table.indexOf(asset));
    this.files.verified.push(lastVerifiedOf(asset));
    const note = noteOf(asset, at);
    if (note) this.notes.push(note);
  }

  finish(document: Omit<DocumentPart, 'summary'> & Partial<Pick<DocumentPart, 'summary'>>, options: BadgeOptions): Badges {
    const parts = { badges: this.table.badges, files: this.files };
    return {
      target: document.target,
      projects: document.projects,
      policy: document.policy,
      summary: document.summary ?? summarizeBadges(parts),
      warnings: document.warnings,
      checkedAt: options.checkedAt,
      ...(options.project !== undefined ? { project: options.project } : {}),
      ...parts,
      notes: this.notes,
    };
  }
}

/** Each file's status again, as objects (what a client keeps by path). */
export function badgedFiles(badges: Badges): BadgeSource[] {
  const { path, size, badge, verified } = badges.files;
  const files = path.map((p, i): BadgeSource => {
    const file: BadgeSource = { ...badges.badges[badge[i]!]!, path: p, size: size[i]! };
    if (verified !== undefined) file.lastVerified = verified[i] ?? null;
    return file;
  });
  for (const { at, ...note } of badges.notes) Object.assign(files[at]!, note);
  return files;
}

/** Why a badges answer cannot be right (columns of different lengths, an index out of range), or null. */
export function badgesInconsistency(badges: Pick<Badges, 'badges' | 'files' | 'notes'>): string | null {
  const { path, size, badge, verified } = badges.files;
  if (size.length !== path.length || badge.length !== path.length || (verified !== undefined && verified.length !== path.length)) {
    return 'the file columns differ in length';
  }
  const count = badges.badges.length;
  for (const b of badge) if (b >= count) return `badge ${b} is not in the table of ${count}`;
  for (const n of badges.notes) if (n.at >= path.length) return `a note is for file ${n.at} of ${path.length}`;
  return null;
}

/** Equal for two badges exactly when they show the same. */
export function badgeKey(b: Badge): string {
  return `${b.state}\u0000${b.label}\u0000${b.copies}\u0000${b.media.join('\u0001')}\u0000${b.offsite}\u0000${b.missing.join('\u0001')}`;
}

/** The summary of the files' states, as the full document counts them. */
export function summarizeBadges(badges: Pick<Badges, 'badges' | 'files'>): StateSummary {
  const { size, badge } = badges.files;
  return summarize(badge.map((b, i) => ({ state: badges.badges[b]!.state, size: size[i]! })));
}

/** The badges of a table, each once, by index; new ones are appended. */
export class BadgeTable {
  private readonly byKey = new Map<string, number>();

  constructor(readonly badges: Badge[] = []) {
    badges.forEach((b, i) => {
      this.byKey.set(badgeKey(b), i);
    });
  }

  indexOf(b: Badge): number {
    const key = badgeKey(b);
    let index = this.byKey.get(key);
    if (index === undefined) {
      index = this.badges.length;
      this.badges.push({ state: b.state, label: b.label, copies: b.copies, media: [...b.media], offsite: b.offsite, missing: [...b.missing] });
      this.byKey.set(key, index);
    }
    return index;
  }
}

/** Where a file's copies are, when a full status says. */
export interface VerifiedCopies {
  locations?: ReadonlyArray<{ readonly verifiedAt: string }>;
}

/** The oldest of the copies' last verifications (ms since the epoch), or null with no dated copy; what the source said when it has no locations. */
export function lastVerifiedOf(asset: Pick<BadgeSource, 'lastVerified'> & VerifiedCopies): number | null {
  if (asset.locations === undefined) return asset.lastVerified ?? null;
  let oldest: number | null = null;
  for (const copy of asset.locations) {
    const at = Date.parse(copy.verifiedAt);
    if (Number.isFinite(at) && (oldest === null || at < oldest)) oldest = at;
  }
  return oldest;
}

function noteOf(asset: BadgeSource, at: number): BadgeNote | null {
  const note: BadgeNote = { at };
  if (asset.problem !== undefined) note.problem = asset.problem;
  if (asset.busy !== undefined) note.busy = asset.busy;
  if (asset.offline) note.offline = true;
  return Object.keys(note).length > 1 ? note : null;
}
