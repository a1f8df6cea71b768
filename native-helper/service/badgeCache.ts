import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { BadgeColumns, BadgeTable, badgeKey, lastVerifiedOf, summarizeBadges, type BadgeNote, type Badges } from '../../src/protocol/badges';
import type { AssetStatusMessage, HelperEvent, RequestOf } from '../../src/protocol/messages';
import type { ProjectReading } from '../../src/projects/projectReading';
import type { Catalog } from '../catalog/catalog';
import { loadConfig, localDestinationFolders, type ThreefoldConfig } from '../config/config';
import { forEachAssetStatus, statusHeader, type AssetStatus } from '../engine/status';
import { readProject } from '../readers/readProject';
import { selectTargets, type HostProjectFiles, type Selection } from '../targets/selectTargets';
import { JsonText } from './jsonText';
import { Refusal } from './refusal';

/** An answer this old makes the next request look at the disk and the catalog again. */
const FRESH_MS = 2000;
/** How long a request waits for that look before answering with what is known (what changed follows as events). */
const WAIT_MS = 150;
/** Projects (and targets) whose badges are kept: a panel or two, each with a project open. */
const MAX_SUBJECTS = 4;
/** More changes than this at once (a drive unplugged) are announced as one `badges.changed`, not file by file. */
const MAX_CHANGE_EVENTS = 500;

interface Subject {
  key: string;
  /** The name a host project is known by (its `project` in requests), or undefined for a target. */
  ref: string | undefined;
  /** The project's files now, read with `readProjectFile`; the destinations' folders are left out. */
  select(readProjectFile: typeof readProject, excludedFolders: readonly string[]): Promise<Selection>;
  badges: Badges | null;
  /** The serialised answer; null after a patch, until the next request. */
  answer: JsonText<Badges> | null;
  /** A patch changed states: the summary is counted again before the next answer. */
  summaryStale: boolean;
  fileIndex: Map<string, number>;
  noteAt: Map<number, BadgeNote>;
  /** When the last look at the disk began, and how long it took. */
  checkedAt: number;
  lookMs: number;
  looking: Promise<void> | null;
  /** Files a job's statuses updated during a look: the look's older word on them is not taken. */
  patchedDuringLook: Set<string> | null;
}

/** What a look found: the new badges, and the files whose badge changed since the last answer. */
interface FreshBadges {
  badges: Badges;
  /** The full status of the first of them (one more than are told one by one). */
  changed: AssetStatus[];
  changedPaths: string[];
}

export interface BadgeCacheOptions {
  home: string;
  catalog: Catalog;
  /** Tells every client (asset.status events, badges.changed). */
  emit(event: HelperEvent): void;
  log(line: string): void;
  /** How old an answer may be before a request looks again (default FRESH_MS). */
  freshMs?: number;
}

/**
 * The badges of the projects the panels have open, kept between requests: a request is answered at once
 * from what was last seen, while a new look at the files and the catalog runs in the background (at most
 * one per project at a time); what that look finds changed is pushed as events. Jobs' statuses update
 * the kept badges as they are announced, so an answer is never older than what a client was told.
 */
export class BadgeCache {
  private readonly subjects = new Map<string, Subject>();
  private readonly readings = new Map<string, { stamp: string; reading: ProjectReading }>();

  constructor(private readonly options: BadgeCacheOptions) {}

