import { UserError } from '../../errors';
import type { Destination } from '../destination';
import { MARKER_KEY } from '../identityMarker';
import { type AgeIdentity, generateIdentity, parseIdentity } from './ageIdentity';
import type { EncryptionConfig } from './encryptionConfig';
import { storedIdentityOf, storeIdentity } from './storedIdentity';

/**
 * The one object of an encrypted destination kept in the clear: what its objects are encrypted to. A new
 * machine adding the bucket learns from it that the recovery phrase is needed, and checks the phrase it is given.
 */
export const ENCRYPTION_RECORD_KEY = '.threefold/encryption.json';
const FORMAT = 'threefold-encryption/1';

interface EncryptionRecord {
  format: typeof FORMAT;
  recipient: string;
  names: boolean;
  createdAt: string;
}

export interface EncryptionRequest {
  encrypt: boolean;
  names: boolean;
  /** Asks the user for the recovery phrase of a destination encrypted before (a TTY prompt, or standard input). */
  recoveryPhrase?: () => Promise<string>;
}

export interface EncryptionSetup {
  encryption?: EncryptionConfig;
  /** A key made now: its recovery phrase, to show the user once. */
  newPhrase?: string;
}

/**
 * `dest add`: the storage's encryption. A store that holds an encryption record is encrypted already: its
 * recovery phrase is asked for and checked against the record; one without gets a new key and record.
 * A store of unencrypted copies never becomes encrypted, nor the other way round.
 */
/** `where`: the store in words (`s3://bucket/prefix`). */
export async function setUpEncryption(name: string, where: string, store: Destination, request: EncryptionRequest): Promise<EncryptionSetup> {
  const record = await readRecord(store);
  if (record && !request.encrypt) {
    throw new UserError(`${where} holds copies Threefold encrypted (to ${record.recipient}): add it with --encrypt and its recovery phrase`);
  }
  if (!request.encrypt) return {};
  if (record) {
    if (request.recoveryPhrase === undefined) throw new UserError(`${where} is encrypted: its recovery phrase is needed to add it`);
    const identity = parseIdentity(await request.recoveryPhrase());
    if ('error' in identity) throw new UserError(`the recovery phrase was not accepted: ${identity.error}`);
    if (identity.recipient !== record.recipient) {
      throw new UserError(
        `this recovery phrase does not open ${where}: its copies are encrypted to ${record.recipient}, the phrase's key is ${identity.recipient}`,
      );
    }
    refuseOtherKey(name, identity);
    const key = await storeIdentity(name, identity);
    return { encryption: { recipient: record.recipient, names: record.names, key } };
  }
  if ((await store.getSmall(MARKER_KEY)) !== undefined) {
    throw new UserError(`${where} already holds unencrypted Threefold copies: an encrypted destination needs a prefix of its own`);
  }
  const identity = generateIdentity();
  refuseOtherKey(name, identity);
  const written: EncryptionRecord = { format: FORMAT, recipient: identity.recipient, names: request.names, createdAt: new Date().toISOString() };
  await store.putSmall(ENCRYPTION_RECORD_KEY, Buffer.from(`${JSON.stringify(written, null, 2)}\n`), { exclusive: true });
  let key: EncryptionConfig['key'];
  try {
    key = await storeIdentity(name, identity);
  } catch (error) {
    // A record of a key nobody was shown nor kept would lock the prefix for good: it goes with the key.
    await store.remove(ENCRYPTION_RECORD_KEY).catch(() => undefined);
    throw new UserError(`the new encryption key could not be stored (nothing was added): ${(error as Error).message}`);
  }
  return { encryption: { recipient: identity.recipient, names: request.names, key }, newPhrase: identity.phrase };
}

/**
 * The key file and keychain entry are named by the destination alone: one stored for a destination of this
 * name (in another Threefold home of this user, or removed: `dest remove` leaves its key) is never replaced
 * by another key, which would make its copies unreadable, and lost with a recovery phrase nobody wrote down.
 */
function refuseOtherKey(name: string, identity: AgeIdentity): void {
  const stored = storedIdentityOf(name);
  if (stored === undefined || stored.identity.recipient === identity.recipient) return;
  throw new UserError(
    `a key for a destination named "${name}" is stored already (${stored.where}), for copies encrypted to ${stored.identity.recipient}: a destination of that name in another Threefold home of this user, or a removed one whose copies it still opens; add this one under another name`,
  );
}

async function readRecord(store: Destination): Promise<EncryptionRecord | undefined> {
  const data = await store.getSmall(ENCRYPTION_RECORD_KEY);
  if (data === undefined) return undefined;
  try {
    const record = JSON.parse(data.toString('utf8')) as Partial<EncryptionRecord>;
    if (record.format === FORMAT && typeof record.recipient === 'string' && typeof record.names === 'boolean') return record as EncryptionRecord;
  } catch {
    // Said below.
  }
  throw new UserError(`${store.locate(ENCRYPTION_RECORD_KEY)} is not a Threefold encryption record; the destination cannot be added`);
}
