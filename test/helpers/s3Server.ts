import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CreateBucketCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

/** Where an S3 server is and how to sign for it. */
export interface S3Credentials {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export interface S3TestServer extends S3Credentials {
  region: 'us-east-1';
  stop(): Promise<void>;
}

export interface S3ServerOptions {
  /** How long to wait for the proxy's /healthcheck to answer 200. */
  startTimeoutMs?: number;
  /**
   * Swift's encryption at rest (keymaster and encryption), which s3api needs to take SSE-S3. Off by default: its
   * metadata does not fit in the extended attributes ext4 gives one file (4 KiB) once a key is long (an encrypted name).
   */
  encryptionAtRest?: boolean;
}

const SWIFT_PACKAGES = 'swift swift-proxy swift-object swift-container swift-account python3-swift memcached';
const STORAGE_SERVERS = ['object', 'container', 'account'] as const;
const STOP_GRACE_MS = 3000;

/**
 * Starts OpenStack Swift with its s3api middleware plus a memcached, all on loopback on free ports,
 * with everything (config, rings, data, logs) in one temp folder that stop() removes.
 */
export async function startS3Server(options: S3ServerOptions = {}): Promise<S3TestServer> {
  assertSwiftInstalled();
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'threefold-s3-')));
  const etc = path.join(root, 'etc');
  const logs = path.join(root, 'log');
  const children: ChildProcess[] = [];
  const killAll = (signal: NodeJS.Signals): void => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  // Last resort if jest exits without calling stop(): the servers must not outlive the run.
  const onExit = (): void => {
    killAll('SIGKILL');
    fs.rmSync(root, { recursive: true, force: true });
  };
  process.on('exit', onExit);
  const stop = async (): Promise<void> => {
    killAll('SIGTERM');
    let grace: NodeJS.Timeout | undefined;
    const graceful = await Promise.race([
      Promise.all(children.map(exited)).then(() => true),
      new Promise<boolean>((resolve) => (grace = setTimeout(resolve, STOP_GRACE_MS, false))),
    ]);
    clearTimeout(grace);
    if (!graceful) {
      killAll('SIGKILL');
      await Promise.all(children.map(exited));
    }
    process.off('exit', onExit);
    fs.rmSync(root, { recursive: true, force: true });
  };
  const launch = (name: string, command: string, args: string[]): void => {
    const logFile = path.join(logs, `${name}.log`);
    const log = fs.openSync(logFile, 'a');
    // workers = 0 in the configs: each server is this one process, so stop() can end it by its PID.
    const child = spawn(command, args, { stdio: ['ignore', log, log] });
    child.once('error', (error) => fs.appendFileSync(logFile, `could not start ${command}: ${error.message}\n`));
    children.push(child);
    fs.closeSync(log);
  };

  try {
    for (const dir of [etc, logs, path.join(root, 'srv', 'd1')]) fs.mkdirSync(dir, { recursive: true });
    const [object, container, account, proxy, memcached] = (await freePorts(5)) as [number, number, number, number, number];
    const storagePorts = { object, container, account };
    writeSwiftConfig(root, storagePorts, proxy, memcached, options.encryptionAtRest ?? false);
    await buildRings(etc, storagePorts);
    launch('memcached', 'memcached', ['-u', 'root', '-l', '127.0.0.1', '-p', String(memcached), '-U', '0', '-m', '64']);
    for (const name of [...STORAGE_SERVERS, 'proxy'] as const) {
      launch(name, `swift-${name}-server`, [path.join(etc, `${name}-server.conf`), '--verbose']);
    }
    const endpoint = `http://127.0.0.1:${proxy}`;
    await waitUntilHealthy(endpoint, [object, container, account, memcached], children, options.startTimeoutMs ?? 60_000);
    return { endpoint, region: 'us-east-1', accessKeyId: 'test:tester', secretAccessKey: 'testing', stop };
  } catch (error) {
    const message = `${(error as Error).message}\n${fs.existsSync(logs) ? tailOfLogs(logs) : ''}`;
    await stop();
    throw new Error(message);
  }
}

/** An SDK client set up the way non-AWS servers need it; `overrides` e.g. `{ maxAttempts: 1 }`. */
export function s3Client(server: S3Credentials, overrides: S3ClientConfig = {}): S3Client {
  return new S3Client({
    endpoint: server.endpoint,
    region: server.region,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    forcePathStyle: true,
    // The SDK's default checksums frame stream bodies as aws-chunked, which Swift rejects.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...overrides,
  });
}

