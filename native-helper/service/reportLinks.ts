import crypto from 'node:crypto';

/** How long a report link opens its report: time to reach a browser, and to reload it a few times. */
export const REPORT_LINK_TTL_MS = 10 * 60_000;
/** Links held at most; the oldest gives way (each is a few bytes, but a client could ask without end). */
const MAX_LINKS = 256;

/**
 * Short-lived links to one job's report. A browser that a panel asks to open a report cannot send the
 * paired token, so the `report` request hands out an unguessable key (256 random bits) for that job only,
 * valid for ten minutes and held in the helper's memory only (a restart voids them all).
 */
export class ReportLinks {
  private readonly links = new Map<string, { jobId: number; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A new key for this job's report. */
  issue(jobId: number): string {
    this.dropExpired();
    while (this.links.size >= MAX_LINKS) this.links.delete(this.links.keys().next().value!);
    const key = crypto.randomBytes(32).toString('base64url');
    this.links.set(key, { jobId, expiresAt: this.now() + REPORT_LINK_TTL_MS });
    return key;
  }

  /** Whether `key` opens this job's report now. */
  opens(jobId: number, key: string): boolean {
    const link = this.links.get(key);
    return link !== undefined && link.jobId === jobId && this.now() < link.expiresAt;
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [key, link] of this.links) if (link.expiresAt <= now) this.links.delete(key);
  }
}
