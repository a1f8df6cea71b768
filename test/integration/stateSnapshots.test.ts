import fs from 'node:fs';
import path from 'node:path';
import { openDestination } from '../../native-helper/destinations/openDestinations';
import { putStateSnapshots } from '../../native-helper/engine/stateSnapshots';
import { BufferPool } from '../../native-helper/fsutil/bufferPool';
import { runCli } from '../helpers/cli';
import { makeTempDir, pseudoRandomBytes, writeFile } from '../helpers/tempDir';
import { makeWorkspace, type TestWorkspace } from '../helpers/workspace';

let temp: ReturnType<typeof makeTempDir>;
let ws: TestWorkspace;
beforeEach(async () => {
  temp = makeTempDir();
  ws = await makeWorkspace(temp.dir, [{ name: 'raid', media: 'raid' }]);
});
afterEach(() => {
  ws.close();
  temp.cleanup();
});

const stateFolder = (): string => path.join(ws.destinationPath('raid'), '.threefold', 'state', ws.catalog.homeId());

describe("Threefold's own state on its destinations", () => {
  it('puts a snapshot at most every 5 minutes and keeps the newest 3 generations', async () => {
    const destination = openDestination(ws.config.destinations[0]!, new BufferPool(64 * 1024, 1), ws.catalog);
    try {
      const start = Date.parse('2026-12-07T10:00:00Z');
      const outcomes = [];
      for (const minutes of [0, 1, 6, 12, 18, 24]) {
        outcomes.push(await putStateSnapshots(ws.catalog, ws.config, [destination], { now: new Date(start + minutes * 60_000) }));
      }
      expect(outcomes.map((o) => (o.written.length > 0 ? 'written' : o.recent.length > 0 ? 'recent' : 'neither'))).toEqual([
        'written',
        'recent',
        'written',
        'written',
        'written',
        'written',
      ]);
      expect(outcomes.flatMap((o) => o.warnings)).toEqual([]);
      expect(fs.readdirSync(stateFolder()).sort()).toEqual([
        'catalog-20261207T101200000Z.sqlite.gz',
        'catalog-20261207T101800000Z.sqlite.gz',
        'catalog-20261207T102400000Z.sqlite.gz',
        'config-20261207T101200000Z.json',
        'config-20261207T101800000Z.json',
        'config-20261207T102400000Z.json',
      ]);
    } finally {
      destination.close();
    }
  });

  it('a verify that checked copies puts the state too', () => {
    writeFile(path.join(ws.source, 'A001.mov'), pseudoRandomBytes(10_000, 1));
    expect(runCli(ws.home, ['protect', ws.source]).code).toBe(0);
    expect(fs.readdirSync(stateFolder())).toHaveLength(2);
    fs.rmSync(stateFolder(), { recursive: true });
    const verified = runCli(ws.home, ['verify']);
    expect(verified.code).toBe(0);
    expect(fs.readdirSync(stateFolder()).sort()).toEqual([expect.stringMatching(/^catalog-.*\.sqlite\.gz$/), expect.stringMatching(/^config-.*\.json$/)]);
  });

  it('a snapshot that cannot be put is a warning: the protect itself succeeds', () => {
    writeFile(path.join(ws.source, 'A001.mov'), pseudoRandomBytes(10_000, 1));
    fs.mkdirSync(path.dirname(stateFolder()), { recursive: true });
    fs.writeFileSync(stateFolder(), 'in the way');
    const r = runCli(ws.home, ['protect', ws.source]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("warning: raid: Threefold's own state (catalog and config) could not be put there:");
    expect(r.stdout).toContain('Copied and verified 1 files');
  });
});
