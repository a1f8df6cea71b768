/** The last restore test (drill) as the summary says it, and the destinations due one. */
import { formatBytes } from '../../src/format/formatBytes';
import type { StatusDocumentMessage } from '../../src/protocol/messages';
import { verifiedAtText } from './verifiedAt';

export type DrillRecordMessage = NonNullable<StatusDocumentMessage['lastDrill']>;
export type DrillDueMessage = NonNullable<StatusDocumentMessage['drillsDue']>[number];

export interface DrillLine {
  /** "Last restore test 2 h ago: 20 files · 1.2 GB, all verified" */
  text: string;
  passed: boolean | null;
}

const files = (n: number) => `${n} ${n === 1 ? 'file' : 'files'}`;

/** The last drill's date and result; null: none has run. */
export function drillLine(last: DrillRecordMessage | null, now: Date): DrillLine {
  if (last === null) return { text: 'No restore test yet: run one to prove the copies come back', passed: null };
  const when = verifiedAtText(last.at, now);
  if (last.failures > 0) return { text: `Last restore test ${when} failed: ${last.failures} of ${files(last.files)} did not come back right`, passed: false };
  if (last.files === 0) return { text: `Last restore test ${when}: no verified copy to test`, passed: null };
  return { text: `Last restore test ${when}: ${files(last.files)} · ${formatBytes(last.bytes)}, all verified`, passed: true };
}

const REASONS: Record<DrillDueMessage['reason'], string> = { never: 'never tested', old: 'not tested for 90 days', failed: 'its last test failed' };

/** "Due: raid (never tested), b2 (its last test failed)"; null when none is due. */
export function drillsDueLine(due: readonly DrillDueMessage[]): string | null {
  return due.length === 0 ? null : `Due: ${due.map((d) => `${d.destination} (${REASONS[d.reason]})`).join(', ')}`;
}
