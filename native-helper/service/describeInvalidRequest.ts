/** Validation problems named in an error, at most: enough to fix a request, not an echo of a huge one. */
const MAX_ISSUES = 5;

/** `not a valid request (type: …; media.0.path: …)`, for a message the request schema refused. */
export function describeInvalidRequest(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
  const where = issues.slice(0, MAX_ISSUES).map((i) => `${i.path.map(String).join('.') || 'message'}: ${i.message}`);
  if (issues.length > MAX_ISSUES) where.push(`and ${issues.length - MAX_ISSUES} more`);
  return `not a valid request (${where.join('; ')})`;
}
