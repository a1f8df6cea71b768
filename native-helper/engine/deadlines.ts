import fs from 'node:fs/promises';
import { offsiteOverdueSince } from '../../src/plans/planTimes';
import { OVERDUE_FILES_LISTED, type Overdue, type PlanInfo } from '../../src/protocol/plans';
import type { Catalog } from '../catalog/catalog';
import { automationOf, type ThreefoldConfig } from '../config/config';
import { destinationUrl } from '../destinations/openDestinations';
import { describePlans } from './managePlans';

/**
 * What is overdue now: plans (from `describePlans`) that have not succeeded within the deadline, and files
 * the catalog knows, still on disk, that have no verified offsite copy of their content some hours after
 * it was written. Without an offsite rule in the policy, no file is overdue.
 */
export async function findOverdue(config: ThreefoldConfig, catalog: Catalog, plans: readonly PlanInfo[], now = new Date()): Promise<Overdue> {
  const { offsiteDeadlineHours: hours } = automationOf(config);
  const overduePlans = plans.flatMap((p) =>
    p.overdueSince === null ? [] : [{ id: p.id, name: p.name, since: p.overdueSince, lastSuccessAt: p.lastSuccessAt }],
  );
  if (config.policy.offsite === 0) return { plans: overduePlans, files: { count: 0, hours, listed: [] } };

  const offsiteUrls = new Set(config.destinations.filter((d) => d.offsite).map(destinationUrl));
  const offsiteIds = new Set(catalog.destinations.states().flatMap((s) => (offsiteUrls.has(s.url) ? [s.id] : [])));
  const withOffsite = new Set(
    catalog.copies
      .states({ kind: 'all' })
      .filter((c) => offsiteIds.has(c.destinationId) && !c.failed && !c.absent)
      .map((c) => c.assetId),
  );
  const candidates = catalog.assets
    .list({ kind: 'all' })
    .flatMap((a) => {
      const since = offsiteOverdueSince(a.mtimeMs, withOffsite.has(a.id), hours, now.getTime());
      return since === null ? [] : [{ path: a.path, mtimeMs: a.mtimeMs, since }];
    })
    .sort((a, b) => a.since - b.since);
  // A file deleted since, or changed (a new content the next job protects), is no longer this one at risk.
  const present: boolean[] = [];
  for (let start = 0; start < candidates.length; start += STAT_BATCH) {
    const batch = candidates.slice(start, start + STAT_BATCH);
    present.push(
      ...(await Promise.all(
        batch.map((c) =>
          fs.stat(c.path).then(
            (st) => st.isFile() && Math.abs(st.mtimeMs - c.mtimeMs) < 1,
            () => false,
          ),
        ),
      )),
    );
  }
  const overdueFiles = candidates.filter((_, i) => present[i]);
  return {
    plans: overduePlans,
    files: {
      count: overdueFiles.length,
      hours,
      listed: overdueFiles.slice(0, OVERDUE_FILES_LISTED).map((f) => ({ path: f.path, since: new Date(f.since).toISOString() })),
    },
  };
}

/** Files stat'ed at once: a catalog of 100,000 files without an offsite copy opens no more at a time. */
const STAT_BATCH = 256;

/** Whether anything is overdue. */
export function anyOverdue(overdue: Overdue): boolean {
  return overdue.plans.length > 0 || overdue.files.count > 0;
}

/** What `status` shows of deadlines: what is overdue now, or nothing when nothing is. */
export async function overdueForStatus(config: ThreefoldConfig, catalog: Catalog): Promise<{ overdue?: Overdue }> {
  const overdue = await findOverdue(config, catalog, await describePlans(config, catalog));
  return anyOverdue(overdue) ? { overdue } : {};
}
