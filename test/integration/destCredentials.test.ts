import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ThreefoldConfig } from '../../native-helper/config/config';
import { BIN, type CliResult } from '../helpers/cli';
import { useCredentialHomes } from '../helpers/credentialHomes';
import { GREP_KEYS, testS3Server, useServerWithEncryptionAtRest } from '../helpers/s3Server';
import { filesHolding, objectsHolding } from '../helpers/secretGrep';
import { pseudoRandomBytes, writeFile } from '../helpers/tempDir';

// SSE-S3 needs Swift's encryption at rest.
useServerWithEncryptionAtRest();

// No keychain answers in these tests' environment (no Secret Service on the session bus): the key pair goes to
// the shared AWS credentials file under HOME, the fallback of a headless Linux.
const t = useCredentialHomes('creds');

const server = () => testS3Server();
const WRONG_SECRET = 'wrong-secret-Zq8xK1fake';
const credentialsFile = () => path.join(t.userHome, '.aws', 'credentials');

/** The CLI with no AWS keys in its environment: only what Threefold stored can reach the bucket. */
function cli(args: string[], options: { stdin?: string; env?: NodeJS.ProcessEnv; terminal?: { command: string; keys: string } } = {}): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!/^AWS_|^THREEFOLD_TEST_S3_|^DBUS_/.test(name)) env[name] = value;
  Object.assign(env, { THREEFOLD_HOME: t.home, HOME: t.userHome, AWS_REGION: server().region }, options.env);
  return new Promise((resolve, reject) => {
    const { terminal } = options;
    const child = terminal ? spawn('script', ['-qec', terminal.command, '/dev/null'], { env }) : spawn(process.execPath, [BIN, ...args], { env });
    let stdout = '';
    let stderr = '';
    let typing = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d;
      if (terminal && stdout.includes('Secret access key: ') && !typing) {
        typing = true;
        child.stdin.write(terminal.keys);
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    if (!terminal) child.stdin.end(options.stdin ?? '');
  });
}

const add = (secretEnv: string, extra: string[] = [], accessKeyId = server().accessKeyId) =>
  cli(
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
      accessKeyId,
      '--secret-from-env',
      'B2_SECRET',
      ...extra,
    ],
    {
      env: { B2_SECRET: secretEnv },
    },
  );

const readConfig = () => JSON.parse(fs.readFileSync(path.join(t.home, 'config.json'), 'utf8')) as ThreefoldConfig;

