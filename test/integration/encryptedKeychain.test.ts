import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN, type CliResult } from '../helpers/cli';
import { useCredentialHomes } from '../helpers/credentialHomes';
import { testS3Server } from '../helpers/s3Server';
import { pseudoRandomBytes, writeFile } from '../helpers/tempDir';

// An encrypted destination's key in the OS keychain: each command in a D-Bus session of its own with
// gnome-keyring's Secret Service, whose keyring lives in files under HOME, so a key stored by one is read by the next.
const t = useCredentialHomes('crypt-keychain');
const server = () => testS3Server();
const IN_KEYRING_SESSION = 'printf keyring-pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec "$@"';

function cli(args: string[]): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!/^AWS_|^THREEFOLD_TEST_S3_|^DBUS_|^XDG_RUNTIME/.test(name)) env[name] = value;
  Object.assign(env, {
    THREEFOLD_HOME: t.home,
    HOME: t.userHome,
    AWS_ACCESS_KEY_ID: server().accessKeyId,
    AWS_SECRET_ACCESS_KEY: server().secretAccessKey,
    AWS_REGION: server().region,
  });
  return new Promise((resolve, reject) => {
    const child = spawn('dbus-run-session', ['--', 'sh', '-c', IN_KEYRING_SESSION, 'sh', process.execPath, BIN, ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', reject);
    // dbus-daemon says on stderr that it cannot raise its fd limit when not allowed to: not the CLI's words.
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr: stderr.replace(/^dbus-daemon\[\d+\].*\n/gm, '') }));
  });
}

describe('an encrypted destination with its key in the OS keychain (Secret Service)', () => {
  it('keeps the key there, nowhere in the clear, and later commands encrypt and decrypt with it', async () => {
    const added = await cli(['dest', 'add', 'vault', `s3://${t.bucket}/tf`, '--endpoint', server().endpoint, '--path-style', '--encrypt']);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const phrase = /AGE-SECRET-KEY-1[0-9A-Z]+/.exec(added.stdout)![0];
    const config = JSON.parse(fs.readFileSync(path.join(t.home, 'config.json'), 'utf8')) as { destinations: Array<{ encryption?: { key: string } }> };
    expect(config.destinations[0]!.encryption).toMatchObject({ key: 'keychain' });
    expect(fs.existsSync(path.join(t.userHome, '.threefold-keys'))).toBe(false);

    const media = path.join(t.dir, 'Media');
    writeFile(path.join(media, 'A001.mov'), pseudoRandomBytes(300_000, 9));
    expect(await cli(['protect', media])).toMatchObject({ code: 0, stderr: '' });
    const verified = await cli(['verify', '--read', '--json']);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ copies: { checked: 1, passed: 1 } });
    // The keyring's own files hold the key encrypted: no file under either home holds the phrase in the clear.
    for (const entry of fs.readdirSync(t.dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())) {
      expect(fs.readFileSync(path.join(entry.parentPath, entry.name)).includes(phrase)).toBe(false);
    }
  });
});
