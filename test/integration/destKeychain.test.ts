import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ThreefoldConfig } from '../../native-helper/config/config';
import { BIN, type CliResult } from '../helpers/cli';
import { useCredentialHomes } from '../helpers/credentialHomes';
import { type PackagedExecutable, packagedExecutable } from '../helpers/packagedExecutable';
import { fakeSystemctl } from '../helpers/fakeSystemctl';
import { GREP_KEYS, testS3Server } from '../helpers/s3Server';
import { makeTempDir, pseudoRandomBytes, writeFile } from '../helpers/tempDir';

// Each command runs in a D-Bus session of its own with gnome-keyring's Secret Service, unlocked with one
// password: the keyring lives in files under HOME, so a pair stored by one command is read by the next.
const t = useCredentialHomes('keychain');

const server = () => testS3Server();
const IN_KEYRING_SESSION = 'printf keyring-pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec "$@"';

function inKeyringSession(command: string[], env: NodeJS.ProcessEnv = {}, keyring = true): Promise<CliResult> {
  const clean: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!/^AWS_|^THREEFOLD_TEST_S3_|^DBUS_|^XDG_RUNTIME/.test(name)) clean[name] = value;
  Object.assign(clean, { THREEFOLD_HOME: t.home, HOME: t.userHome, AWS_REGION: server().region }, env);
  return new Promise((resolve, reject) => {
    const [program, args] = keyring ? ['dbus-run-session', ['--', 'sh', '-c', IN_KEYRING_SESSION, 'sh', ...command]] : [command[0]!, command.slice(1)];
    const child = spawn(program as string, args as string[], { env: clean, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', reject);
    // dbus-daemon says on stderr that it cannot raise its fd limit when not allowed to: not the CLI's words.
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr: stderr.replace(/^dbus-daemon\[\d+\].*\n/gm, '') }));
  });
}

const cli = (args: string[], env?: NodeJS.ProcessEnv) => inKeyringSession([process.execPath, BIN, ...args], env);
/** The CLI with no session bus: no keychain answers. */
const cliWithoutKeychain = (args: string[], env?: NodeJS.ProcessEnv) => inKeyringSession([process.execPath, BIN, ...args], env, false);
/** What the keychain holds under service "threefold" and `account`: '' for nothing. */
const keychainRead = async (account: string) =>
  (
    await inKeyringSession([
      process.execPath,
      '-e',
      `try { process.stdout.write(new (require('@napi-rs/keyring').Entry)('threefold', ${JSON.stringify(account)}).getPassword() ?? ''); } catch {}`,
    ])
  ).stdout;
const keychainHolds = async (account: string) => (await keychainRead(account)) !== '';
const readConfig = (home = t.home) => JSON.parse(fs.readFileSync(path.join(home, 'config.json'), 'utf8')) as ThreefoldConfig;
/** The keychain account a home's destination "b2" names: one of its own (`b2-` and an id). */
const accountOf = (home = t.home) => (readConfig(home).destinations.find((d) => d.name === 'b2') as { account?: string }).account;

