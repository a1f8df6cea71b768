import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ThreefoldConfig } from '../../native-helper/config/config';
import { generateIdentity } from '../../native-helper/destinations/crypt/ageIdentity';
import { mapSourcePath } from '../../src/paths/mapSourcePath';
import { type CliResult, runCli } from '../helpers/cli';
import { useCredentialHomes } from '../helpers/credentialHomes';
import { s3Client, testS3Server } from '../helpers/s3Server';
import { pseudoRandomBytes, writeFile } from '../helpers/tempDir';

// Client-side encryption end to end: the built CLI, the S3 test server, real files, and Debian's `age` as the
// oracle of what is stored. No Secret Service answers here: the key goes to its identity file under HOME.
const t = useCredentialHomes('crypt');
const server = () => testS3Server();
const client = () => s3Client(server());

function cli(args: string[], options: { input?: string; home?: string } = {}): CliResult {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!/^DBUS_|^THREEFOLD_TEST_S3_/.test(name)) env[name] = value;
  Object.assign(env, {
    HOME: t.userHome,
    AWS_ACCESS_KEY_ID: server().accessKeyId,
    AWS_SECRET_ACCESS_KEY: server().secretAccessKey,
    AWS_REGION: server().region,
  });
  return runCli(options.home ?? t.home, args, { env, input: options.input ?? '' });
}

const addEncrypted = (extra: string[] = [], options: { input?: string; home?: string } = {}) =>
  cli(['dest', 'add', 'vault', `s3://${t.bucket}/tf`, '--endpoint', server().endpoint, '--path-style', '--encrypt', ...extra], options);

const identityFile = () => path.join(t.userHome, '.threefold-keys', 'vault.txt');
const phraseIn = (stdout: string): string => /AGE-SECRET-KEY-1[0-9A-Z]+/.exec(stdout)![0];

async function bodyOf(key: string): Promise<Buffer> {
  const got = await client().send(new GetObjectCommand({ Bucket: t.bucket, Key: key }));
  return Buffer.from(await got.Body!.transformToByteArray());
}

/** The media: a small file sent whole, and one large enough for a multipart upload and a ranged restore. */
function makeMedia(): { folder: string; small: string; large: string; bytes: Map<string, Buffer> } {
  const folder = path.join(t.dir, 'media');
  const bytes = new Map<string, Buffer>();
  const small = writeFile(path.join(folder, 'notes.txt'), Buffer.from('scene 12, take 3: the good one\n'));
  const large = writeFile(path.join(folder, 'A001.mov'), pseudoRandomBytes(40 * 1024 * 1024 + 12_345, 7));
  for (const file of [small, large]) bytes.set(file, fs.readFileSync(file));
  return { folder, small, large, bytes };
}

const objectKeyOf = (file: string): string => `tf/${mapSourcePath(file)}`;

