// The panel's key pair lands in the OS keychain when the helper has one: the helper runs in a D-Bus session
// with gnome-keyring's Secret Service (its keyring in files under the test's HOME, unlocked with a password),
// as destKeychain.test.ts runs the CLI.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { HelperClient } from '../../src/protocol/helperClient';
import { useCredentialHomes } from '../helpers/credentialHomes';
import { pairingCode, spawnHelper, type HelperProcess } from '../helpers/helperHarness';
import { GREP_KEYS, testS3Server } from '../helpers/s3Server';
import { credentialFreeEnv, filesHolding } from '../helpers/secretGrep';

const t = useCredentialHomes('panelkeychain');
const KEYRING_SESSION = [
  'dbus-run-session',
  '--',
  'sh',
  '-c',
  'printf keyring-pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec "$@"',
  'sh',
];

let helper: HelperProcess | undefined;
let client: HelperClient | undefined;
afterEach(async () => {
  client?.close();
  await helper?.stop();
});

/** Whether the keychain holds an entry for the destination (asked in a session of its own, as the next command would). */
function keychainHolds(account: string): string {
  const probe = `try { process.stdout.write(String(new (require('@napi-rs/keyring').Entry)('threefold', ${JSON.stringify(account)}).getPassword() !== null)); } catch { process.stdout.write('false'); }`;
  const run = spawnSync(KEYRING_SESSION[0]!, [...KEYRING_SESSION.slice(1), process.execPath, '-e', probe], {
    env: credentialFreeEnv(t.userHome),
    encoding: 'utf8',
    cwd: path.resolve(__dirname, '../..'),
  });
  return run.stdout;
}

describe('destinations.add with a key pair, on a machine with a keychain', () => {
  it('stores the pair in the keychain, says so, and writes it to no file in the clear', async () => {
    helper = await spawnHelper(t.home, { env: credentialFreeEnv(t.userHome), launcher: KEYRING_SESSION });
    client = await HelperClient.connect(new WebSocket(`ws://127.0.0.1:${helper.port}`));
    await client.hello('panel');
    await client.request('pair', { code: pairingCode(t.home), client: 'panel' });

    const { destination } = await client.request('destinations.add', {
      name: 'b2',
      where: `s3://${t.bucket}/threefold`,
      provider: 'minio',
      endpoint: testS3Server().endpoint,
      keys: GREP_KEYS,
    });
    expect(destination.detail).toBe(`at ${testS3Server().endpoint} (keys in the keychain)`);
    const config = JSON.parse(fs.readFileSync(path.join(t.home, 'config.json'), 'utf8'));
    expect(config.destinations[0]).toMatchObject({ name: 'b2', credentials: 'keychain', account: expect.stringMatching(/^b2-[0-9a-f]{8}$/) });
    const { account } = config.destinations[0] as { account: string };
    expect(fs.existsSync(path.join(t.userHome, '.aws'))).toBe(false);
    expect(keychainHolds(account)).toBe('true');
    expect((await client.request('destinations.test', { name: 'b2' })).ok).toBe(true);
    // The keyring's own files hold the pair encrypted.
    expect(filesHolding(t.dir, GREP_KEYS.secretAccessKey, '')).toEqual([]);
    expect(helper.log()).not.toContain(GREP_KEYS.secretAccessKey);

    expect(await client.request('destinations.remove', { name: 'b2' })).toEqual({ removed: 'b2' });
    expect(keychainHolds(account)).toBe('false');
  });
});