describe('key pairs in the OS keychain (Secret Service)', () => {
  it('stores the pair there, protects with it, lists where it is, and removes it with the destination', async () => {
    const secret = server().secretAccessKey;
    const added = await cli(
      [
        'dest',
        'add',
        'b2',
        `s3://${t.bucket}/threefold`,
        '--provider',
        'minio',
        '--endpoint',
        server().endpoint,
        '--access-key-id',
        server().accessKeyId,
        '--secret-from-env',
        'B2_SECRET',
      ],
      { B2_SECRET: secret },
    );
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const config = readConfig();
    expect(config.destinations[0]).toMatchObject({ name: 'b2', credentials: 'keychain', account: expect.stringMatching(/^b2-[0-9a-f]{8}$/) });
    expect(config.destinations[0]).not.toHaveProperty('profile');
    expect(fs.existsSync(path.join(t.userHome, '.aws'))).toBe(false);
    const account = accountOf()!;
    expect(await keychainHolds(account)).toBe(true);
    expect(await keychainHolds('b2')).toBe(false);

    const list = await cli(['dest', 'list']);
    expect(list.stdout).toContain('(keys in the keychain)');
    const media = path.join(t.dir, 'Media');
    writeFile(path.join(media, 'A001.mov'), pseudoRandomBytes(50_000, 5));
    const protect = await cli(['protect', media]);
    expect(protect.stderr).toBe('');
    expect(protect.stdout).toContain('Copied and verified 1 files');
    // The keyring's own files hold the pair encrypted: no file under either home holds it in the clear.
    for (const entry of fs.readdirSync(t.dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())) {
      const file = path.join(entry.parentPath, entry.name);
      expect({ file, holds: fs.readFileSync(file).toString('latin1').includes(secret) }).toEqual({ file, holds: false });
    }
    for (const output of [added, list, protect]) expect(output.stdout + output.stderr).not.toContain(secret);

    const removed = await cli(['dest', 'remove', 'b2']);
    expect(removed.stdout).toContain('The keys Threefold stored for it were removed.');
    expect(await keychainHolds(account)).toBe(false);
  });

  it('says so when the keychain entry no longer holds a key pair', async () => {
    const added = await cli(
      [
        'dest',
        'add',
        'b2',
        `s3://${t.bucket}/threefold`,
        '--provider',
        'minio',
        '--endpoint',
        server().endpoint,
        '--access-key-id',
        server().accessKeyId,
        '--secret-from-env',
        'B2_SECRET',
      ],
      { B2_SECRET: server().secretAccessKey },
    );
    expect(added.code).toBe(0);
    await inKeyringSession([
      process.execPath,
      '-e',
      `new (require('@napi-rs/keyring').Entry)('threefold', ${JSON.stringify(accountOf())}).setPassword('edited by hand')`,
    ]);
    const media = path.join(t.dir, 'Media');
    writeFile(path.join(media, 'A001.mov'), pseudoRandomBytes(1_000, 6));
    const protect = await cli(['protect', media]);
    expect(protect.code).not.toBe(0);
    expect(protect.stdout + protect.stderr).toContain('the keychain entry of destination "b2" is not a key pair Threefold stored');
  });

  it('a rotation that moves the pair from the credentials file to the keychain leaves nothing in the file', async () => {
    const secret = server().secretAccessKey;
    const keyArgs = ['--access-key-id', server().accessKeyId, '--secret-from-env', 'B2_SECRET'];
    const added = await cliWithoutKeychain(['dest', 'add', 'b2', `s3://${t.bucket}`, '--provider', 'minio', '--endpoint', server().endpoint, ...keyArgs], {
      B2_SECRET: secret,
    });
    expect(added.code).toBe(0);
    const file = path.join(t.userHome, '.aws', 'credentials');
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^\[threefold-b2-[0-9a-f]{8}\]\n/);

    const rotated = await cli(['dest', 'credentials', 'b2', ...keyArgs], { B2_SECRET: secret });
    expect(rotated.stderr).toBe('');
    expect(rotated.stdout).toContain('(keys in the keychain)');
    const config = readConfig();
    expect(config.destinations[0]).toMatchObject({ credentials: 'keychain' });
    expect(config.destinations[0]).not.toHaveProperty('profile');
    expect(fs.readFileSync(file, 'utf8')).toBe('');
    expect((await cli(['dest', 'test', 'b2'])).stdout).toContain('b2: OK');
  });
});