export async function createBucket(server: S3Credentials, name: string): Promise<void> {
  const client = s3Client(server);
  try {
    await client.send(new CreateBucketCommand({ Bucket: name }));
  } finally {
    client.destroy();
  }
}

/**
 * A second key pair of the test server's account, with a secret no file, log or message would hold by chance:
 * tests that grep for a secret everywhere a run wrote use it.
 */
export const GREP_KEYS = { accessKeyId: 'test:grep', secretAccessKey: 'fake-Secret-Zq7wX3kP9grep' } as const;

/** How jest's global setup hands its one server to the test workers (they inherit its environment). */
export const S3_SERVER_ENV = {
  endpoint: 'THREEFOLD_TEST_S3_ENDPOINT',
  region: 'THREEFOLD_TEST_S3_REGION',
  accessKeyId: 'THREEFOLD_TEST_S3_ACCESS_KEY_ID',
  secretAccessKey: 'THREEFOLD_TEST_S3_SECRET_ACCESS_KEY',
} as const;

export function publishS3Server(server: S3Credentials): void {
  for (const key of Object.keys(S3_SERVER_ENV) as Array<keyof S3Credentials>) process.env[S3_SERVER_ENV[key]] = server[key];
}

/** The server that jest's global setup started for this run. */
export function testS3Server(): S3Credentials {
  const read = (key: keyof S3Credentials): string => {
    const value = process.env[S3_SERVER_ENV[key]];
    if (!value)
      throw new Error(
        `${S3_SERVER_ENV[key]} is not set: run the tests through jest, whose global setup (test/helpers/jestGlobalSetup.ts) starts the S3 test server`,
      );
    return value;
  };
  return { endpoint: read('endpoint'), region: read('region'), accessKeyId: read('accessKeyId'), secretAccessKey: read('secretAccessKey') };
}

/**
 * For the test file that calls it (at its top level): its own server with encryption at rest, which
 * testS3Server() and uniqueBucket() give while the file runs; the shared server is published again after.
 */
export function useServerWithEncryptionAtRest(): void {
  let shared: S3Credentials;
  let own: S3TestServer;
  beforeAll(async () => {
    shared = testS3Server();
    own = await startS3Server({ encryptionAtRest: true });
    publishS3Server(own);
  }, 90_000);
  afterAll(async () => {
    publishS3Server(shared);
    await own?.stop();
  });
}

/** Creates an empty bucket on the shared test server, named `<prefix>-<random>`, so tests never see each other's objects. */
export function uniqueBucket(prefix = 'test'): Promise<string> {
  return uniqueBucketOn(testS3Server(), prefix);
}

/** A new, empty bucket named `<prefix>-<16 hex>` on a given server. */
export async function uniqueBucketOn(server: S3Credentials, prefix: string): Promise<string> {
  if (!/^[a-z0-9][a-z0-9-]{0,40}$/.test(prefix)) throw new Error(`bucket prefix ${JSON.stringify(prefix)}: use up to 41 of a-z, 0-9 and -`);
  const name = `${prefix}-${randomBytes(8).toString('hex')}`;
  await createBucket(server, name);
  return name;
}

