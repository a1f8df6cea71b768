import path from 'node:path';
import { ASSET_STATES } from '../../../src/policy/assetState';
import { formatBytes } from '../../../src/format/formatBytes';
import type { StatusDocument } from '../../engine/status';
import { displayPath } from './displayPath';

/** The status document as a table a person reads: one line per file, then a one-line summary. */
export function renderStatusTable(doc: StatusDocument): string {
  const shown = (p: string): string => displayPath(relativeToTarget(doc.target, p));
  const rows = doc.assets.map((a) => [a.state, a.label, formatBytes(a.size), shown(a.path)]);
  const header = ['STATE', '3-2-1', 'SIZE', 'PATH'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : i === 2 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ');
  const lines = [line(header), ...rows.map(line)];
  for (const a of doc.assets) if (a.problem) lines.push(`! ${shown(a.path)}: ${a.problem}`);
  lines.push('', typeof doc.target === 'string' ? `${summaryLine(doc)} (under ${displayPath(doc.target)})` : summaryLine(doc));
  return lines.join('\n');
}

/** Under a single folder target, paths read shorter relative to it (the JSON keeps them absolute). */
function relativeToTarget(target: string | string[], p: string): string {
  if (typeof target !== 'string' || target === p) return p;
  const folder = target.endsWith(path.sep) ? target : `${target}${path.sep}`;
  return p.startsWith(folder) ? p.slice(folder.length) : p;
}

export function summaryLine(doc: StatusDocument): string {
  const { summary, policy } = doc;
  const counts = ASSET_STATES.filter((s) => summary[s] > 0).map((s) => `${summary[s]} ${s}`);
  const rule = `policy ${policy.copies} copies · ${policy.media} media · ${policy.offsite} offsite`;
  return `${summary.protected} of ${summary.assets} files protected (${formatBytes(summary.bytes)}): ${counts.join(', ') || 'nothing here'}. ${rule}`;
}
