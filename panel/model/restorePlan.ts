/**
 * Restoring missing media from the panel: which files a restore asks for, what its dry run offers
 * ("Restore 12 missing clips · 48 GB from raid"), and, from the finished restore's outcome, what each clip
 * needs in the host: brought back online at its own path, or relinked to where its file now is.
 */
import { formatBytes } from '../../src/format/formatBytes';
import type { RestoredFileMessage, RestoreOutcome } from '../../src/protocol/restoreMessages';
import type { HostFixResult } from '../host/host';
import type { ClipRow } from './clipRows';

/** A restore request names at most this many files (the protocol's bound on `targets`). */
export const MAX_RESTORE_TARGETS = 1000;

/** The clips a restore can bring back: their media are missing and a verified copy exists. */
export function restorableRows(rows: readonly ClipRow[]): ClipRow[] {
  return rows.filter((row) => row.state === 'missing');
}

/** The files to restore for these clips: each media file once, and each proxy that is missing too; at most MAX_RESTORE_TARGETS. */
export function restoreTargets(rows: readonly ClipRow[]): { targets: string[]; left: number } {
  const paths = new Set<string>();
  for (const row of rows) {
    paths.add(row.mediaPath);
    if (row.proxyPath !== null && row.proxy?.state === 'missing') paths.add(row.proxyPath);
  }
  const all = [...paths];
  return { targets: all.slice(0, MAX_RESTORE_TARGETS), left: Math.max(0, all.length - MAX_RESTORE_TARGETS) };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "a, b and c" */
function listed(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export interface RestoreOffer {
  /** "Restore 12 missing clips · 48 GB from raid" */
  headline: string;
  /** Files the dry run says cannot come back, each with why. */
  blocked: Array<{ path: string; why: string }>;
  /** Nothing to restore: every file is blocked (or already there). */
  empty: boolean;
}

/** What the dry run of a restore of these clips offers. */
export function restoreOffer(clips: number, plan: RestoreOutcome, to: string | null): RestoreOffer {
  const coming = plan.files.filter((f) => f.state === 'would-restore');
  const sources = [...new Set(coming.flatMap((f) => (f.from === null ? [] : [f.from])))].sort();
  const bytes = coming.reduce((sum, f) => sum + f.bytes, 0);
  const what = clips === 1 ? 'Restore 1 missing clip' : `Restore ${clips} missing clips`;
  const from = sources.length > 0 ? ` from ${listed(sources)}` : '';
  const where = to === null ? '' : ` to ${to}`;
  const blocked = plan.files.filter((f) => f.state === 'failed' || f.state === 'not-protected').map((f) => ({ path: f.path, why: fileTrouble(f) }));
  return { headline: `${what} · ${formatBytes(bytes)}${from}${where}`, blocked, empty: coming.length === 0 && plan.totals.alreadyThere === 0 };
}

/** Why a file was not (or cannot be) restored, in words an editor can act on. */
export function fileTrouble(file: RestoredFileMessage): string {
  if (file.state === 'not-protected') return file.note ?? 'No copy of this file exists';
  const tried = file.attempts.map((a) => `${a.destination}: ${a.error}`);
  return [file.note, ...tried].filter((s): s is string => s !== null && s !== '').join('; ') || 'not restored';
}

/** What a clip needs in the host once the restore has finished. */
export type MediaFix =
  /** Its file is back at its own path: `refreshMedia()` brings it online. */
  | { kind: 'refresh' }
  /** Its file is at another path: relink it there. */
  | { kind: 'relink'; path: string }
  /** Its file did not come back. */
  | { kind: 'none'; why: string };

export interface ClipFix {
  clipId: string;
  clipName: string;
  media: MediaFix;
  /** A proxy restored to another path, to attach again; null when there is none to attach. */
  proxy: string | null;
}

/** The clip's part of a restore, for the clips whose media were asked for. */
export interface RestoredClip {
  id: string;
  name: string;
  mediaPath: string;
  proxyPath: string | null;
}

const BACK: ReadonlySet<RestoredFileMessage['state']> = new Set(['restored', 'already-there']);

/** Per clip, from the finished restore's outcome (old path → new target): what to do in the host. */
export function clipFixes(clips: readonly RestoredClip[], outcome: RestoreOutcome): ClipFix[] {
  const byPath = new Map(outcome.files.map((f) => [f.path, f]));
  return clips.map((clip) => {
    const file = byPath.get(clip.mediaPath);
    const proxy = clip.proxyPath === null ? undefined : byPath.get(clip.proxyPath);
    const proxyMoved = proxy !== undefined && BACK.has(proxy.state) && proxy.target !== null && proxy.target !== clip.proxyPath;
    return { clipId: clip.id, clipName: clip.name, media: mediaFix(file, clip.mediaPath, outcome), proxy: proxyMoved ? proxy.target : null };
  });
}

function mediaFix(file: RestoredFileMessage | undefined, path: string, outcome: RestoreOutcome): MediaFix {
  if (file === undefined) {
    const why = outcome.filesNotListed > 0 ? 'not in the restore’s answer (too many files): restore it again' : 'the restore did not name this file';
    return { kind: 'none', why };
  }
  if (!BACK.has(file.state) || file.target === null) return { kind: 'none', why: fileTrouble(file) };
  return file.target === path ? { kind: 'refresh' } : { kind: 'relink', path: file.target };
}

export interface ClipReport {
  clipId: string;
  clipName: string;
  /** online: back at its path; relinked: pointed at its new file; failed: the host refused; not-restored: no file came back. */
  outcome: 'online' | 'relinked' | 'failed' | 'not-restored';
  /** One line: where it now points, or why not. */
  detail: string;
}

/** A clip's line in the report, from its fix and what the host answered (for the media, then the proxy). */
export function clipReport(fix: ClipFix, media: HostFixResult | null, proxy: HostFixResult | null): ClipReport {
  const base = { clipId: fix.clipId, clipName: fix.clipName };
  if (fix.media.kind === 'none') return { ...base, outcome: 'not-restored', detail: `Not restored: ${fix.media.why}` };
  if (media !== null && !media.done) return { ...base, outcome: 'failed', detail: `Restored, but Premiere did not take it: ${media.why}` };
  const proxyNote = proxy !== null && !proxy.done ? ` (its proxy was not attached: ${proxy.why})` : proxy?.done ? ' (and its proxy)' : '';
  if (fix.media.kind === 'refresh') return { ...base, outcome: 'online', detail: `Back online${proxyNote}` };
  return { ...base, outcome: 'relinked', detail: `Relinked to ${fix.media.path}${proxyNote}` };
}

/** "3 clips relinked · 1 not restored" */
export function reportHeadline(reports: readonly ClipReport[]): string {
  const count = (outcome: ClipReport['outcome']) => reports.filter((r) => r.outcome === outcome).length;
  const parts = [
    [count('online'), 'back online'],
    [count('relinked'), 'relinked'],
    [count('failed'), 'not taken by Premiere'],
    [count('not-restored'), 'not restored'],
  ] as const;
  const said = parts.filter(([n]) => n > 0).map(([n, what], i) => (i === 0 ? `${plural(n, 'clip', 'clips')} ${what}` : `${n} ${what}`));
  return said.length === 0 ? 'Nothing to restore' : said.join(' · ');
}

/** Clip reports the panel lists at most; the rest are counted. */
export const LISTED_REPORTS = 50;

const ATTENTION: Record<ClipReport['outcome'], number> = { failed: 0, 'not-restored': 1, relinked: 2, online: 3 };

/** The reports to list: those that need the editor first, at most `max`; and how many are left out. */
export function listedReports(reports: readonly ClipReport[], max = LISTED_REPORTS): { listed: ClipReport[]; more: number } {
  const ranked = reports.map((r, at) => ({ r, at })).sort((a, b) => ATTENTION[a.r.outcome] - ATTENTION[b.r.outcome] || a.at - b.at);
  const listed = ranked.slice(0, max).map((x) => x.r);
  return { listed, more: reports.length - listed.length };
}
