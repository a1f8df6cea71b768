import { Catalog } from '../catalog/catalog';
import type { DestinationSpec } from '../destinations/backend';
import { backendForPlace, backendOf, forgetEncryptionKey, openBackend, restoreEncryptionKey, withEncryption } from '../destinations/backends';
import type { Destination } from '../destinations/destination';
import { openDestination } from '../destinations/openDestinations';
import { testDestination, type DestinationVerdict } from '../destinations/testDestination';
import { nullUploadJournal } from '../destinations/uploadJournal';
import { reachDestination } from './reachDestination';
import type { Workspace } from './workspace';
import { UserError } from '../errors';
import { BufferPool } from '../fsutil/bufferPool';
import { withConfigLock } from '../config/configLock';
import {
  catalogPath,
  destinationWhere,
  loadConfig,
  MEDIA_PATTERN,
  NAME_PATTERN,
  saveConfig,
  selectDestinations,
  type DestinationConfig,
} from '../config/config';

export type { DestinationSpec };

/** Checks a new destination (the folder is writable, the bucket answers) and saves it in config.json. */
export async function addDestination(home: string, spec: DestinationSpec, asks: DestinationAsks = {}): Promise<DestinationConfig> {
  const config = await loadConfig(home);
  const { name } = spec;
  if (!NAME_PATTERN.test(name)) throw new UserError(`"${name}" is not a valid name: use letters, digits, ".", "_" or "-"`);
  if (spec.media !== undefined && !MEDIA_PATTERN.test(spec.media)) {
    throw new UserError(`"${spec.media}" is not a valid media label: lowercase letters, digits or "-" (ssd, hdd, raid, nas, cloud, …)`);
  }
  if (config.destinations.some((d) => d.name === name)) throw new UserError(`a destination named "${name}" exists already`);
  const configured = await backendForPlace(spec.where).configure(home, spec, config.destinations);
  let added = configured;
  let undoEncryption: (() => Promise<void>) | undefined;
  try {
    if (spec.encrypt && asks.newRecoveryPhrase === undefined)
      throw new UserError('an encrypted destination is added from the command line, where its recovery phrase is shown');
    const encrypted = await withEncryption(
      configured,
      { encrypt: spec.encrypt === true, names: spec.encryptNames === true, ...(asks.recoveryPhrase ? { recoveryPhrase: asks.recoveryPhrase } : {}) },
      { pool: new BufferPool(PROBE_BUFFER, 1), journal: nullUploadJournal },
    );
    added = encrypted.config;
    undoEncryption = encrypted.undo;
    await claimIdentity(home, config.destinations, added);
    // Read again under the lock: the CLI or the helper may have changed the file while the bucket was tried.
    return await withConfigLock(home, async () => {
      const latest = await loadConfig(home);
      if (latest.destinations.some((d) => d.name === name)) throw new UserError(`a destination named "${name}" exists already`);
      await saveConfig(home, { ...latest, destinations: [...latest.destinations, added] });
      if (encrypted.newPhrase) asks.newRecoveryPhrase?.(encrypted.newPhrase);
      return added;
    });
  } catch (error) {
    // A destination not added keeps no stored key pair, and no key made for it.
    await forgetSecrets(configured);
    if (added !== configured) await forgetEncryptionKey(added);
    await undoEncryption?.().catch(() => undefined);
    throw error;
  }
}

/** `dest key`: stores an encrypted destination's key again from its recovery phrase. */
export async function giveEncryptionKey(home: string, name: string, phrase: string): Promise<DestinationConfig> {
  return withConfigLock(home, async () => {
    const config = await loadConfig(home);
    const [destination] = selectDestinations(config.destinations, [name]);
    const updated = await restoreEncryptionKey(destination!, phrase);
    await saveConfig(home, { ...config, destinations: config.destinations.map((d) => (d === destination ? updated : d)) });
    return updated;
  });
}

/** What `dest add` may ask the user: the recovery phrase of a store encrypted before, and to keep a new one. */
export interface DestinationAsks {
  recoveryPhrase?: () => Promise<string>;
  /** Shows a new key's recovery phrase, once, when the destination is saved. */
  newRecoveryPhrase?: (phrase: string) => void;
}

/** Removes the secret a destination's backend stored for it (a keychain entry, a profile Threefold wrote); returns what it left, and why. */
export async function forgetSecrets(config: DestinationConfig): Promise<string[]> {
  return (await backendOf(config).forgetSecrets?.(config)) ?? [];
}

/** Stops using a destination; its files are left untouched, the key pair Threefold stored for it removed (`left`: what was not, and why). */
export async function removeDestination(home: string, name: string): Promise<{ removed: DestinationConfig; left: string[] }> {
  return withConfigLock(home, async () => {
    const config = await loadConfig(home);
    const removed = config.destinations.find((d) => d.name === name);
    if (!removed) throw new UserError(`no destination is named "${name}"`);
    await saveConfig(home, { ...config, destinations: config.destinations.filter((d) => d !== removed) });
    return { removed, left: await forgetSecrets(removed) };
  });
}

/** `dest test`: the round trip a protect job needs, on a configured destination. */
export async function testConfiguredDestination(ws: Workspace, name: string): Promise<{ config: DestinationConfig; verdict: DestinationVerdict }> {
  const [config] = selectDestinations(ws.config.destinations, [name]);
  const destination = openDestination(config!, new BufferPool(PROBE_BUFFER, 1), ws.catalog);
  try {
    const tested = await testDestination(destination);
    // A destination added by an earlier version gets its identity marker here, if no job has written one.
    const reached = tested.ok ? await reachDestination(ws.catalog, ws.config.destinations, config!, destination) : tested;
    return { config: config!, verdict: reached.ok ? { ok: true } : reached };
  } finally {
    destination.close();
  }
}

/**
 * The new destination's identity marker, read (or written) and recorded: a storage whose marker belongs to
 * another configured destination is that destination, under another name.
 */
async function claimIdentity(home: string, configured: readonly DestinationConfig[], added: DestinationConfig): Promise<void> {
  const destination = openNewDestination(added);
  const catalog = Catalog.open(catalogPath(home));
  try {
    const reached = await reachDestination(catalog, configured, added, destination, { adding: true });
    if (!reached.ok) throw new UserError(`${destinationWhere(added)} cannot be added: ${reached.error}`);
  } finally {
    catalog.close();
    destination.close();
  }
}

function openNewDestination(config: DestinationConfig): Destination {
  return openBackend(config, { pool: new BufferPool(PROBE_BUFFER, 1), journal: nullUploadJournal });
}

const PROBE_BUFFER = 64 * 1024;
