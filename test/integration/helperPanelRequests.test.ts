// What the panel asks of the helper beyond protect and status, over a real WebSocket: each destination's
// state (connected now, free space, last copy) and revealing a recorded copy's folder.
import fs from 'node:fs';
import path from 'node:path';
import type { HelperClient } from '../../src/protocol/helperClient';
import { startHelper, type RunningHelper } from '../../native-helper/service/helperServer';
import { loadConfig, saveConfig, type S3DestinationConfig } from '../../native-helper/config/config';
import { runCli } from '../helpers/cli';
import { closedPort } from '../helpers/closedPort';
import { pairedClient } from '../helpers/helperHarness';
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

async function connected(): Promise<HelperClient> {
  helper = await startHelper({ home, port: 0, log: () => undefined });
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
