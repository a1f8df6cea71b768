import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DestinationError } from '../destination';
import { writeFileAtomic } from '../../fsutil/writeFileAtomic';
import { type AgeIdentity, parseIdentity } from './ageIdentity';
import type { EncryptionConfig } from './encryptionConfig';
import { keychainEntry as systemKeychainEntry } from '../../system/keychainEntry';

/** The keychain service encrypted destinations' identities are filed under; the account is the destination's name. */
const KEYCHAIN_SERVICE = 'threefold-encryption';

/** Where no keychain answers: one age identity file per destination, which the `age` tool reads as it is. */
export const identityFile = (name: string): string => path.join(os.homedir(), '.threefold-keys', `${name}.txt`);

/** Stores a destination's identity in the keychain, else in its identity file (mode 0600); says where. */
export async function storeIdentity(name: string, identity: AgeIdentity): Promise<EncryptionConfig['key']> {
  if (storeInKeychain(name, identity.phrase)) return 'keychain';
  const file = identityFile(name);
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const text = `# The key of Threefold destination "${name}" (an age identity: age -d -i ${path.basename(file)} FILE.age)\n# recipient: ${identity.recipient}\n${identity.phrase}\n`;
  await writeFileAtomic(file, text, 0o600);
  return 'file';
}

/** The identity stored for a destination; a DestinationError saying how to put it back when it is not there. */
export function loadIdentity(name: string, where: EncryptionConfig['key']): AgeIdentity {
  const missing = (why: string): DestinationError =>
    new DestinationError(name, `the encryption key of "${name}" ${why}: give it again with \`threefold dest key ${name}\` and the recovery phrase`);
  let text: string | null | undefined;
  try {
    text = where === 'keychain' ? keychainEntry(name).getPassword() : readFileSync(identityFile(name), 'utf8');
  } catch (error) {
    throw missing(
      `cannot be read from ${where === 'keychain' ? 'the keychain' : identityFile(name)} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  const line = text
    ?.split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '' && !l.startsWith('#'));
  if (!line) throw missing(`is not in ${where === 'keychain' ? 'the keychain' : identityFile(name)}`);
  const identity = parseIdentity(line);
  if ('error' in identity) throw missing(`in ${where === 'keychain' ? 'the keychain' : identityFile(name)} is unreadable (${identity.error})`);
  return identity;
}

/**
 * The key already stored under a destination's name, if any: the file and the keychain entry are named by
 * the destination alone, so another Threefold home of this user may hold one for a destination of that name.
 */
export function storedIdentityOf(name: string): { identity: AgeIdentity; where: string } | undefined {
  for (const where of ['keychain', 'file'] as const) {
    try {
      return { identity: loadIdentity(name, where), where: where === 'keychain' ? 'in the keychain' : identityFile(name) };
    } catch {
      // None there, or unreadable.
    }
  }
  return undefined;
}

/** Removes the identity Threefold stored for a destination (the recovery phrase, written down, still opens its copies). */
export async function forgetIdentity(name: string, where: EncryptionConfig['key']): Promise<void> {
  if (where === 'keychain') {
    try {
      keychainEntry(name).deletePassword();
    } catch {
      // Already gone, or the keychain is locked.
    }
  } else {
    await fs.rm(identityFile(name), { force: true });
  }
}

function storeInKeychain(name: string, phrase: string): boolean {
  try {
    const entry = keychainEntry(name);
    entry.setPassword(phrase);
    return entry.getPassword() === phrase;
  } catch {
    return false;
  }
}

function keychainEntry(name: string): import('@napi-rs/keyring').Entry {
  return systemKeychainEntry(KEYCHAIN_SERVICE, name);
}
