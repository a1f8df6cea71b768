import { identityVerdict } from '../../src/policy/identityVerdict';
import type { Catalog } from '../catalog/catalog';
import { destinationUrl, destinationWhere, type DestinationConfig } from '../destinations/backends';
import { StorageGoneError, type Destination } from '../destinations/destination';
import { readMarker, writeMarker } from '../destinations/identityMarker';

export type Reach = { ok: true } | { ok: false; error: string };

/**
 * Before a job uses a destination: it answers (probe), and it is the storage the catalog knows (its
 * identity marker; written now for a destination that has none yet). An answer that proves the storage
 * does not hold its copies (no such bucket, a marker gone or replaced) condemns them in the catalog; an
 * unanswered one leaves them counted and records since when the destination has not been reachable.
 * `adding`: `dest add`, where the user points at the storage as it is now.
 */
export async function reachDestination(
  catalog: Catalog,
  configured: readonly DestinationConfig[],
  config: DestinationConfig,
  destination: Destination,
  options: { adding?: boolean } = {},
): Promise<Reach> {
  const url = destinationUrl(config);
  const id = catalog.destinations.id({ url, name: config.name, kind: config.kind, media: config.media, offsite: config.offsite });
  const now = (): string => new Date().toISOString();
  const condemned = (reason: string): string => {
    const n = catalog.copies.condemn(id, reason);
    return n === 0 ? '' : `; the ${n === 1 ? 'copy' : `${n} copies`} recorded there ${n === 1 ? 'is' : 'are'} no longer counted`;
  };
  let found;
  try {
    await destination.probe();
    found = await readMarker(destination);
  } catch (error) {
    const message = (error as Error).message;
    if (error instanceof StorageGoneError) {
      const note = condemned(message);
      catalog.destinations.recordReachable(id, now());
      return { ok: false, error: `${message}${note}` };
    }
    catalog.destinations.recordUnreachable(id, now(), message);
    return { ok: false, error: message };
  }

  const known = catalog.destinations.states().find((s) => s.id === id)?.identity ?? null;
  /**
   * The destination configured before this one (added earlier) that is recorded with this marker, if any:
   * one storage's first name keeps it; later names are refused, and never take it from the first.
   */
  const ownerOf = (marker: string): string | null => {
    const position = configured.findIndex((d) => d.name === config.name);
    const earlier = position === -1 ? configured : configured.slice(0, position);
    const others = new Map(earlier.map((d) => [destinationUrl(d), d.name]));
    const owner = catalog.destinations.states().find((s) => s.id !== id && others.has(s.url) && s.identity === marker);
    return owner ? others.get(owner.url)! : null;
  };
  const recordedCopies = catalog.copies.count(id) > 0;
  const verdict = identityVerdict({
    mountedRoot: destination.capabilities.mountedRoot,
    known,
    found: found?.id ?? null,
    ownerOfFound: found ? ownerOf(found.id) : null,
    adding: options.adding === true,
    recordedCopies,
    hasHistory: destination.capabilities.mountedRoot && found === undefined && known === null && recordedCopies && (await holdsHistory(destination)),
  });
  const where = destinationWhere(config);
  const sameStorage = (owner: string): string =>
    `${where} is the same storage as destination "${owner}" (it holds its identity marker): its copies count once, there`;
  switch (verdict.action) {
    case 'unreachable':
      catalog.destinations.recordUnreachable(id, now(), `${where}: ${verdict.reason}`);
      return { ok: false, error: `${where}: ${verdict.reason}; its copies are still counted` };
    case 'duplicate': {
      const note = verdict.condemn ? condemned(verdict.condemn) : '';
      catalog.destinations.setIdentity(id, found!.id);
      catalog.destinations.recordReachable(id, now());
      return { ok: false, error: `${sameStorage(verdict.of)}${note}` };
    }
    case 'use':
      break;
    case 'adopt':
    case 'claim': {
      if (verdict.condemn) condemned(verdict.condemn);
      const marker = verdict.action === 'adopt' ? found! : await writeMarker(destination, config.kind, where).catch((error: unknown) => error as Error);
      if (marker instanceof Error) {
        catalog.destinations.recordUnreachable(id, now(), marker.message);
        return { ok: false, error: `its identity marker could not be written: ${marker.message}` };
      }
      catalog.destinations.setIdentity(id, marker.id);
      // Another job may have marked this storage first, under another name.
      const owner = ownerOf(marker.id);
      if (owner !== null) return { ok: false, error: sameStorage(owner) };
      break;
    }
  }
  catalog.destinations.recordReachable(id, now());
  return { ok: true };
}

/** Whether the root holds Threefold's manifests. */
async function holdsHistory(destination: Destination): Promise<boolean> {
  for await (const _ of destination.list('ascmhl')) return true;
  return false;
}

/**
 * Reaches each chosen destination (see reachDestination) before a job plans with what the catalog records
 * of them: copies condemned here are planned again at once. Those that cannot be used are left out, each
 * with its reason. What `open` opens stays open for the job, which closes it.
 */
export async function reachDestinations(
  catalog: Catalog,
  configured: readonly DestinationConfig[],
  chosen: readonly DestinationConfig[],
  open: (config: DestinationConfig) => Destination,
): Promise<{ usable: DestinationConfig[]; refused: Array<{ config: DestinationConfig; error: string }> }> {
  const usable: DestinationConfig[] = [];
  const refused: Array<{ config: DestinationConfig; error: string }> = [];
  for (const config of chosen) {
    const destination = open(config);
    const reached = await reachDestination(catalog, configured, config, destination);
    if (!reached.ok) {
      refused.push({ config, error: reached.error });
      continue;
    }
    // What a killed job left half-written is cleared before this one writes; one that stays is never listed nor counted.
    await destination.removeLeftoverPartials?.().catch(() => undefined);
    usable.push(config);
  }
  return { usable, refused };
}