function assertSwiftInstalled(): void {
  const commands = ['memcached', ...[...STORAGE_SERVERS, 'proxy'].map((n) => `swift-${n}-server`)];
  const missing = commands.filter((c) => !onPath(c));
  if (missing.length > 0) {
    throw new Error(
      `The S3 test server needs OpenStack Swift and memcached; missing: ${missing.join(', ')}. ` +
        `Run .ci/run, or install the Debian packages: apt-get install ${SWIFT_PACKAGES}`,
    );
  }
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      fs.accessSync(path.join(dir, command), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Ports the kernel hands out for port 0, all held open together so they differ. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const server = net.createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

function writeSwiftConfig(
  root: string,
  storagePorts: Record<(typeof STORAGE_SERVERS)[number], number>,
  proxyPort: number,
  memcachedPort: number,
  encryptionAtRest: boolean,
): void {
  const etc = path.join(root, 'etc');
  const common = (port: number, extra = ''): string =>
    `[DEFAULT]\nbind_ip = 127.0.0.1\nbind_port = ${port}\nworkers = 0\nuser = root\nswift_dir = ${etc}\n${extra}`;
  fs.writeFileSync(
    path.join(etc, 'swift.conf'),
    '[swift-hash]\nswift_hash_path_suffix = threefold-test\nswift_hash_path_prefix = threefold-test\n\n' +
      '[storage-policy:0]\nname = Policy-0\ndefault = yes\n',
  );
  for (const name of STORAGE_SERVERS) {
    fs.writeFileSync(
      path.join(etc, `${name}-server.conf`),
      common(storagePorts[name], `devices = ${path.join(root, 'srv')}\nmount_check = false\n`) +
        `\n[pipeline:main]\npipeline = ${name}-server\n\n[app:${name}-server]\nuse = egg:swift#${name}\n`,
    );
  }
  const filters = [
    'catch_errors',
    'gatekeeper',
    'healthcheck',
    'proxy-logging',
    'cache',
    'listing_formats',
    'bulk',
    'tempurl',
    's3api',
    'tempauth',
    'copy',
    'slo',
    'dlo',
    'versioned_writes',
    // Encryption at rest, after slo, dlo and versioned_writes: s3api takes `x-amz-server-side-encryption:
    // AES256` only with it (and refuses aws:kms), though it does not echo the header on HEAD.
    ...(encryptionAtRest ? ['keymaster', 'encryption'] : []),
  ];
  const settings: Record<string, string> = {
    'proxy-logging': 'use = egg:swift#proxy_logging',
    cache: `use = egg:swift#memcache\nmemcache_servers = 127.0.0.1:${memcachedPort}`,
    s3api: 'use = egg:swift#s3api\nlocation = us-east-1\nmax_upload_part_num = 10000',
    tempauth: `use = egg:swift#tempauth\nuser_test_tester = testing .admin\nuser_test_grep = ${GREP_KEYS.secretAccessKey} .admin`,
    slo: 'use = egg:swift#slo\nmax_manifest_segments = 10000',
    keymaster: `use = egg:swift#keymaster\nencryption_root_secret = ${randomBytes(32).toString('base64')}`,
  };
  fs.writeFileSync(
    path.join(etc, 'proxy-server.conf'),
    common(proxyPort) +
      `\n[pipeline:main]\npipeline = ${filters.join(' ')} proxy-logging proxy-server\n\n` +
      '[app:proxy-server]\nuse = egg:swift#proxy\naccount_autocreate = true\n\n' +
      filters.map((f) => `[filter:${f}]\n${settings[f] ?? `use = egg:swift#${f}`}\n`).join('\n'),
  );
}

/**
 * One small Python run through Swift's own RingBuilder instead of nine swift-ring-builder calls,
 * each of which pays about a second of imports. Debian's python3-swift is for /usr/bin/python3.
 */
async function buildRings(etc: string, storagePorts: Record<(typeof STORAGE_SERVERS)[number], number>): Promise<void> {
  const script = [
    'import json, sys',
    'from swift.common.ring import RingBuilder',
    'for name, port in json.loads(sys.argv[1]).items():',
    '    builder = RingBuilder(10, 1, 1)',
    "    builder.add_dev({'region': 1, 'zone': 1, 'ip': '127.0.0.1', 'port': port, 'device': 'd1', 'weight': 100})",
    '    builder.rebalance()',
    "    builder.get_ring().save(name + '.ring.gz')",
  ].join('\n');
  await promisify(execFile)('/usr/bin/python3', ['-c', script, JSON.stringify(storagePorts)], { cwd: etc });
}

async function waitUntilHealthy(endpoint: string, ports: number[], children: ChildProcess[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // The proxy answers /healthcheck before the storage servers listen; a request then would get a 503.
  const ready = async (): Promise<boolean> => (await httpStatus(`${endpoint}/healthcheck`)) === 200 && (await Promise.all(ports.map(accepts))).every(Boolean);
  while (!(await ready())) {
    const dead = children.find((c) => c.exitCode !== null || c.signalCode !== null || c.pid === undefined);
    if (dead) throw new Error(`S3 test server: ${dead.spawnfile} stopped (${dead.exitCode ?? dead.signalCode ?? 'did not start'}) while starting`);
    if (Date.now() > deadline) throw new Error(`S3 test server: ${endpoint}/healthcheck did not answer 200 within ${timeoutMs} ms`);
    await sleep(100);
  }
}

function httpStatus(url: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: 2000, agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(undefined));
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

function tailOfLogs(logs: string, lines = 20): string {
  return fs
    .readdirSync(logs)
    .map((file) => {
      const text = fs.readFileSync(path.join(logs, file), 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
      return `--- ${file} (last ${lines} lines) ---\n${text}`;
    })
    .join('\n');
}

function exited(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