  /** `host` is the request's host project as the selection takes it (the handler prepares it like a status's). */
  badges(request: RequestOf<'badges'>, host?: HostProjectFiles): Promise<JsonText<Badges>> {
    // Not held while the answer is awaited: a request by host list carries 100,000 files the selection has copied.
    let subject: Subject;
    try {
      subject = this.subjectFor(request, host);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.answer(subject);
  }

  private async answer(subject: Subject): Promise<JsonText<Badges>> {
    if (subject.badges === null) {
      await (subject.looking ?? this.look(subject));
    } else {
      const age = Date.now() - subject.checkedAt;
      if (subject.looking === null && age > Math.max(this.options.freshMs ?? FRESH_MS, 2 * subject.lookMs)) void this.look(subject);
      if (subject.looking !== null) await Promise.race([subject.looking, delay(WAIT_MS)]);
    }
    const badges = subject.badges;
    if (badges === null) throw new Error('no badges after a look'); // a failed first look threw above
    if (subject.summaryStale) badges.summary = summarizeBadges(badges);
    subject.summaryStale = false;
    subject.answer ??= new JsonText<Badges>(JSON.stringify(badges));
    return subject.answer;
  }

  /** Statuses a job announced: every kept project that has these files shows them at once. */
  patch(statuses: readonly AssetStatusMessage[]): void {
    for (const subject of this.subjects.values()) {
      const badges = subject.badges;
      if (badges === null) continue;
      const table = new BadgeTable(badges.badges);
      let changed = false;
      for (const status of statuses) {
        const at = subject.fileIndex.get(status.path);
        if (at === undefined) continue;
        badges.files.badge[at] = table.indexOf(status);
        badges.files.size[at] = status.size;
        if (badges.files.verified) badges.files.verified[at] = lastVerifiedOf(status);
        this.setProblem(subject, at, status.problem);
        subject.patchedDuringLook?.add(status.path);
        changed = true;
      }
      if (!changed) continue;
      subject.summaryStale = true;
      subject.answer = null;
    }
  }

  /** The configuration changed (a destination added or removed): every badge may read differently. */
  invalidate(): void {
    for (const subject of this.subjects.values()) subject.checkedAt = 0;
  }

  private subjectFor(request: RequestOf<'badges'>, host: HostProjectFiles | undefined): Subject {
    let subject: Subject | undefined;
    if (request.project !== undefined) {
      subject = this.subjects.get(`host:${request.project}`);
      if (!subject) {
        throw new Refusal('not-found', `the helper does not know project ${request.project} (it restarted, or forgot it): send the project's files again`);
      }
    } else if (request.target !== undefined) {
      const target = path.resolve(request.target);
      subject =
        this.subjects.get(`target:${target}`) ??
        this.newSubject(`target:${target}`, undefined, (read, excluded) => selectTargets([target], excluded, { readProject: read }));
    } else {
      if (host === undefined) throw new Error('a host project request without its host');
      const ref = randomUUID();
      subject = this.newSubject(`host:${ref}`, ref, (read, excluded) => selectTargets([], excluded, { host, readProject: read }));
    }
    // Most recently asked last: the first is the one to forget.
    this.subjects.delete(subject.key);
    this.subjects.set(subject.key, subject);
    for (const key of this.subjects.keys()) {
      if (this.subjects.size <= MAX_SUBJECTS) break;
      this.forget(key);
    }
    return subject;
  }

  private newSubject(key: string, ref: string | undefined, select: Subject['select']): Subject {
    return {
      key,
      ref,
      select,
      badges: null,
      answer: null,
      summaryStale: false,
      fileIndex: new Map(),
      noteAt: new Map(),
      checkedAt: 0,
      lookMs: 0,
      looking: null,
      patchedDuringLook: null,
    };
  }

  private forget(key: string): void {
    const subject = this.subjects.get(key);
    this.subjects.delete(key);
    if (subject?.ref === undefined && subject) this.readings.delete(subject.key.slice('target:'.length));
  }

  /** A project file read again only when it changed on disk (100,000 clips take a second to read). */
  private readonly readProjectFile: typeof readProject = async (kind, target, options) => {
    const st = await fs.stat(target).catch(() => undefined);
    const stamp = st ? `${st.ino}:${st.size}:${st.mtimeMs}` : '';
    const known = this.readings.get(target);
    if (known && stamp !== '' && known.stamp === stamp) return known.reading;
    const reading = await readProject(kind, target, options);
    if (stamp !== '') this.readings.set(target, { stamp, reading });
    return reading;
  };

  /** Looks at the files and the catalog again; a first look's failure goes to the request, a later one's to the log. */
  private look(subject: Subject): Promise<void> {
    const started = Date.now();
    const first = subject.badges === null;
    subject.patchedDuringLook = new Set();
    const looking = (async () => {
      try {
        const config = await loadConfig(this.options.home);
        const selection = await subject.select(this.readProjectFile, localDestinationFolders(config.destinations));
        this.take(subject, await this.freshBadges(subject, config, selection, started), started);
      } catch (error) {
        if (first) {
          this.subjects.delete(subject.key);
          throw error;
        }
        this.options.log(`the status of ${subject.key} could not be refreshed: ${(error as Error).message}`);
      } finally {
        subject.looking = null;
        subject.patchedDuringLook = null;
        subject.lookMs = Date.now() - started;
      }
    })();
    subject.looking = looking;
    return looking;
  }

  /**
   * The selection's badges, made file by file (no status document of every file is held), and the full
   * status of each file whose badge differs from the last answer's, as far as they are told one by one.
   */
  private async freshBadges(subject: Subject, config: ThreefoldConfig, selection: Selection, started: number): Promise<FreshBadges> {
    const columns = new BadgeColumns();
    const { badges: previous, fileIndex: previousIndex, noteAt: previousNotes } = subject;
    // Each kept badge's key once, not once per file of the look.
    const previousKeys = previous?.badges.map(badgeKey) ?? [];
    const changed: AssetStatus[] = [];
    const changedPaths: string[] = [];
    await forEachAssetStatus(config, this.options.catalog, selection, (status) => {
      columns.add(status);
      if (previous === null) return;
      const before = previousIndex.get(status.path);
      if (before === undefined) return; // a file the client did not have: it asked again, it has it now
      const same =
        previousKeys[previous.files.badge[before]!] === badgeKey(status) &&
        previous.files.size[before] === status.size &&
        previousNotes.get(before)?.problem === status.problem;
      if (same) return;
      changedPaths.push(status.path);
      if (changed.length <= MAX_CHANGE_EVENTS) changed.push(status);
    });
    const badges = columns.finish(statusHeader(config, selection), {
      checkedAt: new Date(started).toISOString(),
      ...(subject.ref !== undefined ? { project: subject.ref } : {}),
    });
    return { badges, changed, changedPaths };
  }

  private take(subject: Subject, fresh: FreshBadges, started: number): void {
    const previous = subject.badges;
    const previousIndex = subject.fileIndex;
    const previousNotes = subject.noteAt;
    const patched = subject.patchedDuringLook ?? new Set<string>();
    const next = fresh.badges;
    subject.badges = next;
    subject.fileIndex = new Map(next.files.path.map((p, i) => [p, i]));
    subject.noteAt = new Map(next.notes.map((n) => [n.at, n]));
    subject.checkedAt = started;
    subject.answer = null;
    subject.summaryStale = false;
    if (previous === null) return;

    // A job's newer word on a file, told while the look ran, is kept.
    const table = new BadgeTable(next.badges);
    for (const p of patched) {
      const at = subject.fileIndex.get(p);
      const before = previousIndex.get(p);
      if (at === undefined || before === undefined) continue;
      next.files.badge[at] = table.indexOf(previous.badges[previous.files.badge[before]!]!);
      next.files.size[at] = previous.files.size[before]!;
      if (next.files.verified) next.files.verified[at] = previous.files.verified?.[before] ?? null;
      this.setProblem(subject, at, previousNotes.get(before)?.problem);
    }
    subject.summaryStale = patched.size > 0;
    const changes = fresh.changed.filter((asset) => !patched.has(asset.path));
    const count = fresh.changedPaths.reduce((n, p) => (patched.has(p) ? n : n + 1), 0);
    // More than is told one by one (or more than was kept of them): one event, and the clients ask again.
    if (count > MAX_CHANGE_EVENTS || count > changes.length) this.options.emit({ type: 'badges.changed', project: subject.ref ?? null });
    else for (const asset of changes) this.options.emit({ type: 'asset.status', jobId: null, asset });
  }

  private setProblem(subject: Subject, at: number, problem: string | undefined): void {
    const note = subject.noteAt.get(at);
    if (note) {
      if (problem === undefined) delete note.problem;
      else note.problem = problem;
    } else if (problem !== undefined) {
      const added = { at, problem };
      subject.noteAt.set(at, added);
      subject.badges!.notes.push(added);
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
