// The Lightroom Classic plug-in's Lua (test/lua/pluginFlow.lua: pairing, Protect catalog, Refresh 3-2-1
// status, Protect selected photos, no helper) against a real helper process over HTTP, with LuaSocket in
// place of LrHttp; the copies it made are checked with xxhsum.
import fs from 'node:fs';
import path from 'node:path';
import { runCli } from '../helpers/cli';
import { pairingCode, spawnHelper, type HelperProcess } from '../helpers/helperHarness';
import { apiCall, makeLightroomFixture } from '../helpers/helperHttp';
import { runLua } from '../helpers/lua';
import { xxhsum } from '../helpers/oracles';
import { makeTempDir } from '../helpers/tempDir';
import { mapSourcePath } from '../../src/paths/mapSourcePath';
import { closedPort } from '../helpers/closedPort';

let temp: ReturnType<typeof makeTempDir>;
let helper: HelperProcess | undefined;

beforeEach(() => {
  temp = makeTempDir();
});

afterEach(async () => {
  await helper?.stop();
  helper = undefined;
  temp.cleanup();
});

it("pairs, protects the catalog with progress, writes every photo's 3-2-1 field and explains the busy catalog", async () => {
  const home = path.join(temp.dir, 'home');
  const raid = path.join(temp.dir, 'raid');
  const usb = path.join(temp.dir, 'usb');
  for (const d of [raid, usb]) fs.mkdirSync(d, { recursive: true });
  expect(runCli(home, ['dest', 'add', 'raid', raid, '--media', 'raid']).code).toBe(0);
  expect(runCli(home, ['dest', 'add', 'usb', usb, '--media', 'hdd']).code).toBe(0);
  const lr = makeLightroomFixture(path.join(temp.dir, 'lr'));
  // The plug-in runs inside Lightroom: the catalog is open (its lock names a live process).
  fs.writeFileSync(`${lr.catalog}.lock`, `C:\\Program Files\\Adobe\\Adobe Lightroom Classic\\Lightroom.exe\n${process.pid}\n`);
  const fixture = path.join(temp.dir, 'fixture.json');
  fs.writeFileSync(fixture, JSON.stringify({ catalog: lr.catalog, photos: lr.photos }));
  helper = await spawnHelper(home);

  const run = await runLua('pluginFlow.lua', [String(helper.port), pairingCode(home), fixture, String(await closedPort())]);
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  const report = JSON.parse(/^REPORT (.*)$/m.exec(run.stdout)![1]!) as {
    token: string;
    catalogJob: { id: number; result: { files: number } };
    opened: string[];
  };

  // The closing dialog's View report opened the catalog job's HTML report, which the helper wrote.
  expect(report.opened[0]).toBe(path.join(home, 'reports', `job-${report.catalogJob.id}.html`));
  expect(fs.readFileSync(report.opened[0]!, 'utf8')).toMatch(new RegExp(`<title>[^<]*job ${report.catalogJob.id}\\b`));

  // Every original, sidecar, the catalog's data and Lightroom's newest backup, byte for byte on both disks.
  const copied = [...lr.photos, ...lr.sidecars, ...lr.catalogData, lr.newestBackup];
  expect(report.catalogJob.result.files).toBe(copied.length);
  for (const source of copied) {
    for (const root of [raid, usb]) expect(xxhsum(path.join(root, ...mapSourcePath(source).split('/')))).toBe(xxhsum(source));
  }
  for (const root of [raid, usb]) expect(fs.existsSync(path.join(root, ...mapSourcePath(lr.catalog).split('/')))).toBe(false);

  // The token the plug-in keeps is one the helper accepts.
  expect((await apiCall(helper.port, { id: 'j', type: 'jobs' }, { token: report.token })).status).toBe(200);
});

it('restores missing photos in place after saying what would come from where, and runs a restore test', async () => {
  const home = path.join(temp.dir, 'home');
  const raid = path.join(temp.dir, 'raid');
  fs.mkdirSync(raid, { recursive: true });
  expect(runCli(home, ['dest', 'add', 'raid', raid, '--media', 'raid']).code).toBe(0);
  const lr = makeLightroomFixture(path.join(temp.dir, 'lr'));
  const deleted = [lr.photos[0]!, lr.photos[3]!];
  const hashes = deleted.map((f) => xxhsum(f));
  const fixture = path.join(temp.dir, 'fixture.json');
  fs.writeFileSync(fixture, JSON.stringify({ catalog: lr.catalog, photos: lr.photos, deleted }));
  helper = await spawnHelper(home);

  const run = await runLua('restoreFlow.lua', [String(helper.port), pairingCode(home), fixture]);
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  // Independently of the plug-in: every deleted file is back with its bytes, nothing partial beside it.
  expect(deleted.map((f) => xxhsum(f))).toEqual(hashes);
  for (const f of deleted) expect(fs.readdirSync(path.dirname(f)).filter((n) => n.includes('threefold-partial'))).toEqual([]);
});

it('is in dist/ after `npm run build`, file for file', () => {
  const repo = path.resolve(__dirname, '../..');
  const built = path.join(repo, 'dist/lightroom/Threefold.lrplugin');
  if (!fs.existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` (npm test does) before this test`);
  const source = path.join(repo, 'lightroom/Threefold.lrplugin');
  expect(fs.readdirSync(built).sort()).toEqual(fs.readdirSync(source).sort());
  for (const file of fs.readdirSync(source)) expect(fs.readFileSync(path.join(built, file)).equals(fs.readFileSync(path.join(source, file)))).toBe(true);
});