describe('dest add with a key pair', () => {
  it('refuses a wrong secret at add, saying why, and stores nothing', async () => {
    const r = await add(WRONG_SECRET);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot be used: .*(secret|signature|credentials|denied)/i);
    expect(r.stderr + r.stdout).not.toContain(WRONG_SECRET);
    expect(fs.existsSync(path.join(t.home, 'config.json'))).toBe(false);
    expect(fs.existsSync(credentialsFile())).toBe(false);
  });

  it('stores the right pair as a profile of ~/.aws/credentials (0600, other profiles kept), uses it to protect, and never writes the secret elsewhere', async () => {
    // A secret no file would hold by chance, so that the grep below means something.
    const secret = GREP_KEYS.secretAccessKey;
    const others = '[default]\naws_access_key_id = MINE\naws_secret_access_key = mine-untouched\n\n[work]\r\nregion = eu-west-1\r\n';
    fs.mkdirSync(path.dirname(credentialsFile()));
    fs.writeFileSync(credentialsFile(), others, { mode: 0o644 });

    const added = await add(secret, ['--sse', 'AES256'], GREP_KEYS.accessKeyId);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const stored = fs.readFileSync(credentialsFile(), 'utf8');
    expect(stored.startsWith(others)).toBe(true);
    const { profile } = readConfig().destinations[0] as { profile: string };
    // A profile of this home's own: another home's destination "b2" never shares it.
    expect(profile).toMatch(/^threefold-b2-[0-9a-f]{8}$/);
    expect(stored.slice(others.length)).toBe(`[${profile}]\naws_access_key_id = ${GREP_KEYS.accessKeyId}\naws_secret_access_key = ${secret}\n`);
    expect(fs.statSync(credentialsFile()).mode & 0o777).toBe(0o600);
    expect(readConfig().destinations[0]).toMatchObject({
      name: 'b2',
      credentials: 'aws-credentials-file',
      profile,
      pathStyle: true,
      sse: 'AES256',
    });

    const list = await cli(['dest', 'list']);
    expect(list.stdout).toContain(`(keys in ${credentialsFile()} [${profile}]; server-side encryption AES256)`);
    const json = await cli(['dest', 'list', '--json']);
    const media = path.join(t.dir, 'Media');
    writeFile(path.join(media, 'A001.mov'), pseudoRandomBytes(100_000, 3));
    const protect = await cli(['protect', media]);
    expect(protect.stderr).toBe('');
    expect(protect.code).toBe(0);
    expect(protect.stdout).toContain('Copied and verified 1 files');
    const report = await cli(['status', '--json']);

    for (const output of [added, list, json, protect, report]) expect(output.stdout + output.stderr).not.toContain(secret);
    expect(filesHolding(t.dir, secret, credentialsFile())).toEqual([]);
    const objects = await objectsHolding(t.bucket, secret);
    expect(objects.objects).toBeGreaterThan(1);
    expect(objects.holding).toEqual([]);
  });

  it('rotates the pair only once the bucket accepts it, and removes the profile it wrote with the destination', async () => {
    fs.mkdirSync(path.dirname(credentialsFile()));
    fs.writeFileSync(credentialsFile(), '[default]\nregion = us-east-1\n');
    expect((await add(server().secretAccessKey)).code).toBe(0);
    const before = fs.readFileSync(credentialsFile(), 'utf8');

    const refused = await cli(['dest', 'credentials', 'b2', '--access-key-id', server().accessKeyId, '--secret-stdin'], { stdin: `${WRONG_SECRET}\n` });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/the new keys cannot be used on "b2"/);
    expect(refused.stderr).not.toContain(WRONG_SECRET);
    expect(fs.readFileSync(credentialsFile(), 'utf8')).toBe(before);

    const rotated = await cli(['dest', 'credentials', 'b2', '--access-key-id', server().accessKeyId, '--secret-stdin'], {
      stdin: `${server().secretAccessKey}\n`,
    });
    expect(rotated.stderr).toBe('');
    expect(rotated.code).toBe(0);
    expect((await cli(['dest', 'test', 'b2'])).stdout).toContain('b2: OK');

    const removed = await cli(['dest', 'remove', 'b2']);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain('The keys Threefold stored for it were removed.');
    expect(fs.readFileSync(credentialsFile(), 'utf8')).toBe('[default]\nregion = us-east-1\n');
  });

  it('asks for the secret on a terminal without echoing it (a "*" a character, backspace erasing one)', async () => {
    const secret = server().secretAccessKey;
    const command = [process.execPath, BIN, 'dest', 'add', 'b2', `s3://${t.bucket}/threefold`, '--provider', 'minio', '--endpoint', server().endpoint]
      .concat(['--access-key-id', server().accessKeyId])
      .map((word) => `'${word}'`)
      .join(' ');
    // util-linux's script gives the CLI a pseudo-terminal; the secret is typed once the prompt is shown.
    const typed = await cli(['unused'], { terminal: { command, keys: `${secret}x\x7f\r` } });
    expect(typed.stdout).toContain('Secret access key: ');
    expect(typed.stdout).toContain(`${'*'.repeat(secret.length + 1)}\b \b`);
    expect(typed.stdout).toContain('Added destination "b2"');
    expect(typed.stdout).not.toContain(secret);
    expect(fs.readFileSync(credentialsFile(), 'utf8')).toContain(`aws_secret_access_key = ${secret}\n`);
  });

  it('never takes a secret as an argument, and refuses an unknown provider or region with the choices', async () => {
    const noSecret = await cli(['dest', 'add', 'b2', `s3://${t.bucket}`, '--endpoint', server().endpoint, '--access-key-id', 'AKID']);
    expect(noSecret).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/no terminal to ask the secret on: give it with --secret-stdin or --secret-from-env VAR/),
    });
    const provider = await cli(['dest', 'add', 'b2', `s3://${t.bucket}`, '--provider', 'dropbox']);
    expect(provider).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown provider "dropbox": choose one of aws, b2, wasabi') });
    const region = await cli(['dest', 'add', 'b2', `s3://${t.bucket}`, '--provider', 'b2', '--region', 'mars-1']);
    expect(region).toMatchObject({ code: 2, stderr: expect.stringContaining('Backblaze B2 has no region "mars-1": choose one of us-west-000') });
    const folder = await cli(['dest', 'add', 'raid', t.dir, '--media', 'raid', '--access-key-id', 'AKID', '--secret-from-env', 'PATH']);
    expect(folder).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--provider and --access-key-id are for an S3 bucket (s3://bucket/prefix), not a folder'),
    });
    expect(fs.existsSync(path.join(t.home, 'config.json'))).toBe(false);
  });
});
