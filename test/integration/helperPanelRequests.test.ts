// What the panel asks of the helper beyond protect and status, over a real WebSocket: each destination's
// state (connected now, free space, last copy) and revealing a recorded copy's folder.
import fs from 'node:fs';
import path from 'node:path';
import type { HelperClient } from '../../src/protocol/helperClient';
import type { RunningHelper } from '../../native-helper/service/helperServer';
import { loadConfig, saveConfig, type S3DestinationConfig } from '../../native-helper/config/config';
import { runCli } from '../helpers/cli';
import { closedPort } from '../helpers/closedPort';
import { pairedClient, startTestHelper } from '../helpers/helperHarness';
import { makeTempDir, pseudoRandomBytes, writeFile } from '../helpers/tempDir';

let temp: ReturnType<typeof makeTempDir>;
let home: string;
let raid: string;
let usb: string;
let source: string;
let helper: RunningHelper | undefined;
let client: HelperClient | undefined;

beforeEach(() => {
  temp = makeTempDir();
  home = path.join(temp.dir, 'home');
  raid = path.join(temp.dir, 'raid');
  usb = path.join(temp.dir, 'usb');
  for (const d of [raid, usb]) fs.mkdirSync(d, { recursive: true });
  source = writeFile(path.join(temp.dir, 'media', 'A001.mov'), pseudoRandomBytes(64 * 1024, 1));
  for (const args of [
    ['dest', 'add', 'raid', raid, '--media', 'raid'],
    ['dest', 'add', 'usb', usb, '--media', 'hdd'],
  ]) {
    const r = runCli(home, args);
    if (r.code !== 0) throw new Error(`threefold ${args.join(' ')}: ${r.stderr}`);
  }
});

/** A bucket in the configuration whose endpoint answers nothing: listing must not wait for it. */
async function addUnreachableBucket(): Promise<void> {
  const config = await loadConfig(home);
  const cloud: S3DestinationConfig = {
    name: 'cloud',
    kind: 's3',
    bucket: 'never-reached',
    prefix: 'threefold',
    endpoint: `http://127.0.0.1:${await closedPort()}`,
    region: 'us-east-1',
    pathStyle: true,
    media: 'cloud',
    offsite: true,
  };
  await saveConfig(home, { ...config, destinations: [...config.destinations, cloud] });
}

afterEach(async () => {
  client?.close();
  client = undefined;
  await helper?.close();
  helper = undefined;
  temp.cleanup();
});

/** What the helper asked the file manager to show. */
let revealed: string[] = [];

async function connected(): Promise<HelperClient> {
  revealed = [];
  helper = await startTestHelper({
    home,
    port: 0,
    log: () => undefined,
    revealInFileManager: async (file) => {
      revealed.push(file);
    },
  });
  client = (await pairedClient(helper.port, home)).client;
  return client;
}

describe('destinations.list', () => {
  it('says which local folders are there now, their free space, and when each last received a copy', async () => {
    const before = Date.now();
    expect(runCli(home, ['protect', source, '--to', 'raid']).code).toBe(0);
    fs.rmSync(usb, { recursive: true }); // the disk is unplugged
    await addUnreachableBucket();
    const c = await connected();
    const byName = Object.fromEntries((await c.request('destinations.list', {})).destinations.map((d) => [d.name, d]));

    expect(byName.raid).toMatchObject({ kind: 'local', connected: true });
    const free = fs.statfsSync(raid);
    expect(byName.raid!.freeBytes).toBeGreaterThan(0);
    // Within what other writers on the machine may change meanwhile.
    expect(Math.abs(byName.raid!.freeBytes! - free.bavail * free.bsize)).toBeLessThan(512 * 1024 * 1024);
    expect(Date.parse(byName.raid!.lastCopyAt!)).toBeGreaterThanOrEqual(before - 1000);

    expect(byName.usb).toMatchObject({ kind: 'local', connected: false, freeBytes: null, lastCopyAt: null });
    // A bucket is not asked over the network to be listed.
    expect(byName.cloud).toMatchObject({ kind: 's3', connected: null, freeBytes: null, lastCopyAt: null });
  });
});

describe('reveal', () => {
  it("opens the file manager at a source's recorded copy on a local destination, and nowhere else", async () => {
    expect(runCli(home, ['protect', source, '--to', 'raid']).code).toBe(0);
    await addUnreachableBucket();
    const other = writeFile(path.join(temp.dir, 'media', 'B001.mov'), pseudoRandomBytes(1024, 2));
    const c = await connected();

    const { revealed: copy } = await c.request('reveal', { path: source, destination: 'raid' });
    expect(path.dirname(copy).startsWith(raid)).toBe(true);
    expect(fs.readFileSync(copy)).toEqual(fs.readFileSync(source));
    expect(revealed).toEqual([copy]);

    const refusals: Array<[{ path: string; destination: string }, RegExp]> = [
      [{ path: source, destination: 'nas' }, /No destination is named nas/],
      [{ path: other, destination: 'raid' }, /B001\.mov has no recorded copy on raid/],
      [{ path: source, destination: 'usb' }, /has no recorded copy on usb/],
      [{ path: source, destination: 'cloud' }, /Cloud is a bucket/],
      [{ path: raid, destination: 'raid' }, /has no recorded copy on raid/],
    ];
    for (const [params, message] of refusals) await expect(c.request('reveal', params)).rejects.toThrow(message);
    await expect(c.request('reveal', { path: 'relative/A001.mov', destination: 'raid' } as never)).rejects.toThrow(/absolute path/);
    fs.rmSync(copy);
    await expect(c.request('reveal', { path: source, destination: 'raid' })).rejects.toThrow(/not there now/);
    expect(revealed).toEqual([copy]);
  });
});
