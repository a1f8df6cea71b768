import fs from 'node:fs/promises';
import path from 'node:path';
import { isSameOrInside, overlapOf, tooWideDestination } from '../../src/paths/containment';
import type { ProtectPlan } from '../../src/planning/planProtect';
import { rootsOverlap } from '../../src/paths/rootOverlap';
import { destinationWhere, localFolderOf, type DestinationConfig } from '../destinations/backends';
import { localRootIdentity, readMounts } from '../destinations/localRootIdentity';
import { realPath } from '../fsutil/fileCalls';

export interface DestinationRefusal {
  target: string;
  destination: string;
  reason: string;
}

/**
 * Local destinations that hold a target or lie inside one: each is refused for the job (a copy there would
 * sit on the very disk it is meant to protect against, or be "copied" onto its own source). Paths are compared
 * as given and with their links resolved. So is a root `dest add` refuses (`/`, `/home`…) that came by an
 * edited config.json: it holds the files of any job, a panel's included. So is a root that overlaps one
 * configured before it (`configured`, in config.json's order), which `dest add` refuses: one disk would
 * count as two copies.
 */
export async function overlappingDestinations(
  home: string,
  targets: readonly string[],
  destinations: readonly DestinationConfig[],
  configured: readonly DestinationConfig[] = destinations,
): Promise<DestinationRefusal[]> {
  const refusals: DestinationRefusal[] = [];
  const mounts = await readMounts();
  const targetPaths = await Promise.all(targets.map(async (t) => ({ target: t, spellings: await spellings(t) })));
  const homes = await spellings(home);
  for (const d of localFolders(destinations)) {
    const roots = await spellings(d.root);
    const tooWide = roots.flatMap((r) => homes.map((h) => tooWideDestination(r, h))).find((reason) => reason !== null);
    if (tooWide !== undefined) {
      refusals.push({ target: d.root, destination: d.name, reason: `${tooWide}; nothing was copied there` });
      continue;
    }
    const earlier = await earlierOverlapping(d, configured, mounts);
    if (earlier !== undefined) {
      refusals.push({
        target: d.root,
        destination: d.name,
        reason: `${d.root} overlaps destination "${earlier.name}" (${destinationWhere(earlier)}): one storage counts once, there; nothing was copied here (remove one of them)`,
      });
      continue;
    }
    for (const { target, spellings: paths } of targetPaths) {
      const overlap = paths.flatMap((p) => roots.map((r) => overlapOf(p, r))).find((o) => o !== null);
      if (overlap === undefined) continue;
      refusals.push({ target, destination: d.name, reason: describeOverlap(overlap, target, d) });
      break;
    }
  }
  return refusals;
}

/** The destinations whose root is a folder on this machine, with that folder. */
function localFolders(destinations: readonly DestinationConfig[]): LocalFolder[] {
  return destinations.flatMap((d) => {
    const root = localFolderOf(d);
    return root === undefined ? [] : [{ name: d.name, root }];
  });
}

interface LocalFolder {
  name: string;
  root: string;
}

function describeOverlap(overlap: NonNullable<ReturnType<typeof overlapOf>>, target: string, d: LocalFolder): string {
  const destination = `destination "${d.name}" (${d.root})`;
  const why =
    overlap === 'same'
      ? `${target} is ${destination} itself`
      : overlap === 'source inside destination'
        ? `${target} is inside ${destination}`
        : `${destination} is inside ${target}`;
  return `${why}: a destination may not hold its sources, nor lie among them; nothing was copied there (protect from outside it, or choose another destination folder)`;
}

/**
 * Takes out of each task the local destinations whose root holds its source (a project's media relinked to
 * a backup disk's copies, say, or reached through a link to it): a copy there would sit on the very disk it
 * protects against. Each is a failure naming both; the source still goes to the other destinations. Paths
 * are compared as given and with their links resolved (each source folder once).
 */
export async function dropSourcesInsideDestinations(plan: ProtectPlan, destinations: readonly DestinationConfig[]): Promise<DestinationRefusal[]> {
  const roots = await Promise.all(localFolders(destinations).map(async (r) => ({ ...r, spellings: await spellings(r.root) })));
  const realFolders = new Map<string, Promise<string>>();
  const realPathOf = async (file: string): Promise<string> => {
    const folder = path.dirname(file);
    let real = realFolders.get(folder);
    if (real === undefined) {
      real = realPath(folder).catch(() => folder);
      realFolders.set(folder, real);
    }
    return path.join(await real, path.basename(file));
  };
  const holdingOf = new Map<ProtectPlan['tasks'][number], typeof roots>();
  for (const task of plan.tasks) {
    const candidates = roots.filter((r) => task.destinations.includes(r.name));
    if (candidates.length === 0) continue;
    const paths = [task.source.path, await realPathOf(task.source.path)];
    const holding = candidates.filter((r) => r.spellings.some((root) => paths.some((p) => isSameOrInside(p, root))));
    if (holding.length > 0) holdingOf.set(task, holding);
  }
  const refusals: DestinationRefusal[] = [];
  if (holdingOf.size === 0) return refusals;
  plan.tasks = plan.tasks.filter((task) => {
    const holding = holdingOf.get(task);
    if (holding === undefined) return true;
    for (const { name, root } of holding) {
      refusals.push({
        target: task.source.path,
        destination: name,
        reason: `it is inside destination "${name}" (${root}): a destination may not hold its sources; not copied there`,
      });
    }
    task.destinations = task.destinations.filter((name) => !holding.some((r) => r.name === name));
    if (task.destinations.length > 0) return true;
    plan.bytesToRead -= task.source.size;
    return false;
  });
  return refusals;
}

/** The local destination configured before `d` whose root overlaps its root (the same folders, or nested), if any. */
async function earlierOverlapping(
  d: LocalFolder,
  configured: readonly DestinationConfig[],
  mounts: Awaited<ReturnType<typeof readMounts>>,
): Promise<DestinationConfig | undefined> {
  const position = configured.findIndex((c) => c.name === d.name);
  const earlier = localFolders(configured.slice(0, position === -1 ? configured.length : position));
  if (earlier.length === 0) return undefined;
  const identity = await localRootIdentity(d.root, mounts);
  for (const c of earlier) {
    const other = await localRootIdentity(c.root, mounts);
    // The very same folder holds that destination's identity marker, which says so when it is reached.
    const same = identity.realPath === other.realPath || (identity.chain !== undefined && identity.chain[0] === other.chain?.[0]);
    if (!same && rootsOverlap(identity, other)) return configured.find((x) => x.name === c.name);
  }
  return undefined;
}

/** The path as given and with its links resolved (when it exists). */
async function spellings(p: string): Promise<string[]> {
  const given = path.resolve(p);
  const real = await fs.realpath(given).catch(() => given);
  return real === given ? [given] : [given, real];
}
