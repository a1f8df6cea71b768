import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type AccessKeyPair, hasProfile, profileKeys, withoutProfile, withProfile } from '../../../src/providers/awsCredentialsProfile';
import { UserError } from '../../errors';
import { writeFileAtomic } from '../../fsutil/writeFileAtomic';
import { keychainEntry as systemKeychainEntry } from '../../system/keychainEntry';
import type { S3DestinationConfig } from './s3Config';

/** The keychain service every stored key pair is filed under; the account is the destination's name. */
const KEYCHAIN_SERVICE = 'threefold';

/** Where `dest add --access-key-id` put a destination's key pair: what its config then says. */
export type StoredCredentials = { credentials: 'keychain' } | { credentials: 'aws-credentials-file'; profile: string };

const threefoldProfile = (name: string): string => `threefold-${name}`;

/**
 * Stores the pair in the OS keychain, or, where none answers (a headless Linux without a Secret Service),
 * as the profile `threefold-NAME` of the shared AWS credentials file, which every AWS tool reads.
 */
export async function storeCredentials(name: string, keys: AccessKeyPair): Promise<StoredCredentials> {
  if (storeInKeychain(name, keys)) return { credentials: 'keychain' };
  const file = credentialsFile();
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const text = await readIfThere(file);
  await writeFileAtomic(file, withProfile(text, threefoldProfile(name), keys), 0o600);
  // A file that existed with wider rights keeps none: the rename gives the new file the 0600 it was made with.
  return { credentials: 'aws-credentials-file', profile: threefoldProfile(name) };
}

/**
 * The pair Threefold stored for a destination, or undefined where it uses the AWS chain. The credentials
 * file is read afresh: the AWS SDK keeps it as first read in a process, so a running helper would not see a
 * pair added or rotated since.
 */
export function storedKeys(config: S3DestinationConfig): AccessKeyPair | undefined {
  if (config.credentials === 'keychain') return keychainCredentials(config.name);
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
function keychainCredentials(name: string): AccessKeyPair {
  let stored: string | null | undefined;
  try {
    stored = keychainEntry(name).getPassword();
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

/** Removes the pair Threefold stored for a destination; a profile the user wrote is never touched. */
export async function removeStoredCredentials(config: S3DestinationConfig): Promise<void> {
  if (config.credentials === 'keychain') {
    try {
      keychainEntry(config.name).deletePassword();
    } catch {
      // Already gone, or the keychain is locked: nothing of ours is left to remove there.
    }
  } else if (config.credentials === 'aws-credentials-file' && config.profile === threefoldProfile(config.name)) {
    const file = credentialsFile();
    const text = await readIfThere(file);
    if (hasProfile(text, config.profile)) await writeFileAtomic(file, withoutProfile(text, config.profile), 0o600);
  }
}

/** Where a destination's key pair lives, for `dest list` (never the secret). */
export function credentialsNote(config: S3DestinationConfig): string {
  if (config.credentials === 'keychain') return 'keys in the keychain';
  if (config.credentials === 'aws-credentials-file') return `keys in ${credentialsFile()} [${config.profile}]`;
  return config.profile ? `AWS profile ${config.profile}` : 'AWS credentials chain';
}

function storeInKeychain(name: string, keys: AccessKeyPair): boolean {
  try {
    const entry = keychainEntry(name);
    entry.setPassword(JSON.stringify(keys));
    return entry.getPassword() === JSON.stringify(keys);
  } catch {
    return false;
  }
}

function keychainEntry(name: string): import('@napi-rs/keyring').Entry {
  return systemKeychainEntry(KEYCHAIN_SERVICE, name);
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
