import { z } from 'zod';
import type { BaseDestinationConfig } from '../../src/config/destinationFields';
import type { DestinationBackend, OpenDeps } from './backend';
import { EncryptedDestination } from './crypt/encryptedDestination';
import type { EncryptionConfig } from './crypt/encryptionConfig';
import { ENCRYPTION_RECORD_KEY, type EncryptionRequest, setUpEncryption } from './crypt/encryptionSetup';
import { parseIdentity } from './crypt/ageIdentity';
import { forgetIdentity, loadIdentity, storeIdentity } from './crypt/storedIdentity';
import { UserError } from '../errors';
import type { Destination } from './destination';
import { localFolderBackend } from './localFolderBackend';
import { s3Backend } from './s3/s3Backend';

/**
 * The registry of backends: each kind of storage Threefold writes to, by its `kind` in config.json. A new
 * backend is a folder of its own and one line here (and in `destinationSchema`).
 */
const BACKENDS = [s3Backend, localFolderBackend] as const;

export const destinationSchema = z.discriminatedUnion('kind', [localFolderBackend.schema, s3Backend.schema]);
export type DestinationConfig = z.infer<typeof destinationSchema>;
export type { LocalDestinationConfig } from './localFolderConfig';
export type { S3DestinationConfig } from './s3/s3Config';

/** The backend of a configured destination. */
export function backendOf<C extends BaseDestinationConfig>(config: C): DestinationBackend<C> {
  const backend = BACKENDS.find((b) => b.kind === config.kind);
  if (backend === undefined) throw new Error(`no backend for destinations of kind ${config.kind}`);
  // The kinds are the schema's discriminant: a config of a kind is that backend's.
  return backend as unknown as DestinationBackend<C>;
}

/** The backend whose URL form a place given to `dest add` is written in (a folder when no other's). */
export function backendForPlace(where: string): DestinationBackend<DestinationConfig> {
  return BACKENDS.find((b) => b.takes(where))! as unknown as DestinationBackend<DestinationConfig>;
}

/** A configured destination opened: its backend's, under the encryption layer when it is encrypted. */
export function openBackend(config: DestinationConfig, deps: OpenDeps): Destination {
  const opened = backendOf(config).open(config, deps);
  const encryption: EncryptionConfig | undefined = 'encryption' in config ? config.encryption : undefined;
  return encryption ? new EncryptedDestination(opened, encryption, () => loadIdentity(config.name, encryption.key)) : opened;
}

/**
 * `dest add`: a configured destination with its encryption set up (a new key, or the recovery phrase of a
 * store encrypted before), and the new key's recovery phrase to show once.
 */
export async function withEncryption(
  config: DestinationConfig,
  request: EncryptionRequest,
  deps: OpenDeps,
): Promise<{ config: DestinationConfig; newPhrase?: string; undo?: () => Promise<void> }> {
  const backend = backendOf(config);
  if (request.encrypt && !backend.encryptable) {
    throw new UserError('client-side encryption (--encrypt) is for S3 destinations; a folder is encrypted by its disk (FileVault, BitLocker, LUKS)');
  }
  if (!backend.encryptable) return { config };
  const store = backend.open(config, deps);
  try {
    const setup = await setUpEncryption(config.name, backend.where(config), store, request);
    // Only an encryptable backend's schema takes `encryption`.
    const encrypted = setup.encryption ? ({ ...config, encryption: setup.encryption } as DestinationConfig) : config;
    if (!setup.newPhrase) return { config: encrypted };
    // A destination not added after all leaves no record of a key nobody was shown.
    const undo = async (): Promise<void> => {
      const again = backend.open(config, deps);
      await again.remove(ENCRYPTION_RECORD_KEY).finally(() => again.close());
    };
    return { config: encrypted, newPhrase: setup.newPhrase, undo };
  } finally {
    store.close();
  }
}

/**
 * `dest key`: an encrypted destination's key given again from its recovery phrase (a lost keychain, a new
 * machine's home copied over), checked against the recipient its objects are encrypted to, then stored.
 */
export async function restoreEncryptionKey(config: DestinationConfig, phrase: string): Promise<DestinationConfig> {
  const encryption: EncryptionConfig | undefined = 'encryption' in config ? config.encryption : undefined;
  if (!encryption) throw new UserError(`"${config.name}" is not encrypted: it has no key to give`);
  const identity = parseIdentity(phrase);
  if ('error' in identity) throw new UserError(`the recovery phrase was not accepted: ${identity.error}`);
  if (identity.recipient !== encryption.recipient) {
    throw new UserError(
      `this recovery phrase does not open "${config.name}": its copies are encrypted to ${encryption.recipient}, the phrase's key is ${identity.recipient}`,
    );
  }
  const key = await storeIdentity(config.name, identity);
  return { ...config, encryption: { ...encryption, key } } as DestinationConfig;
}

/** Whether a destination is encrypted and its key is not where its config says (a new machine, a lost keychain). */
export function lacksEncryptionKey(config: DestinationConfig): boolean {
  const encryption: EncryptionConfig | undefined = 'encryption' in config ? config.encryption : undefined;
  if (!encryption) return false;
  try {
    loadIdentity(config.name, encryption.key);
    return false;
  } catch {
    return true;
  }
}

/** Removes the encryption key Threefold stored for a destination that was not added after all. */
export async function forgetEncryptionKey(config: DestinationConfig): Promise<void> {
  if ('encryption' in config && config.encryption) await forgetIdentity(config.name, config.encryption.key);
}

/** What `dest list` shows after the place: the backend's note, and whether its copies are encrypted here. */
export function listNoteOf(config: DestinationConfig): string {
  const encryption: EncryptionConfig | undefined = 'encryption' in config ? config.encryption : undefined;
  const encrypted = encryption ? ` encrypted to ${encryption.recipient}${encryption.names ? ', names too' : ''}` : '';
  return `${backendOf(config).listNote(config)}${encrypted}`;
}

/** Where a destination is, in words: a folder, or s3://bucket/prefix. */
export const destinationWhere = (config: DestinationConfig): string => backendOf(config).where(config);

/** The catalog's identity of a configured destination. */
export const destinationUrl = (config: DestinationConfig): string => backendOf(config).url(config);

/** The folder on this machine a destination's root is, if it is one. */
export const localFolderOf = (config: DestinationConfig): string | undefined => backendOf(config).localFolder(config);
