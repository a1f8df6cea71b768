import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type AccessKeyPair, hasProfile, profileKeys, withoutProfile, withProfile } from '../../../src/providers/awsCredentialsProfile';
import { UserError } from '../../errors';
import { writeFileAtomic } from '../../fsutil/writeFileAtomic';
import { keychainEntry as systemKeychainEntry } from '../../system/keychainEntry';
import type { S3DestinationConfig } from './s3Config';

/** The keychain service every stored key pair is filed under; the account is the one the destination's config names. */
const KEYCHAIN_SERVICE = 'threefold';

/** Where `dest add --access-key-id` put a destination's key pair: what its config then says, exactly. */
export type StoredCredentials = { credentials: 'keychain'; account: string } | { credentials: 'aws-credentials-file'; profile: string };

/** The profile (and keychain account `NAME`) every home once shared for a destination name: read, never written or removed. */
const sharedProfile = (name: string): string => `threefold-${name}`;

/**
 * Stores the pair in the OS keychain, or, where none answers (a headless Linux without a Secret Service),
 * as a profile of the shared AWS credentials file, which every AWS tool reads. The keychain account and the
 * profile carry an id of their own (`NAME-1a2b3c4d`, `threefold-NAME-1a2b3c4d`) so that two homes with a
 * destination of the same name never share one; a rotation (`current`) rewrites the place the config already
 * names when it is one of these.
 */
export async function storeCredentials(name: string, keys: AccessKeyPair, current?: S3DestinationConfig): Promise<StoredCredentials> {
  const id = randomBytes(4).toString('hex');
  const account = current?.credentials === 'keychain' && current.account !== undefined ? current.account : `${name}-${id}`;
  if (storeInKeychain(account, keys)) return { credentials: 'keychain', account };
  const profile = current !== undefined && ownProfile(current) && current.profile !== sharedProfile(name) ? current.profile! : `threefold-${name}-${id}`;
  const file = credentialsFile();
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const text = await readIfThere(file);
  await writeFileAtomic(file, withProfile(text, profile, keys), 0o600);
  // A file that existed with wider rights keeps none: the rename gives the new file the 0600 it was made with.
  return { credentials: 'aws-credentials-file', profile };
}

/** A profile Threefold wrote for this destination: its own (`threefold-NAME-id`) or the shared one of older homes. */
function ownProfile(config: S3DestinationConfig): boolean {
  const { profile } = config;
  if (config.credentials !== 'aws-credentials-file' || profile === undefined) return false;
  const shared = sharedProfile(config.name);
  return profile === shared || (profile.startsWith(`${shared}-`) && /^[0-9a-f]{8}$/.test(profile.slice(shared.length + 1)));
}

/** Whether two configs keep their keys in the same place: a rotation there leaves nothing to forget. */
export function sameKeysPlace(a: S3DestinationConfig, b: S3DestinationConfig): boolean {
  return a.credentials === b.credentials && a.account === b.account && a.profile === b.profile;
}

/**
 * The pair Threefold stored for a destination, or undefined where it uses the AWS chain. The credentials
 * file is read afresh: the AWS SDK keeps it as first read in a process, so a running helper would not see a
 * pair added or rotated since.
 */
export function storedKeys(config: S3DestinationConfig): AccessKeyPair | undefined {
  if (config.credentials === 'keychain') return keychainCredentials(config.name, config.account ?? config.name);
  if (config.credentials !== 'aws-credentials-file' || config.profile === undefined) return undefined;
  const file = credentialsFile();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UserError(
      `the keys of destination "${config.name}" cannot be read from ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  const keys = profileKeys(text, config.profile);
  if (!keys)
    throw new UserError(
      `${file} has no keys under [${config.profile}] for destination "${config.name}": store them again with \`threefold dest credentials ${config.name}\``,
    );
  return keys;
}

/** The pair a config with `credentials: 'keychain'` names; a clear error when the keychain no longer has it. */
function keychainCredentials(name: string, account: string): AccessKeyPair {
  let stored: string | null | undefined;
  try {
    stored = keychainEntry(account).getPassword();
  } catch (error) {
    throw new UserError(`the keychain cannot be read for destination "${name}": ${(error as Error).message}`);
  }
  if (!stored) throw new UserError(`the keychain holds no keys for destination "${name}": store them again with \`threefold dest credentials ${name}\``);
  const keys = parsedPair(stored);
  if (!keys) {
    throw new UserError(
      `the keychain entry of destination "${name}" is not a key pair Threefold stored: store them again with \`threefold dest credentials ${name}\``,
    );
  }
  return keys;
}

/** The pair in a keychain entry, or undefined when the entry (editable in any keychain app) holds something else. */
function parsedPair(stored: string): AccessKeyPair | undefined {
  try {
    const { accessKeyId, secretAccessKey } = JSON.parse(stored) as Partial<AccessKeyPair>;
    return typeof accessKeyId === 'string' && typeof secretAccessKey === 'string' ? { accessKeyId, secretAccessKey } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Removes the pair Threefold stored for a destination, in the place its config names; a profile the user
 * wrote is never touched. The shared entry of a config from before (keychain account NAME, profile
 * `threefold-NAME`) may hold another home's keys for a destination of the same name: it is left, and said.
 * Returns what was left and why.
 */
export async function removeStoredCredentials(config: S3DestinationConfig): Promise<string[]> {
  if (config.credentials === 'keychain') {
    if (config.account === undefined) return [sharedEntryLeft(config, `the keychain entry "${config.name}" (service ${KEYCHAIN_SERVICE})`)];
    try {
      keychainEntry(config.account).deletePassword();
    } catch {
      // Already gone, or the keychain is locked: nothing of ours is left to remove there.
    }
  } else if (ownProfile(config)) {
    const file = credentialsFile();
    if (config.profile === sharedProfile(config.name)) return [sharedEntryLeft(config, `the profile [${config.profile}] of ${file}`)];
    const text = await readIfThere(file);
    if (hasProfile(text, config.profile!)) await writeFileAtomic(file, withoutProfile(text, config.profile!), 0o600);
  }
  return [];
}

const sharedEntryLeft = (config: S3DestinationConfig, entry: string): string =>
  `${entry} was left: every Threefold home with a destination named "${config.name}" used it before keys were stored per home, ` +
  "so it may hold another home's keys; remove it yourself if none uses it";

/** Where a destination's key pair lives, for `dest list` (never the secret). */
export function credentialsNote(config: S3DestinationConfig): string {
  if (config.credentials === 'keychain') return 'keys in the keychain';
  if (config.credentials === 'aws-credentials-file') return `keys in ${credentialsFile()} [${config.profile}]`;
  return config.profile ? `AWS profile ${config.profile}` : 'AWS credentials chain';
}

function storeInKeychain(account: string, keys: AccessKeyPair): boolean {
  try {
    const entry = keychainEntry(account);
    // The pair alone: a pair the SDK handed over carries fields of its own ($source).
    const pair = JSON.stringify({ accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey });
    entry.setPassword(pair);
    return entry.getPassword() === pair;
  } catch {
    return false;
  }
}

function keychainEntry(account: string): import('@napi-rs/keyring').Entry {
  return systemKeychainEntry(KEYCHAIN_SERVICE, account);
}

/** The file the AWS SDK reads: AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials. */
function credentialsFile(): string {
  return process.env.AWS_SHARED_CREDENTIALS_FILE || path.join(os.homedir(), '.aws', 'credentials');
}

async function readIfThere(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}
