import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN, runCli, runCliJson } from '../helpers/cli';
import { makeTempDir, pseudoRandomBytes, writeFile } from '../helpers/tempDir';
import { listFiles } from '../helpers/workspace';
import type { ProtectReport } from '../../native-helper/engine/protect';
import type { StatusDocument } from '../../native-helper/engine/status';
import type { VerifyReport } from '../../native-helper/engine/verify';
import { Catalog } from '../../native-helper/catalog/catalog';

let temp: ReturnType<typeof makeTempDir>;
let home: string;
let media: string;
let raid: string;
let usb: string;

beforeEach(() => {
  temp = makeTempDir();
  home = path.join(temp.dir, 'home');
  media = path.join(temp.dir, 'Ferry', 'Media');
  raid = path.join(temp.dir, 'raid');
  usb = path.join(temp.dir, 'usb');
  for (const d of [media, raid, usb]) fs.mkdirSync(d, { recursive: true });
});
afterEach(() => temp.cleanup());

const addDestinations = (): void => {
  expect(runCli(home, ['dest', 'add', 'raid', raid, '--media', 'raid']).code).toBe(0);
  expect(runCli(home, ['dest', 'add', 'shuttle', usb, '--media', 'hdd']).code).toBe(0);
};

describe('threefold help', () => {
  const commands = ['dest', 'scan', 'protect', 'status', 'verify', 'helper', 'pair', 'jobs'];
  const listed = (text: string): string[] => commands.filter((c) => new RegExp(`^  ${c}\\b`, 'm').test(text));

  it.each([[['--help']], [['-h', 'protect']], [['--home', 'HOME', 'help']]])('%j lists every command', (args) => {
    const r = runCli(
      home,
      args.map((a) => (a === 'HOME' ? home : a)),
    );
    expect([r.code, listed(r.stdout)]).toEqual([0, commands]);
  });

  it("a command's help is its own", () => {
    const r = runCli(home, ['--home', home, 'protect', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: threefold protect [options] <targets...>');
    expect(r.stdout).toContain('--dry-run');
  });
});

describe('threefold dest', () => {
  it('adds, lists and removes destinations in config.json', () => {
    addDestinations();
    const listed = runCliJson<Array<{ name: string; media: string; reachable: boolean; path: string }>>(home, ['dest', 'list']);
    expect(listed.json.map((d) => [d.name, d.media, d.reachable, d.path])).toEqual([
      ['raid', 'raid', true, raid],
      ['shuttle', 'hdd', true, usb],
    ]);
    const config = JSON.parse(fs.readFileSync(path.join(home, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ policy: { copies: 3, media: 2, offsite: 1 }, sourceMedia: 'ssd' });
    expect(config.destinations[0]).toEqual({ name: 'raid', kind: 'local', path: raid, media: 'raid', offsite: false });
    const removed = runCli(home, ['dest', 'remove', 'shuttle']);
    expect(removed.stdout).toContain('were not touched');
    expect(runCliJson<unknown[]>(home, ['dest', 'list']).json).toHaveLength(1);
  });

  it.each([
    [['dest', 'add', 'x', '/no/such/folder', '--media', 'hdd'], 'no such file or folder'],
    [['dest', 'add', 'x', 'FILE', '--media', 'hdd'], 'is not a folder'],
    [['dest', 'add', 'x', 'RAID', '--media', 'Not A Label'], 'not a valid media label'],
    [['dest', 'add', 'bad name', 'RAID', '--media', 'hdd'], 'not a valid name'],
    [['dest', 'add', 'x', 'RAID'], 'a media label is required for a folder (--media)'],
    [['dest', 'remove', 'nope'], 'no destination is named "nope"'],
    [['protect', 'MEDIA'], 'no destinations are configured'],
    [['frobnicate'], "unknown command 'frobnicate'"],
  ])('refuses %j with exit code 2 and a clear message', (args, message) => {
    const file = writeFile(path.join(temp.dir, 'a-file'), 'x');
    const resolved = args.map((a) => (a === 'FILE' ? file : a === 'RAID' ? raid : a === 'MEDIA' ? media : a));
    const r = runCli(home, resolved);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('refuses a duplicate name and overlapping folders', () => {
    addDestinations();
    expect(runCli(home, ['dest', 'add', 'raid', temp.dir, '--media', 'hdd']).stderr).toContain('exists already');
    const nested = path.join(raid, 'inner');
    fs.mkdirSync(nested);
    const r = runCli(home, ['dest', 'add', 'inner', nested, '--media', 'hdd']);
    expect([r.code, r.stderr.includes('overlaps destination "raid"')]).toEqual([2, true]);
  });
});

describe('threefold protect / status / verify', () => {
  it('protects a folder, prints the documented JSON, and exits 0', () => {
    addDestinations();
    writeFile(path.join(media, 'A001 Scène.mov'), pseudoRandomBytes(2_000_000, 1));
    writeFile(path.join(media, 'notes.txt'), 'notes');
    const { code, json } = runCliJson<ProtectReport>(home, ['protect', media]);
    expect(code).toBe(0);
    expect(json.target).toBe(media);
    expect(json.policy).toEqual({ copies: 3, media: 2, offsite: 1 });
    expect(json.summary).toEqual({ assets: 2, bytes: 2_000_005, protected: 0, partial: 2, unprotected: 0, stale: 0, missing: 0, lost: 0, failed: 0 });
    expect(Object.keys(json.assets[0]!)).toEqual(
      expect.arrayContaining(['path', 'size', 'xxh64', 'state', 'copies', 'media', 'offsite', 'missing', 'locations']),
    );
    expect(json.assets[0]!.locations[0]).toEqual({
      destination: 'raid',
      location: expect.stringContaining(raid),
      verifiedAt: expect.any(String),
      readBack: 'medium',
    });
    expect(json.job).toMatchObject({ id: expect.any(Number), files: 2, bytes: 2_000_005, failed: [], readFromCache: [] });
    expect(json.job.seconds).toBeGreaterThan(0);

    const again = runCli(home, ['protect', media]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing to copy: 2 files already have verified copies');

    const status = runCli(home, ['status', media]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/\npartial\s+no offsite\s+2\.0 MB\s+A001 Scène\.mov\n/);
    expect(status.stdout).toContain('0 of 2 files protected (2.0 MB): 2 partial. policy 3 copies · 2 media · 1 offsite');
    expect(runCliJson<StatusDocument>(home, ['status', media]).json.summary.partial).toBe(2);
  });

  it('exits 1 when some files failed and still does the rest; verify exits 1 on a damaged copy', () => {
    addDestinations();
    writeFile(path.join(media, 'good.mov'), 'good');
    const rotting = writeFile(path.join(media, 'rotting.mov'), 'rotting');
    // Bit rot: other bytes under the same size and (whole-second) mtime.
    const mtime = new Date('2026-01-02T03:04:05Z');
    fs.utimesSync(rotting, mtime, mtime);
    expect(runCli(home, ['protect', media, '--to', 'raid']).code).toBe(0);
    fs.writeFileSync(rotting, 'ROTTING');
    fs.utimesSync(rotting, mtime, mtime);
    const r = runCli(home, ['protect', media]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('1 problem:');
    expect(r.stdout).toContain('possible corruption');

    const copy = listFiles(raid).find((f) => f.endsWith('good.mov'))!;
    fs.writeFileSync(path.join(raid, copy), 'GOOD');
    const v = runCli(home, ['verify', '--dest', 'raid']);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('1 FAILED:');
    const json = runCliJson<VerifyReport>(home, ['verify', '--dest', 'shuttle']);
    expect([json.code, json.json.copies.passed]).toEqual([0, 1]);
    // Each verify is a job of its own, recorded as it ended.
    expect(json.json.job).toEqual({ id: expect.any(Number), state: 'succeeded' });
    const jobs = runCli(home, ['jobs']);
    expect(jobs.stdout).toMatch(new RegExp(`job ${json.json.job.id} verify everything: succeeded, 1 files`));
    expect(jobs.stdout).toMatch(/job \d+ verify everything: failed, 2 files/);
  });

  it('explains usage mistakes with exit code 2: unknown destination, missing target, broken config', () => {
    addDestinations();
    expect(runCli(home, ['protect', media, '--to', 'nas'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown destination nas (configured: raid, shuttle)'),
    });
    expect(runCli(home, ['protect', path.join(temp.dir, 'nope')])).toMatchObject({ code: 2, stderr: expect.stringContaining('no such file or folder') });
    fs.writeFileSync(path.join(home, 'config.json'), '{ "destinations": [ ');
    expect(runCli(home, ['status'])).toMatchObject({ code: 2, stderr: expect.stringContaining('config.json is not valid JSON') });
    fs.writeFileSync(path.join(home, 'config.json'), '{ "policy": { "copies": 0, "media": 1, "offsite": 0 } }');
    expect(runCli(home, ['status'])).toMatchObject({ code: 2, stderr: expect.stringContaining('policy.copies') });
  });

  it('--home works like THREEFOLD_HOME', () => {
    const other = path.join(temp.dir, 'other-home');
    const r = runCli(home, ['--home', other, 'dest', 'add', 'raid', raid, '--media', 'raid']);
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(other, 'config.json'))).toBe(true);
    expect(fs.existsSync(path.join(home, 'config.json'))).toBe(false);
  });

  it('survives being killed mid-copy: the next run takes over the lock, finishes, and leaves no partial file', async () => {
    addDestinations();
    writeFile(path.join(media, 'long take.mov'), pseudoRandomBytes(400 * 1024 * 1024, 4));
    const child = spawn(process.execPath, [BIN, 'protect', media, '--json'], { env: { ...process.env, THREEFOLD_HOME: home }, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const deadline = Date.now() + 60_000;
    while (!listFiles(raid).some((f) => f.endsWith('.threefold-partial')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await exited;
    // Its destinations' locks still name it: the next run sees the process is gone and takes them over.
    const locks = fs.readdirSync(path.join(home, 'locks'));
    expect(locks).toHaveLength(2);
    for (const lock of locks) expect(fs.readFileSync(path.join(home, 'locks', lock), 'utf8')).toBe(String(child.pid));

    const rerun = runCliJson<ProtectReport>(home, ['protect', media]);
    expect(rerun.code).toBe(0);
    expect(rerun.json.assets[0]).toMatchObject({ state: 'partial', copies: 3 });
    expect(listFiles(raid).filter((f) => f.includes('threefold-partial'))).toEqual([]);
    expect(listFiles(usb).filter((f) => f.includes('threefold-partial'))).toEqual([]);
    const catalog = Catalog.open(path.join(home, 'catalog.sqlite'));
    try {
      expect(catalog.jobs.markInterrupted(() => false)).toBe(0);
    } finally {
      catalog.close();
    }
  });
});
