import fs from 'node:fs';
import path from 'node:path';
import { type CliResult, runCli } from '../helpers/cli';
import { useCredentialHomes } from '../helpers/credentialHomes';
import { testS3Server } from '../helpers/s3Server';

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

});
