import type { Overdue } from '../../../src/protocol/plans';
import { displayPath } from './displayPath';

/** What is overdue, in lines a person reads under a status table. */
export function overdueLines(overdue: Overdue): string[] {
  const { files } = overdue;
  return [
    ...overdue.plans.map((p) => `OVERDUE plan "${p.name}" (${p.id}): no success since ${p.lastSuccessAt ?? 'it was added'} (overdue since ${p.since})`),
    ...(files.count > 0
      ? [`OVERDUE ${files.count} file${files.count === 1 ? '' : 's'} without an offsite copy ${files.hours} hours after being written:`]
      : []),
    ...files.listed.map((f) => `  ${displayPath(f.path)} (since ${f.since})`),
    ...(files.count > files.listed.length ? [`  and ${files.count - files.listed.length} more (status --json lists ${files.listed.length})`] : []),
  ];
}
