import path from 'node:path';
import { ASSET_STATES } from '../../../src/policy/assetState';
import { formatBytes } from '../../../src/format/formatBytes';
import { DRILL_INTERVAL_DAYS } from '../../../src/restore/drillDue';
import type { AssetStatus, StatusDocument, UnreachableDestination } from '../../engine/status';
import { displayPath } from './displayPath';

/**
 * The status document as a table a person reads: one line per file, then a one-line summary. Given line
 * by line: the table of 100,000 files is never one string, nor 100,000 rows of cells kept at once.
 */
export function* statusTableLines(doc: StatusDocument): Generator<string> {
  const base = baseFolder(doc);
  const shown = (p: string): string => displayPath(relativeTo(base, p));
  // A project's files say what they are to it (project, media, proxy, sidecar, catalog).
  const withRoles = doc.projects.length > 0;
  // Sizes are formatted once and kept (a short string per file); the rest of a row is made again for its line.
  const sizes = doc.assets.map((a) => formatBytes(a.size));
  // The path, last, is not padded: its width is not needed.
  const paddedCells = (a: AssetStatus, j: number): string[] => [a.state, a.label, ...(withRoles ? [a.role ?? ''] : []), sizes[j]!];
  const header = ['STATE', '3-2-1', ...(withRoles ? ['ROLE'] : []), 'SIZE', 'PATH'];
  const sizeColumn = header.indexOf('SIZE');
  // The widths first.
  const widths = header.map((h) => h.length);
  doc.assets.forEach((a, j) => {
    paddedCells(a, j).forEach((cell, i) => {
      widths[i] = Math.max(widths[i]!, cell.length);
    });
  });
  const line = (row: string[]): string =>
    row.map((cell, i) => (i === row.length - 1 ? cell : i === sizeColumn ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ');
  yield line(header);
  for (const [j, a] of doc.assets.entries()) yield line([...paddedCells(a, j), shown(a.path)]);
  for (const a of doc.assets) if (a.problem) yield `! ${shown(a.path)}: ${a.problem}`;
  yield '';
  const scope = doc.projects.length > 0 ? 'of' : 'under';
  yield typeof doc.target === 'string' ? `${summaryLine(doc)} (${scope} ${displayPath(doc.target)})` : summaryLine(doc);
  for (const u of doc.unreachable ?? []) yield unreachableLine(u);
  yield* drillLines(doc);
}

/** When copies were last proved to come back, and which destinations no recent drill proves. */
export function* drillLines(doc: Pick<StatusDocument, 'lastDrill' | 'drillsDue'>): Generator<string> {
  if (doc.lastDrill === undefined) return;
  const d = doc.lastDrill;
  if (d === null) yield 'No restore drill yet: run `threefold drill` to prove the copies come back.';
  else {
    const result = d.failures === 0 ? 'passed' : `FAILED (${d.failures} of ${d.files} files)`;
    const from = d.destinations.map((x) => x.destination).join(', ');
    yield `Last drill ${d.at}: ${result}; ${d.files} files, ${formatBytes(d.bytes)}, from ${from}.`;
  }
  for (const due of doc.drillsDue ?? []) {
    if (due.reason === 'never') yield `${due.destination}: never drilled`;
    else if (due.reason === 'old') yield `${due.destination}: not drilled for ${DRILL_INTERVAL_DAYS} days (last ${due.lastDrilledAt})`;
    else yield `${due.destination}: its last drill failed (${due.lastDrilledAt})`;
  }
}

/** A destination that did not answer: since when, and that its copies still count meanwhile. */
export function unreachableLine(u: UnreachableDestination): string {
  const last = u.lastReachable === null ? '' : `, last reached ${u.lastReachable}`;
  return `${u.destination}: not reachable since ${u.since}${last}${u.reason ? ` (${u.reason})` : ''}; its copies are still counted`;
}

/** The folder of a single folder target, or of a single project's file; none for several targets. */
function baseFolder(doc: StatusDocument): string | undefined {
  if (typeof doc.target !== 'string') return undefined;
  return doc.projects.length === 1 ? path.dirname(doc.target) : doc.target;
}

/** Under the base folder, paths read shorter relative to it (the JSON keeps them absolute). */
function relativeTo(base: string | undefined, p: string): string {
  if (base === undefined || base === p) return p;
  const folder = base.endsWith(path.sep) ? base : `${base}${path.sep}`;
  return p.startsWith(folder) ? p.slice(folder.length) : p;
}

export function summaryLine(doc: StatusDocument): string {
  const { summary, policy } = doc;
  const counts = ASSET_STATES.filter((s) => summary[s] > 0).map((s) => `${summary[s]} ${s}`);
  const rule = `policy ${policy.copies} copies · ${policy.media} media · ${policy.offsite} offsite`;
  return `${summary.protected} of ${summary.assets} files protected (${formatBytes(summary.bytes)}): ${counts.join(', ') || 'nothing here'}. ${rule}`;
}
