import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** XXH64 as the reference tool computes it (Debian package `xxhash`). */
export function xxhsum(file: string): string {
  const out = execFileSync('xxhsum', ['-H1', '--', file], { encoding: 'utf8' });
  return out.slice(0, 16);
}

export const SCHEMA_DIR = path.resolve(__dirname, '../fixtures/ascmhl');

/** Validates an XML file against an XSD with xmllint; returns xmllint's complaint, or '' when valid. */
export function xmllintProblems(file: string, schema: 'ASCMHL.xsd' | 'ASCMHLDirectory__combined.xsd'): string {
  try {
    execFileSync('xmllint', ['--noout', '--nonet', '--schema', path.join(SCHEMA_DIR, schema), file], { stdio: 'pipe' });
    return '';
  } catch (error) {
    const e = error as { stderr?: Buffer };
    return e.stderr?.toString() || String(error);
  }
}