describe('two homes with a destination of the same name', () => {
  /** `dest add b2` in `home`, on a prefix of its own, with `keys`. */
  const addIn = (home: string, prefix: string, keys: { accessKeyId: string; secretAccessKey: string }, run = cli) =>
    run(
      ['dest', 'add', 'b2', `s3://${t.bucket}/${prefix}`, '--provider', 'minio', '--endpoint', server().endpoint].concat([
        '--access-key-id',
        keys.accessKeyId,
        '--secret-from-env',
        'B2_SECRET',
      ]),
      { THREEFOLD_HOME: home, B2_SECRET: keys.secretAccessKey },
    );
  const protectIn = async (home: string, run = cli) => {
    const media = path.join(t.dir, `Media-${path.basename(home)}`);
    writeFile(path.join(media, `A${fs.existsSync(media) ? fs.readdirSync(media).length : 0}.mov`), pseudoRandomBytes(5_000, fs.existsSync(media) ? 9 : 8));
    return run(['protect', media], { THREEFOLD_HOME: home });
  };
  const tester = () => ({ accessKeyId: server().accessKeyId, secretAccessKey: server().secretAccessKey });

  it('keep two keychain entries: each protects with its own keys, and purging one home leaves the other its keys', async () => {
    const other = path.join(t.dir, 'threefold-2');
    expect(await addIn(t.home, 'one', tester())).toMatchObject({ code: 0, stderr: '' });
    expect(await addIn(other, 'two', GREP_KEYS)).toMatchObject({ code: 0, stderr: '' });
    const [mine, theirs] = [accountOf(t.home)!, accountOf(other)!];
    expect(mine).not.toBe(theirs);
    expect(JSON.parse(await keychainRead(mine))).toEqual(tester());
    expect(JSON.parse(await keychainRead(theirs))).toEqual(GREP_KEYS);
    for (const home of [t.home, other]) expect((await protectIn(home)).stdout).toContain('Copied and verified 1 files');

    const purged = await cli(['helper', 'uninstall', '--purge-home', '--yes'], { ...fakeSystemctl(t.dir).env, THREEFOLD_HOME: t.home });
    expect(purged).toMatchObject({ code: 0, stderr: '' });
    expect(purged.stdout).not.toContain('Not forgotten');
    expect(await keychainHolds(mine)).toBe(false);
    expect(JSON.parse(await keychainRead(theirs))).toEqual(GREP_KEYS);
    expect((await protectIn(other)).stdout).toContain('Copied and verified 1 files');
  });

  it('keep two profiles in the credentials file: removing the destination in one home leaves the other its keys', async () => {
    const other = path.join(t.dir, 'threefold-2');
    expect(await addIn(t.home, 'one', tester(), cliWithoutKeychain)).toMatchObject({ code: 0, stderr: '' });
    expect(await addIn(other, 'two', GREP_KEYS, cliWithoutKeychain)).toMatchObject({ code: 0, stderr: '' });
    const profileOf = (home: string) => (readConfig(home).destinations[0] as { profile: string }).profile;
    expect(profileOf(t.home)).not.toBe(profileOf(other));
    for (const home of [t.home, other]) expect((await protectIn(home, cliWithoutKeychain)).stdout).toContain('Copied and verified 1 files');

    const removed = await cliWithoutKeychain(['dest', 'remove', 'b2'], { THREEFOLD_HOME: t.home });
    expect(removed.stdout).toContain('The keys Threefold stored for it were removed.');
    const file = fs.readFileSync(path.join(t.userHome, '.aws', 'credentials'), 'utf8');
    expect(file).toBe(`[${profileOf(other)}]\naws_access_key_id = ${GREP_KEYS.accessKeyId}\naws_secret_access_key = ${GREP_KEYS.secretAccessKey}\n`);
    expect((await protectIn(other, cliWithoutKeychain)).stdout).toContain('Copied and verified 1 files');
  });

  it('a config from before (keychain account = the name) still protects, is moved by dest credentials, and the shared entry is never removed', async () => {
    expect(await addIn(t.home, 'one', tester())).toMatchObject({ code: 0, stderr: '' });
    const scoped = accountOf()!;
    // What an older Threefold wrote: the entry under the bare name, and no account in the config.
    const legacy = () => {
      const config = readConfig();
      const { account: _scoped, ...b2 } = config.destinations[0] as { account?: string };
      fs.writeFileSync(path.join(t.home, 'config.json'), JSON.stringify({ ...config, destinations: [b2] }));
    };
    await inKeyringSession([
      process.execPath,
      '-e',
      `new (require('@napi-rs/keyring').Entry)('threefold', 'b2').setPassword(${JSON.stringify(JSON.stringify(tester()))})`,
    ]);
    await inKeyringSession([process.execPath, '-e', `new (require('@napi-rs/keyring').Entry)('threefold', ${JSON.stringify(scoped)}).deletePassword()`]);
    legacy();
    expect((await protectIn(t.home)).stdout).toContain('Copied and verified 1 files');

    const rotated = await cli(['dest', 'credentials', 'b2', '--access-key-id', GREP_KEYS.accessKeyId, '--secret-from-env', 'B2_SECRET'], {
      B2_SECRET: GREP_KEYS.secretAccessKey,
    });
    expect(rotated).toMatchObject({ code: 0, stderr: '' });
    expect(rotated.stdout).toContain(`Not removed: the keychain entry "b2" (service threefold) was left`);
    expect(rotated.stdout).toContain("it may hold another home's keys");
    const moved = accountOf()!;
    expect(moved).toMatch(/^b2-[0-9a-f]{8}$/);
    expect(JSON.parse(await keychainRead(moved))).toEqual(GREP_KEYS);
    expect(JSON.parse(await keychainRead('b2'))).toEqual(tester());
    expect((await protectIn(t.home)).stdout).toContain('Copied and verified 1 files');

    legacy();
    const removed = await cli(['dest', 'remove', 'b2']);
    expect(removed.code).toBe(0);
    expect(removed.stdout).not.toContain('The keys Threefold stored for it were removed.');
    expect(removed.stdout).toContain(`Not removed: the keychain entry "b2" (service threefold) was left`);
    expect(JSON.parse(await keychainRead('b2'))).toEqual(tester());
  });
});

