// The panel's Add destination for a bucket, as the helper answers it over a real WebSocket: a key pair sent
// once, checked against the bucket, stored where `dest add` stores it, and never sent back or written
// anywhere else (a grep of every file, log, message, object and the helper's arguments for the secret).
import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { HelperClient } from '../../src/protocol/helperClient';
import { runCliAsync } from '../helpers/cli';
import { useCredentialHomes } from '../helpers/credentialHomes';
import { pairingCode, spawnHelper, type HelperProcess } from '../helpers/helperHarness';
import { GREP_KEYS, testS3Server, useServerWithEncryptionAtRest } from '../helpers/s3Server';
import { credentialFreeEnv, filesHolding, objectsHolding } from '../helpers/secretGrep';
import { pseudoRandomBytes, writeFile } from '../helpers/tempDir';

// SSE-S3 needs Swift's encryption at rest.
useServerWithEncryptionAtRest();

const t = useCredentialHomes('paneladd');
const SECRET = GREP_KEYS.secretAccessKey;
const WRONG_SECRET = 'fake-Wrong-Secret-Hq4mV8grep';
const credentialsFile = () => path.join(t.userHome, '.aws', 'credentials');

let helper: HelperProcess | undefined;
let client: HelperClient | undefined;
/** Every frame the helper sent this client. */
let received: string[] = [];

beforeEach(async () => {
  helper = await spawnHelper(t.home, { env: credentialFreeEnv(t.userHome) });
  const socket = new WebSocket(`ws://127.0.0.1:${helper.port}`);
  received = [];
  socket.on('message', (data: Buffer) => received.push(data.toString('utf8')));
  client = await HelperClient.connect(socket);
  await client.hello('panel');
  await client.request('pair', { code: pairingCode(t.home), client: 'panel' });
});

afterEach(async () => {
  client?.close();
  await helper?.stop();
});

const add = (secretAccessKey: string, extra: Record<string, string> = {}) =>
  client!.request('destinations.add', {
    name: 'b2',
    where: `s3://${t.bucket}/threefold`,
    provider: 'minio',
    endpoint: testS3Server().endpoint,
    keys: { accessKeyId: GREP_KEYS.accessKeyId, secretAccessKey },
    ...extra,
  });

describe('destinations.add with a key pair, over the paired connection', () => {
  it('refuses a wrong secret with the reason, stores nothing, and never echoes it', async () => {
    await expect(add(WRONG_SECRET)).rejects.toMatchObject({ code: 'failed', message: expect.stringMatching(/cannot be used: .*(secret|signature|denied)/i) });
    expect(fs.existsSync(credentialsFile())).toBe(false);
    expect((await client!.request('destinations.list', {})).destinations).toEqual([]);
    expect(received.join('\n')).not.toContain(WRONG_SECRET);
    expect(helper!.log()).not.toContain(WRONG_SECRET);
  });

  it('checks the pair against the bucket, stores it as dest add does, says where it lives, and the secret appears nowhere else', async () => {
    const { destination } = await add(SECRET, { sse: 'AES256' });
    expect(destination).toEqual({
      name: 'b2',
      kind: 's3',
      where: `s3://${t.bucket}/threefold`,
      media: 'cloud',
      offsite: true,
      detail: expect.stringMatching(/ \[threefold-b2-[0-9a-f]{8}\]; /),
    });
    const profile = /\[(threefold-b2-[0-9a-f]{8})\]/.exec(destination.detail ?? '')?.[1];
    expect(destination.detail).toBe(`at ${testS3Server().endpoint} (keys in ${credentialsFile()} [${profile}]; server-side encryption AES256)`);
    expect(fs.readFileSync(credentialsFile(), 'utf8')).toBe(`[${profile}]\naws_access_key_id = ${GREP_KEYS.accessKeyId}\naws_secret_access_key = ${SECRET}\n`);
    expect(fs.statSync(credentialsFile()).mode & 0o777).toBe(0o600);
    const listed = (await client!.request('destinations.list', {})).destinations;
    expect(listed.map((d) => d.detail)).toEqual([destination.detail]);
    expect((await client!.request('destinations.test', { name: 'b2' })).ok).toBe(true);

    // The stored pair is what a protect uses: no AWS keys in the environment.
    const media = path.join(t.dir, 'Media');
    writeFile(path.join(media, 'A001.mov'), pseudoRandomBytes(100_000, 9));
    const protect = await runCliAsync(t.home, ['protect', media], { env: credentialFreeEnv(t.userHome) });
    expect(protect.stderr).toBe('');
    expect(protect.code).toBe(0);
    const list = await runCliAsync(t.home, ['dest', 'list', '--json'], { env: credentialFreeEnv(t.userHome) });

    for (const output of [protect.stdout, protect.stderr, list.stdout, list.stderr, received.join('\n'), helper!.log()]) expect(output).not.toContain(SECRET);
    expect(filesHolding(t.dir, SECRET, credentialsFile())).toEqual([]);
    const bucket = await objectsHolding(t.bucket, SECRET);
    expect(bucket.objects).toBeGreaterThan(1);
    expect(bucket.holding).toEqual([]);
    // Sent over the socket, never as an argument or in the environment of the helper.
    for (const proc of ['cmdline', 'environ']) expect(fs.readFileSync(`/proc/${helper!.child.pid}/${proc}`).toString('latin1')).not.toContain(SECRET);
  });

  it('refuses, for a known provider, a storage class it lacks, and half a key pair, before any request to the bucket', async () => {
    await expect(add(SECRET, { storageClass: 'DEEP_ARCHIVE' })).rejects.toMatchObject({
      code: 'failed',
      message: 'MinIO has no storage class "DEEP_ARCHIVE": choose one of STANDARD, REDUCED_REDUNDANCY',
    });
    await expect(client!.request('destinations.add', { name: 'x', where: `s3://${t.bucket}/x`, keys: { accessKeyId: 'id' } } as never)).rejects.toMatchObject({
      code: 'bad-request',
      message: expect.stringContaining('keys.secretAccessKey'),
    });
  });
});
