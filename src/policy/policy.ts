/** The 3-2-1 rule as a user configures it. */
export interface Policy {
  /** Counted copies, the source included. */
  copies: number;
  /** Distinct media labels among the counted copies. */
  media: number;
  /** Counted copies on offsite destinations. */
  offsite: number;
}

export const DEFAULT_POLICY: Readonly<Policy> = Object.freeze({ copies: 3, media: 2, offsite: 1 });

export const DEFAULT_SOURCE_MEDIA = 'ssd';

/** Returns a reason the policy is unusable, or undefined when it is fine. */
export function policyProblem(policy: Policy): string | undefined {
  for (const key of ['copies', 'media', 'offsite'] as const) {
    const value = policy[key];
    if (!Number.isInteger(value) || value < 0) return `policy.${key} must be a whole number ≥ 0 (got ${String(value)})`;
  }
  if (policy.copies < 1) return 'policy.copies must be at least 1';
  if (policy.media > policy.copies) return 'policy.media cannot exceed policy.copies';
  if (policy.offsite > policy.copies) return 'policy.offsite cannot exceed policy.copies';
  return undefined;
}
