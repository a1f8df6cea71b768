import type { VerifyReport } from '../../engine/verify';
import { cacheReadBackLines } from './cacheReadBackLines';
import { displayPath } from './displayPath';

/** What a verify or a scrub found, after its summary line: the copies repaired, cache read-backs, warnings, failures. */
export function checkOutcomeLines(r: Pick<VerifyReport, 'repaired' | 'readFromCache' | 'warnings' | 'failures'>): string[] {
  const lines: string[] = [];
  if (r.repaired.length > 0) {
    lines.push(`Repaired ${r.repaired.length} cop${r.repaired.length === 1 ? 'y' : 'ies'}, each read back and verified:`);
    for (const c of r.repaired) lines.push(`  ${displayPath(c.location)} (${c.destination}) ← ${c.from}: it was bad (${c.error})`);
  }
  lines.push(...cacheReadBackLines(r.readFromCache));
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  if (r.failures.length === 0) lines.push('No problems found.');
  else {
    lines.push(`${r.failures.length} FAILED:`);
    for (const f of r.failures) lines.push(`  ${displayPath(f.location)}${f.destination ? ` (${f.destination})` : ''}: ${f.error}`);
  }
  return lines;
}