describe('the single executable and the keychain', () => {
  let built: ReturnType<typeof makeTempDir>;
  let packaged: PackagedExecutable;
  beforeAll(() => {
    built = makeTempDir('threefold-executable-');
    packaged = packagedExecutable(built.dir);
  }, 180_000);
  afterAll(() => built?.cleanup());

  it('stores the pair in the keychain through the addon it carries, and protects with it', async () => {
    // Its cache folder (where the addon is written to be loaded) under the test's HOME, whatever this shell's.
    const run = (args: string[], env?: NodeJS.ProcessEnv) =>
      inKeyringSession([packaged.executable, ...args], { XDG_CACHE_HOME: path.join(t.userHome, '.cache'), ...env });
    const stored = await run(
      [
        'dest',
        'add',
        'b2',
        `s3://${t.bucket}/threefold`,
        '--provider',
        'minio',
        '--endpoint',
        server().endpoint,
        '--access-key-id',
        server().accessKeyId,
        '--secret-from-env',
        'B2_SECRET',
      ],
      { B2_SECRET: server().secretAccessKey },
    );
    expect(stored).toMatchObject({ code: 0, stderr: '' });
    expect(fs.existsSync(path.join(t.userHome, '.aws'))).toBe(false);
    expect(await keychainHolds(accountOf()!)).toBe(true);
    const addons = fs.readdirSync(path.join(t.userHome, '.cache', 'threefold', 'addons'));
    expect(addons).toEqual([expect.stringMatching(/^[0-9a-f]{16}-keyring\.node$/)]);

    const media = path.join(t.dir, 'Media');
    writeFile(path.join(media, 'A001.mov'), pseudoRandomBytes(20_000, 7));
    const protect = await run(['protect', media]);
    expect(protect).toMatchObject({ code: 0, stderr: '' });
    expect(protect.stdout).toContain('Copied and verified 1 files');
  });
});
