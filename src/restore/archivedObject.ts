/** What a HEAD of a cloud object says of where its bytes are: its storage class and any restore of it. */
export interface ArchiveHead {
  /** `x-amz-storage-class` (absent for STANDARD). */
  storageClass?: string | undefined;
  /** `x-amz-restore`: `ongoing-request="true"`, or `ongoing-request="false", expiry-date="…"` once restored. */
  restore?: string | undefined;
  /** `x-amz-archive-status` of an Intelligent-Tiering object moved to an archive tier. */
  archiveStatus?: string | undefined;
}

/**
 * `readable`: a GET gives the bytes. `request-restore`: the object is archived and no restore of it was
 * asked for; `restoring`: one is under way. `hours` is how long the Standard retrieval tier takes.
 */
export type ArchiveDecision = { kind: 'readable' } | { kind: 'request-restore' | 'restoring'; tier: string; hours: string };

/** Standard-tier retrieval times (AWS documentation): Glacier Flexible Retrieval 3–5 hours, Deep Archive within 12. */
const ARCHIVE_TIERS: Record<string, { tier: string; hours: string }> = {
  GLACIER: { tier: 'Glacier', hours: '3–5' },
  DEEP_ARCHIVE: { tier: 'Glacier Deep Archive', hours: '12' },
  ARCHIVE_ACCESS: { tier: 'Intelligent-Tiering Archive Access', hours: '3–5' },
  DEEP_ARCHIVE_ACCESS: { tier: 'Intelligent-Tiering Deep Archive Access', hours: '12' },
};

/** Whether an object can be read now, or must first be restored from an archive tier (Glacier Instant Retrieval reads as any). */
export function archiveDecision(head: ArchiveHead): ArchiveDecision {
  const archived = ARCHIVE_TIERS[head.storageClass === 'INTELLIGENT_TIERING' ? (head.archiveStatus ?? '') : (head.storageClass ?? '')];
  if (archived === undefined) return { kind: 'readable' };
  const restore = head.restore ?? '';
  if (/ongoing-request\s*=\s*"true"/i.test(restore)) return { kind: 'restoring', ...archived };
  if (/ongoing-request\s*=\s*"false"/i.test(restore)) return { kind: 'readable' };
  return { kind: 'request-restore', ...archived };
}

/** The words a user reads for an archived copy. */
export function archiveMessage(decision: Exclude<ArchiveDecision, { kind: 'readable' }>): string {
  const asked = decision.kind === 'request-restore' ? 'its restore from the archive is now requested' : 'its restore from the archive is under way';
  return `the copy is in ${decision.tier}: ${asked}, available in about ${decision.hours} hours; run restore again then`;
}
