import fs from 'node:fs';
import path from 'node:path';
import { catalogPath } from '../../native-helper/config/config';
import { protect } from '../../native-helper/engine/protect';
import { drill, type DrillReport } from '../../native-helper/engine/restore/drill';
import type { StatusDocument } from '../../native-helper/engine/status';
import { SqliteDatabase } from '../../native-helper/sqlite/sqliteDatabase';
import { runCliAsync } from '../helpers/cli';
import { addCloudDestination, s3Environment } from '../helpers/cloudWorkspace';
import { pseudoRandomBytes, writeFile } from '../helpers/tempDir';
import { useTempWorkspace } from '../helpers/workspace';

const t = useTempWorkspace();

/** Where drills make their temporary folders in these tests: it must be empty again after each. */
const tempParent = (): string => {
  const dir = path.join(t.dir, 'tmp');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
};

const cli = (args: string[]) => runCliAsync(t.ws.home, args, { env: { ...s3Environment(), TMPDIR: tempParent() } });

async function cliJson<T>(args: string[]): Promise<{ code: number; json: T; stderr: string }> {
  const r = await cli([...args, '--json']);
  try {
    return { code: r.code, json: JSON.parse(r.stdout) as T, stderr: r.stderr };
  } catch {
    throw new Error(`not JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
}

/** Large and small files under the source folder, protected to every configured destination. */
async function protectMedia(): Promise<string[]> {
  const sizes = [5, 1000, 70_000, 300_000, 5 * 1024 * 1024 + 7, 9 * 1024 * 1024];
  const files = sizes.map((size, i) => writeFile(path.join(t.ws.source, `clip${i}.mov`), pseudoRandomBytes(size, i + 1)));
  expect((await protect(t.ws, { targets: [t.ws.source] })).job.failed).toEqual([]);
  return files;
}

function copyRow(destination: string, file: string): { status: string; error: string | null } {
  const db = new SqliteDatabase(catalogPath(t.ws.home), { readonly: true });
  try {
    return db
      .prepare(
        `SELECT c.status, c.error FROM copies c JOIN assets a ON a.id = c.asset_id JOIN destinations d ON d.id = c.destination_id
         WHERE d.name = ? AND a.path = ?`,
      )
      .get(destination, file) as { status: string; error: string | null };
  } finally {
    db.close();
  }
}

describe('threefold drill', () => {
  it('restores a sample from a local folder and a bucket, verifies it, removes its folder and records the result', async () => {
    await addCloudDestination(t.ws);
    const files = await protectMedia();

    const ran = await cliJson<DrillReport>(['drill', '--files', '6', '--dest', 'raid,cloud']);
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    expect(ran.json.job.state).toBe('succeeded');
    expect(ran.json.files).toHaveLength(6);
    for (const f of ran.json.files) {
      expect(f).toMatchObject({ ok: true, error: null });
      expect(files).toContain(f.path);
      expect(f.bytes).toBe(fs.statSync(f.path).size);
    }
    // Both destinations, and large files with small ones.
    expect(new Set(ran.json.files.map((f) => f.destination))).toEqual(new Set(['raid', 'cloud']));
    const sizes = ran.json.files.map((f) => f.bytes);
    expect(Math.max(...sizes)).toBeGreaterThan(5e6);
    expect(Math.min(...sizes)).toBeLessThan(1e5);
    expect(ran.json.drill).toMatchObject({ files: 6, failures: 0, bytes: sizes.reduce((a, b) => a + b, 0) });
    expect(ran.json.drill!.destinations.map((d) => d.destination)).toEqual(['cloud', 'raid']);
    // Its temporary folder was made where the system keeps them, and is gone.
    expect(path.dirname(ran.json.folder)).toBe(tempParent());
    expect(fs.readdirSync(tempParent())).toEqual([]);

    const status = await cliJson<StatusDocument>(['status']);
    expect(status.json.lastDrill).toEqual(ran.json.drill);
    expect(status.json.drillsDue).toEqual([{ destination: 'shuttle', lastDrilledAt: null, reason: 'never' }]);
    const table = await cli(['status']);
    expect(table.stdout).toMatch(/^Last drill \d{4}-\S+: passed; 6 files, .* from cloud, raid\.$/m);
    expect(table.stdout).toMatch(/^shuttle: never drilled$/m);

    expect(t.ws.catalog.jobs.recent(1)[0]).toMatchObject({ id: ran.json.job.id, kind: 'drill', state: 'succeeded', files: 6 });
  });

  it('fails (exit 1) on a corrupted copy, marks it failed, removes its folder, and status says so', async () => {
    await t.reopen(path.join(t.dir, 'one'), [{ name: 'raid', media: 'raid' }]);
    const files = [
      writeFile(path.join(t.ws.source, 'good.mov'), pseudoRandomBytes(200_000, 1)),
      writeFile(path.join(t.ws.source, 'rotten.mov'), pseudoRandomBytes(200_000, 2)),
    ];
    expect((await protect(t.ws, { targets: [t.ws.source] })).job.failed).toEqual([]);
    const rotten = t.copyPath('raid', files[1]!);
    const bytes = fs.readFileSync(rotten);
    bytes[1000]! ^= 0xff;
    fs.writeFileSync(rotten, bytes);

    const ran = await cliJson<DrillReport>(['drill']);
    expect(ran.code).toBe(1);
    expect(ran.json.job.state).toBe('failed');
    expect(ran.json.files.find((f) => f.path === files[0])).toMatchObject({ ok: true });
    expect(ran.json.files.find((f) => f.path === files[1])).toMatchObject({
      ok: false,
      destination: 'raid',
      error: expect.stringMatching(/xxh64 .*recorded .*; the copy is marked failed$/),
    });
    expect(ran.json.drill).toMatchObject({ files: 2, failures: 1, destinations: [{ destination: 'raid', files: 2, failures: 1 }] });
    expect(copyRow('raid', files[1]!)).toMatchObject({ status: 'failed', error: expect.stringContaining('xxh64') });
    expect(copyRow('raid', files[0]!)).toMatchObject({ status: 'verified' });
    expect(fs.readdirSync(tempParent())).toEqual([]);

    const text = await cli(['drill']);
    // The failed copy is no longer a verified one: the next drill has only the good file, and passes.
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Drill passed: restored and verified 1 of 1 files/m);
    const status = await cliJson<StatusDocument>(['status']);
    expect(status.json.lastDrill).toMatchObject({ files: 1, failures: 0 });
    expect(status.json.drillsDue).toEqual([]);
  });

  it('an unplugged destination fails its files without condemning its copies', async () => {
    const files = await protectMedia();
    const shuttle = t.ws.destinationPath('shuttle');
    fs.renameSync(shuttle, `${shuttle}-unplugged`);
    fs.mkdirSync(shuttle);

    const ran = await cliJson<DrillReport>(['drill', '--files', '4']);
    expect(ran.code).toBe(1);
    const fromShuttle = ran.json.files.filter((f) => f.destination === 'shuttle');
    expect(fromShuttle.length).toBeGreaterThan(0);
    for (const f of fromShuttle) expect(f).toMatchObject({ ok: false, error: expect.stringMatching(/^cannot be reached: .*its copies are still counted$/) });
    for (const f of ran.json.files.filter((x) => x.destination === 'raid')) expect(f.ok).toBe(true);
    for (const f of files) expect(copyRow('shuttle', f).status).toBe('verified');
    expect(fs.readdirSync(tempParent())).toEqual([]);
  });

  it('says what a drill with nothing to drill lacks, and refuses a bad size (exit 2)', async () => {
    expect(await cli(['drill'])).toMatchObject({ code: 2, stderr: expect.stringContaining('no verified copy to drill on raid, shuttle') });
    expect(await cli(['drill', '--bytes', 'lots'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--bytes lots') });
    expect(await cli(['drill', '--files', '0'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--files 0: give a whole number of at least 1') });
    expect(await cli(['drill', '--dest', 'nowhere'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown destination nowhere') });
    expect(fs.readdirSync(tempParent())).toEqual([]);
  });

  it('a cancelled drill removes its folder and records no result', async () => {
    await protectMedia();
    const controller = new AbortController();
    const report = await drill(t.ws, { tempParent: tempParent(), signal: controller.signal, concurrency: 1, onProgress: () => controller.abort() });
    expect(report.job.state).toBe('cancelled');
    expect(report.drill).toBeNull();
    expect(report.files.length).toBeLessThan(6);
    expect(fs.readdirSync(tempParent())).toEqual([]);
    expect(t.ws.catalog.drills.last()).toBeNull();
  });
});
