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
    expect(stored).toEqual({ credentials: 'aws-credentials-file', profile: expect.stringMatching(/^threefold-b2-[0-9a-f]{8}$/) });
    expect(storedKeys(destination(stored))).toEqual({ accessKeyId: 'OLD', secretAccessKey: 'old-secret' });
    // A rotation rewrites the profile the config names.
    expect(await storeCredentials('b2', { accessKeyId: 'NEW', secretAccessKey: 'new-secret' }, destination(stored))).toEqual(stored);
    expect(storedKeys(destination(stored))).toEqual({ accessKeyId: 'NEW', secretAccessKey: 'new-secret' });
    expect(fs.readFileSync(file, 'utf8')).not.toContain('old-secret');
  });

  it('a profile Threefold did not write is never removed; one it wrote is', async () => {
    fs.mkdirSync(path.dirname(file));
    const mine = '[threefold-b2-0a1b2c3d]\naws_access_key_id = MINE\naws_secret_access_key = mine\n';
    fs.writeFileSync(file, mine);
    // The user's own profile, named by --profile: the config does not say Threefold stored it.
    await removeStoredCredentials(destination({ profile: 'threefold-b2-0a1b2c3d' }));
    // Stored by Threefold for another destination's name: not this one's to remove.
    await removeStoredCredentials(destination({ name: 'other', credentials: 'aws-credentials-file', profile: 'threefold-b2-0a1b2c3d' }));
    await removeStoredCredentials(destination({ name: 'b', credentials: 'aws-credentials-file', profile: 'threefold-b2-0a1b2c3d' }));
    expect(fs.readFileSync(file, 'utf8')).toBe(mine);
    await removeStoredCredentials(destination({ credentials: 'aws-credentials-file', profile: 'threefold-b2-0a1b2c3d' }));
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

describe('key pairs of two homes with a destination of the same name', () => {
  it('go to two profiles; removing one leaves the other', async () => {
    const first = await storeCredentials('b2', { accessKeyId: 'FIRST', secretAccessKey: 'first-secret' });
    const second = await storeCredentials('b2', { accessKeyId: 'SECOND', secretAccessKey: 'second-secret' });
    expect(second).not.toEqual(first);
    expect(storedKeys(destination(first))).toEqual({ accessKeyId: 'FIRST', secretAccessKey: 'first-secret' });
    expect(await removeStoredCredentials(destination(second))).toEqual([]);
    expect(fs.readFileSync(file, 'utf8')).not.toContain('second-secret');
    expect(storedKeys(destination(first))).toEqual({ accessKeyId: 'FIRST', secretAccessKey: 'first-secret' });
  });

  it('the shared profile of a config from before is read, rotated to a profile of its own, and never removed: the output says so', async () => {
    fs.mkdirSync(path.dirname(file));
    const shared = '[threefold-b2]\naws_access_key_id = SHARED\naws_secret_access_key = shared\n';
    fs.writeFileSync(file, shared);
    const legacy = destination({ credentials: 'aws-credentials-file', profile: 'threefold-b2' });
    expect(storedKeys(legacy)).toEqual({ accessKeyId: 'SHARED', secretAccessKey: 'shared' });
    const rotated = await storeCredentials('b2', { accessKeyId: 'NEW', secretAccessKey: 'new' }, legacy);
    expect(rotated.credentials === 'aws-credentials-file' && rotated.profile).toMatch(/^threefold-b2-[0-9a-f]{8}$/);
    expect(storedKeys(destination(rotated))).toEqual({ accessKeyId: 'NEW', secretAccessKey: 'new' });
    const left = await removeStoredCredentials(legacy);
    expect(left).toEqual([expect.stringContaining(`the profile [threefold-b2] of ${file} was left`)]);
    expect(left[0]).toContain("may hold another home's keys");
    expect(fs.readFileSync(file, 'utf8').startsWith(shared)).toBe(true);
  });
});
