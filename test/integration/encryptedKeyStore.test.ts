import fs from 'node:fs';
import path from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { type CliResult, runCli } from '../helpers/cli';
import { useCredentialHomes } from '../helpers/credentialHomes';
import { s3Client, testS3Server } from '../helpers/s3Server';

// Where an encrypted destination's key is stored: one identity file per destination name under the user's
// HOME, shared by every Threefold home of that user. No Secret Service answers here.
const t = useCredentialHomes('cryptkeys');
const server = () => testS3Server();

function cli(args: string[], options: { input?: string; home?: string; userHome?: string } = {}): CliResult {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!/^DBUS_|^THREEFOLD_TEST_S3_/.test(name)) env[name] = value;
  Object.assign(env, {
    HOME: options.userHome ?? t.userHome,
    AWS_ACCESS_KEY_ID: server().accessKeyId,
    AWS_SECRET_ACCESS_KEY: server().secretAccessKey,
    AWS_REGION: server().region,
  });
  return runCli(options.home ?? t.home, args, { env, input: options.input ?? '' });
}

const addEncrypted = (prefix: string, options: { home?: string; userHome?: string } = {}) =>
  cli(['dest', 'add', 'vault', `s3://${t.bucket}/${prefix}`, '--endpoint', server().endpoint, '--path-style', '--encrypt'], options);

const identityFile = () => path.join(t.userHome, '.threefold-keys', 'vault.txt');

describe("an encrypted destination's stored key", () => {
  it('is never replaced by another home adding a destination of the same name', () => {
    expect(addEncrypted('first').code).toBe(0);
    const kept = fs.readFileSync(identityFile(), 'utf8');
    const other = addEncrypted('second', { home: path.join(t.dir, 'other-home') });
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('a key for a destination named "vault" is stored already');
    expect(other.stdout).not.toMatch(/AGE-SECRET-KEY-1/);
    expect(fs.readFileSync(identityFile(), 'utf8')).toBe(kept);
    expect(cli(['dest', 'test', 'vault'])).toMatchObject({ code: 0, stdout: expect.stringContaining('vault: OK') });
  });

  it('that could not be stored leaves no encryption record: the prefix is added again with a new key', async () => {
    // A HOME that is a file: the identity file's folder cannot be made.
    const blocked = path.join(t.dir, 'not-a-folder');
    fs.writeFileSync(blocked, '');
    const failed = addEncrypted('tf', { userHome: blocked });
    expect(failed.code).not.toBe(0);
    expect(failed.stdout).not.toMatch(/AGE-SECRET-KEY-1/);
    const listed = await s3Client(server()).send(new ListObjectsV2Command({ Bucket: t.bucket, Prefix: 'tf/' }));
    expect((listed.Contents ?? []).map((o) => o.Key)).not.toContain('tf/.threefold/encryption.json');
    const again = addEncrypted('tf');
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/AGE-SECRET-KEY-1/);
  });
});

describe('encrypted names', () => {
  it('a key too long for S3 once its names are encrypted fails with a clear message, the others protected', () => {
    const added = cli(['dest', 'add', 'vault', `s3://${t.bucket}/tf`, '--endpoint', server().endpoint, '--path-style', '--encrypt', '--encrypt-names']);
    expect(added.code).toBe(0);
    const folder = path.join(t.dir, 'media');
    // Three 200-byte names: well under S3's 1024 bytes as they are, over it once each is encrypted.
    const deep = path.join(folder, 'a'.repeat(200), 'b'.repeat(200), `${'c'.repeat(196)}.mov`);
    fs.mkdirSync(path.dirname(deep), { recursive: true });
    fs.writeFileSync(deep, 'take 1\n');
    fs.writeFileSync(path.join(folder, 'short.mov'), 'take 2\n');
    const run = cli(['protect', folder]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/vault: cannot store \S+: with its names encrypted its key is \d+ bytes, over the 1024 a store allows/);
    expect(run.stdout).toContain('shorten its folder or file names');
    expect(run.stdout).toContain('Copied and verified 1 files');
  });
});
