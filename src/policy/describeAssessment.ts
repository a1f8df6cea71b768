import type { Assessment } from './assetState';

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/**
 * The status chip: `3-2-1 ✓` when the policy is met, otherwise the counts that fall short,
 * e.g. `2 copies · 1 medium · no offsite`.
 */
export function describeAssessment(a: Assessment): string {
  switch (a.state) {
    case 'protected':
      return '3-2-1 ✓';
    case 'stale':
      return 'stale: source changed since its copies';
    case 'missing':
      return `source missing · ${plural(a.copies, 'copy', 'copies')} to restore from`;
    case 'lost':
      return 'lost: source missing, no copy';
    case 'failed':
      return 'failed verification';
    case 'partial':
    case 'unprotected':
      return describeShortfall(a);
  }
}

function describeShortfall(a: Assessment): string {
  const parts: string[] = [];
  if (a.missing.includes('copies')) parts.push(plural(a.copies, 'copy', 'copies'));
  if (a.missing.includes('media')) parts.push(plural(a.media.length, 'medium', 'media'));
  if (a.missing.includes('offsite')) parts.push(a.offsite === 0 ? 'no offsite' : `${a.offsite} offsite`);
  return parts.length > 0 ? parts.join(' · ') : 'no verified copy';
}