describe('an encrypted S3 destination', () => {
  it('adds with a recovery phrase shown once, the key in a 0600 identity file, and no secret in config.json', () => {
    const added = addEncrypted();
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('shown this once');
    const phrase = phraseIn(added.stdout);
    const config = JSON.parse(fs.readFileSync(path.join(t.home, 'config.json'), 'utf8')) as ThreefoldConfig;
    const encryption = (config.destinations[0] as { encryption?: { recipient: string; key: string } }).encryption;
    expect(encryption).toMatchObject({ names: false, key: 'file' });
    expect(fs.readFileSync(path.join(t.home, 'config.json'), 'utf8')).not.toContain(phrase);
    expect(fs.statSync(identityFile()).mode & 0o777).toBe(0o600);
    expect(execFileSync('age-keygen', ['-y', identityFile()]).toString().trim()).toBe(encryption!.recipient);
    expect(cli(['dest', 'list']).stdout).toContain(`encrypted to ${encryption!.recipient}`);
    expect(cli(['dest', 'test', 'vault'])).toMatchObject({ code: 0, stdout: expect.stringContaining('vault: OK') });
  });

  it('round trip: protect encrypts (age decrypts it), verify --read decrypts and hashes, restore and drill decrypt', async () => {
    expect(addEncrypted().code).toBe(0);
    const media = makeMedia();
    const protectedRun = cli(['protect', media.folder]);
    expect(protectedRun.stderr).toBe('');
    expect(protectedRun.code).toBe(0);

    for (const file of [media.small, media.large]) {
      const key = objectKeyOf(file);
      const head = await client().send(new HeadObjectCommand({ Bucket: t.bucket, Key: key }));
      // The plaintext's hash never travels in the clear.
      expect(head.Metadata?.xxh64).toBeUndefined();
      expect(head.Metadata?.['threefold-sealed']).toBeDefined();
      const stored = await bodyOf(key);
      expect(stored.subarray(0, 22).toString()).toBe('age-encryption.org/v1\n');
      expect(stored.includes(media.bytes.get(file)!.subarray(0, 24))).toBe(false);
      const object = path.join(t.dir, 'object.age');
      fs.writeFileSync(object, stored);
      expect(execFileSync('age', ['-d', '-i', identityFile(), object], { maxBuffer: 64 * 1024 * 1024 }).equals(media.bytes.get(file)!)).toBe(true);
    }

    // Without --read: the sealed size and hash, opened with the key.
    expect(JSON.parse(cli(['verify', '--json']).stdout)).toMatchObject({ copies: { checked: 2, passed: 2, failed: 0 } });
    const verified = cli(['verify', '--read', '--json']);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ copies: { checked: 2, passed: 2, failed: 0 } });

    const to = path.join(t.dir, 'restored');
    fs.mkdirSync(to);
    const restored = cli(['restore', media.folder, '--to', to]);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    for (const file of [media.small, media.large]) expect(fs.readFileSync(path.join(to, mapSourcePath(file))).equals(media.bytes.get(file)!)).toBe(true);

    const drilled = cli(['drill', '--json']);
    // The drill's own account is in its output: a failure shows why.
    expect({ code: drilled.code, stderr: drilled.stderr, stdout: drilled.stdout }).toMatchObject({
      code: 0,
      stderr: '',
      stdout: expect.stringMatching(/"files": 2\b/),
    });
  });

  it('a tampered object is refused by restore and by verify --read', async () => {
    expect(addEncrypted().code).toBe(0);
    const media = makeMedia();
    expect(cli(['protect', media.folder]).code).toBe(0);
    for (const file of [media.small, media.large]) {
      const key = objectKeyOf(file);
      const head = await client().send(new HeadObjectCommand({ Bucket: t.bucket, Key: key }));
      const body = await bodyOf(key);
      body[body.length - 100]! ^= 0x01;
      // The same metadata and size: only the bytes say it was altered.
      await client().send(new PutObjectCommand({ Bucket: t.bucket, Key: key, Body: body, Metadata: head.Metadata }));
    }
    fs.mkdirSync(path.join(t.dir, 'restored'));
    const restored = cli(['restore', media.folder, '--to', path.join(t.dir, 'restored')]);
    expect(restored.code).toBe(1);
    // A large copy is HEADed first: its new ETag already gives it away.
    expect(restored.stdout).toMatch(/A001\.mov: .*(cannot be decrypted: chunk \d+ of its payload was altered|written again)/);
    expect(restored.stdout).toMatch(/notes\.txt: .*cannot be decrypted/);
    expect(fs.existsSync(path.join(t.dir, 'restored', mapSourcePath(media.large)))).toBe(false);
    const verified = cli(['verify', '--read', '--json']);
    expect(verified.code).toBe(1);
    const report = JSON.parse(verified.stdout) as { copies: { failed: number; passed: number }; failures: Array<{ error: string }> };
    expect(report.copies).toMatchObject({ failed: 2, passed: 0 });
    expect(report.failures.map((f) => f.error).join('\n')).toMatch(/cannot be decrypted: chunk \d+ of its payload was altered/);
  });

  it('a wrong key is refused with a clear message and verifies nothing; dest key gives the right one back', async () => {
    const added = addEncrypted();
    expect(added.code).toBe(0);
    const media = makeMedia();
    expect(cli(['protect', media.folder]).code).toBe(0);
    const other = generateIdentity();
    fs.writeFileSync(identityFile(), `${other.phrase}\n`, { mode: 0o600 });
    const verified = cli(['verify', '--read', '--json']);
    expect(verified.code).not.toBe(0);
    expect(verified.stdout).toContain('is not its key');
    expect(JSON.parse(verified.stdout)).toMatchObject({ copies: { passed: 0 } });
    fs.mkdirSync(path.join(t.dir, 'restored'));
    const restored = cli(['restore', media.folder, '--to', path.join(t.dir, 'restored')]);
    expect(restored.code).toBe(1);
    expect(`${restored.stdout}${restored.stderr}`).toContain('is not its key');

    const wrongPhrase = cli(['dest', 'key', 'vault', '--recovery-phrase-stdin'], { input: `${generateIdentity().phrase}\n` });
    expect(wrongPhrase).toMatchObject({ code: 2, stderr: expect.stringContaining('this recovery phrase does not open "vault"') });
    expect(cli(['dest', 'key', 'vault', '--recovery-phrase-stdin'], { input: `${phraseIn(added.stdout)}\n` }).code).toBe(0);
    expect(JSON.parse(cli(['verify', '--read', '--json']).stdout)).toMatchObject({ copies: { checked: 2, passed: 2, failed: 0 } });
  });

  it('a new machine adds it with the recovery phrase (a wrong one refused), rebuilds its catalog and restores', async () => {
    const added = addEncrypted();
    expect(added.code).toBe(0);
    const phrase = phraseIn(added.stdout);
    const media = makeMedia();
    expect(cli(['protect', media.folder]).code).toBe(0);

    const fresh = path.join(t.dir, 'fresh-home');
    fs.rmSync(identityFile());
    const wrong = addEncrypted(['--recovery-phrase-stdin'], { input: `${generateIdentity().phrase}\n`, home: fresh });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('this recovery phrase does not open');
    const mistyped = addEncrypted(['--recovery-phrase-stdin'], { input: `${phrase.slice(0, -1)}Q\n`, home: fresh });
    expect(mistyped).toMatchObject({ code: 2, stderr: expect.stringContaining('checksum') });
    const unencrypted = cli(['dest', 'add', 'vault', `s3://${t.bucket}/tf`, '--endpoint', server().endpoint, '--path-style'], { home: fresh });
    expect(unencrypted).toMatchObject({ code: 2, stderr: expect.stringContaining('holds copies Threefold encrypted') });

    const right = addEncrypted(['--recovery-phrase-stdin'], { input: `${phrase}\n`, home: fresh });
    expect(right.stderr).toBe('');
    expect(right.code).toBe(0);
    expect(right.stdout).not.toContain('AGE-SECRET-KEY');
    // The key lost again before the rebuild: the rebuild takes the phrase itself.
    fs.rmSync(identityFile());
    const rebuilt = cli(['catalog', 'rebuild', '--from', 'vault', '--recovery-phrase-stdin'], { home: fresh, input: `${phrase}\n` });
    expect(rebuilt.stderr).toBe('');
    expect(rebuilt.code).toBe(0);
    fs.rmSync(media.folder, { recursive: true });
    const restored = cli(['restore', media.folder], { home: fresh });
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    for (const file of [media.small, media.large]) expect(fs.readFileSync(file).equals(media.bytes.get(file)!)).toBe(true);
  });

  it('--encrypt-names: the bucket lists no name; a new machine gets the names back with the phrase and restores', async () => {
    const added = addEncrypted(['--encrypt-names']);
    expect(added.code).toBe(0);
    const media = makeMedia();
    expect(cli(['protect', media.folder]).code).toBe(0);
    const listed = await client().send(new ListObjectsV2Command({ Bucket: t.bucket }));
    const keys = (listed.Contents ?? []).map((o) => o.Key!);
    expect(keys.length).toBeGreaterThan(3);
    // Only the encryption record is named in the clear; every other segment is base32 of a ciphertext.
    expect(keys.filter((k) => k !== 'tf/.threefold/encryption.json').every((k) => /^tf(\/[0-9a-v]{26,})+$/.test(k))).toBe(true);
    for (const name of ['media', 'A001', 'notes', 'ascmhl', 'identity', 'state', path.basename(t.dir)]) expect(keys.join('\n')).not.toContain(name);

    const fresh = path.join(t.dir, 'fresh-home');
    fs.rmSync(identityFile());
    expect(addEncrypted(['--recovery-phrase-stdin'], { input: `${phraseIn(added.stdout)}\n`, home: fresh }).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(fresh, 'config.json'), 'utf8')).destinations[0].encryption.names).toBe(true);
    expect(cli(['catalog', 'rebuild', '--from', 'vault'], { home: fresh }).code).toBe(0);
    fs.rmSync(media.folder, { recursive: true });
    const restored = cli(['restore', media.folder], { home: fresh });
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    for (const file of [media.small, media.large]) expect(fs.readFileSync(file).equals(media.bytes.get(file)!)).toBe(true);
  });

  it('refuses --encrypt on a folder, and --encrypt-names without --encrypt', () => {
    const folder = path.join(t.dir, 'disk');
    fs.mkdirSync(folder);
    expect(cli(['dest', 'add', 'disk', folder, '--media', 'hdd', '--encrypt'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('client-side encryption (--encrypt) is for S3 destinations'),
    });
    expect(cli(['dest', 'add', 'vault', `s3://${t.bucket}/tf`, '--endpoint', server().endpoint, '--encrypt-names'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--encrypt-names goes with --encrypt'),
    });
    expect(fs.existsSync(path.join(t.home, 'config.json'))).toBe(false);
  });
});
