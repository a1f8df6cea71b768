import { formatBytes } from '../../../src/format/formatBytes';
import type { ScanDocument } from '../../engine/scan';
import { displayPath } from './displayPath';

const LISTED_MISSING = 20;
const KIND_NAMES: Record<ScanDocument['kind'], string> = {
  premiere: 'Premiere Pro project',
  lightroom: 'Lightroom Classic catalog',
  folder: 'folder',
  file: 'file',
  host: 'project open in the host application',
};

/** scan without --json: what the target depends on, counted by role, and every file that is not there. */
export function renderScanSummary(doc: ScanDocument): string {
  const version = doc.project.version ? `, version ${doc.project.version}` : '';
  const lines = [`${doc.project.name}: ${KIND_NAMES[doc.kind]}${version}`];
  const roles = [...new Set(doc.media.map((m) => m.role))];
  for (const role of roles) {
    const files = doc.media.filter((m) => m.role === role);
    const present = files.filter((m) => m.exists && m.error === undefined);
    const bytes = present.reduce((sum, m) => sum + (m.size ?? 0), 0);
    const absent = files.length - present.length;
    lines.push(
      `  ${role.padEnd(8)} ${String(files.length).padStart(7)} ${files.length === 1 ? 'file' : 'files'}, ${formatBytes(bytes)}${absent > 0 ? `, ${absent} not found` : ''}`,
    );
  }
  if (doc.media.length === 0) lines.push('  no files');

  const missing = doc.media.filter((m) => !m.exists);
  if (missing.length > 0) {
    lines.push('', `Not found (${missing.length}): not protected until they are back where the project expects them.`);
    for (const m of missing.slice(0, LISTED_MISSING)) lines.push(`  ${displayPath(m.path)}${m.offline ? ' (offline in the project)' : ''}`);
    if (missing.length > LISTED_MISSING) lines.push(`  … and ${missing.length - LISTED_MISSING} more (--json lists them all)`);
  }
  for (const m of doc.media.filter((f) => f.busy !== undefined || f.error !== undefined)) {
    lines.push(`${displayPath(m.path)}: ${m.busy ?? m.error}`);
  }
  for (const w of doc.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n');
}
