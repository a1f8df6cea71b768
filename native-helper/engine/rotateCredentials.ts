import type { AccessKeyPair } from '../../src/providers/awsCredentialsProfile';
import { loadConfig, saveConfig } from '../config/config';
import { withConfigLock } from '../config/configLock';
import { loadS3DestinationWith } from '../destinations/s3/loadS3Destination';
import type { S3DestinationConfig } from '../destinations/s3/s3Config';
import { removeStoredCredentials, storeCredentials } from '../destinations/s3/storedCredentials';
import { testDestination } from '../destinations/testDestination';
import { UserError } from '../errors';

/**
 * `dest credentials NAME`: a new key pair for an S3 destination, checked against its bucket (the round trip
 * `dest add` makes) before it replaces the stored one; the config then says where it lives.
 */
export async function rotateCredentials(home: string, name: string, keys: AccessKeyPair): Promise<S3DestinationConfig> {
  const current = (await loadConfig(home)).destinations.find((d) => d.name === name);
  if (!current) throw new UserError(`no destination is named "${name}"`);
  if (current.kind !== 's3') throw new UserError(`"${name}" is a ${current.kind} destination: only an S3 destination has keys`);
  const destination = loadS3DestinationWith(current, keys);
  const verdict = await testDestination(destination).finally(() => destination.close());
  if (!verdict.ok) throw new UserError(`the new keys cannot be used on "${name}": ${verdict.error}`);
  const stored = await storeCredentials(name, keys);
  return withConfigLock(home, async () => {
    const latest = await loadConfig(home);
    const found = latest.destinations.find((d) => d.name === name);
    if (found?.kind !== 's3') throw new UserError(`no S3 destination is named "${name}"`);
    // A profile of the user's own (--profile) is left as it is, unused now; one Threefold wrote was just rewritten.
    const { profile: _unused, credentials: _was, ...rest } = found;
    const rotated: S3DestinationConfig = { ...rest, ...stored };
    await saveConfig(home, { ...latest, destinations: latest.destinations.map((d) => (d === found ? rotated : d)) });
    // Moved between the keychain and the file: the old pair does not stay behind in the other.
    if (found.credentials !== undefined && found.credentials !== rotated.credentials) await removeStoredCredentials(found);
    return rotated;
  });
}
