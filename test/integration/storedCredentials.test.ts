import fs from 'node:fs';
import path from 'node:path';
import type { S3DestinationConfig } from '../../native-helper/destinations/s3/s3Config';
import { removeStoredCredentials, storeCredentials, storedKeys } from '../../native-helper/destinations/s3/storedCredentials';
import { makeTempDir } from '../helpers/tempDir';

// The shared credentials file of a temp folder; no session bus, so no keychain answers and the file is used.
let temp: ReturnType<typeof makeTempDir>;
let file: string;
beforeEach(() => {
  temp = makeTempDir();
  file = path.join(temp.dir, 'aws', 'credentials');
  process.env.AWS_SHARED_CREDENTIALS_FILE = file;
  delete process.env.DBUS_SESSION_BUS_ADDRESS;
});
afterEach(() => {
  delete process.env.AWS_SHARED_CREDENTIALS_FILE;
  temp.cleanup();
});

const destination = (stored: Partial<S3DestinationConfig>): S3DestinationConfig => ({
  name: 'b2',
  kind: 's3',
  bucket: 'ferry-archive',
  prefix: '',
  region: 'us-west-004',
  pathStyle: false,
  media: 'cloud',
  offsite: true,
  ...stored,
});

describe('key pairs in the shared credentials file', () => {
  it('are read afresh each time a destination is opened: a rotation is seen by a running process', async () => {
    const stored = await storeCredentials('b2', { accessKeyId: 'OLD', secretAccessKey: 'old-secret' });
    expect(stored).toEqual({ credentials: 'aws-credentials-file', profile: 'threefold-b2' });
    expect(storedKeys(destination(stored))).toEqual({ accessKeyId: 'OLD', secretAccessKey: 'old-secret' });
    await storeCredentials('b2', { accessKeyId: 'NEW', secretAccessKey: 'new-secret' });
    expect(storedKeys(destination(stored))).toEqual({ accessKeyId: 'NEW', secretAccessKey: 'new-secret' });
    expect(fs.readFileSync(file, 'utf8')).not.toContain('old-secret');
  });

  it('a profile Threefold did not write is never removed; one it wrote is', async () => {
    fs.mkdirSync(path.dirname(file));
    const mine = '[threefold-b2]\naws_access_key_id = MINE\naws_secret_access_key = mine\n';
    fs.writeFileSync(file, mine);
    // The user's own profile, named by --profile: the config does not say Threefold stored it.
    await removeStoredCredentials(destination({ profile: 'threefold-b2' }));
    // Stored by Threefold for another destination's name: not this one's to remove.
    await removeStoredCredentials(destination({ name: 'other', credentials: 'aws-credentials-file', profile: 'threefold-b2' }));
    expect(fs.readFileSync(file, 'utf8')).toBe(mine);
    await removeStoredCredentials(destination({ credentials: 'aws-credentials-file', profile: 'threefold-b2' }));
    expect(fs.readFileSync(file, 'utf8')).toBe('');
  });

  it('a missing profile is a clear error naming the way to store the keys again', () => {
    expect(() => storedKeys(destination({ credentials: 'aws-credentials-file', profile: 'threefold-b2' }))).toThrow(`cannot be read from ${file}: ENOENT`);
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, '[default]\n');
    expect(() => storedKeys(destination({ credentials: 'aws-credentials-file', profile: 'threefold-b2' }))).toThrow(
      'has no keys under [threefold-b2] for destination "b2": store them again with `threefold dest credentials b2`',
    );
  });
});
