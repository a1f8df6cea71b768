import fs from 'node:fs';
import path from 'node:path';
import { protect } from '../../native-helper/engine/protect';
import { restore, type RestoredFile } from '../../native-helper/engine/restore/restore';
import { type ArchiveTierProxy, startArchiveTierProxy } from '../helpers/archiveTierProxy';
import { runCliAsync } from '../helpers/cli';
import { addCloudDestination } from '../helpers/cloudWorkspace';
import { xxhsum } from '../helpers/oracles';
import { testS3Server } from '../helpers/s3Server';
import { pseudoRandomBytes, writeFile } from '../helpers/tempDir';
import { useTempWorkspace } from '../helpers/workspace';

const t = useTempWorkspace();
const byPath = (files: readonly RestoredFile[], file: string): RestoredFile => files.find((f) => f.path === file)!;

let proxy: ArchiveTierProxy;
beforeEach(async () => {
  proxy = await startArchiveTierProxy(testS3Server().endpoint);
});
afterEach(() => proxy.close());

describe('restore of a copy in an archive storage class', () => {
  it('requests the restore once, says when it will be available, and restores once it is back', async () => {
    await t.reopen(path.join(t.dir, 'only-cloud'), []);
    await addCloudDestination(t.ws, 'cloud', proxy.endpoint);
    // A small object (one GET, refused) and a large one (a HEAD first, then ranges).
    const small = writeFile(path.join(t.ws.source, 'Shoot', 'small.wav'), pseudoRandomBytes(300_000, 31));
    const large = writeFile(path.join(t.ws.source, 'Shoot', 'large.mov'), pseudoRandomBytes(40 * 1024 * 1024, 32));
    const hashes = new Map([small, large].map((f) => [f, xxhsum(f)]));
    expect((await protect(t.ws, { targets: [t.ws.source] })).job.failed).toEqual([]);
    fs.rmSync(path.join(t.ws.source, 'Shoot'), { recursive: true });
    proxy.archive('/Shoot/', 'DEEP_ARCHIVE');

    const first = await restore(t.ws, { targets: [t.ws.source] });
    expect(first.job.state).toBe('failed');
    expect(first.totals).toMatchObject({ restored: 0, failed: 0, waitingForArchive: 2 });
    for (const file of [small, large]) {
      expect(byPath(first.files, file)).toMatchObject({
        state: 'waiting-for-archive',
        attempts: [
          {
            destination: 'cloud',
            error: expect.stringMatching(/Glacier Deep Archive: its restore from the archive is now requested, available in about 12 hours/),
          },
        ],
      });
      expect(t.ws.catalog.copies.list({ kind: 'file', path: file })[0]!.status).toBe('verified');
    }
    expect(proxy.restoreRequests).toBe(2);
    // Nothing written: at most the folder made for the small file's partial, empty.
    const shoot = path.join(t.ws.source, 'Shoot');
    expect(fs.existsSync(shoot) ? fs.readdirSync(shoot) : []).toEqual([]);

    // Asked again while the archive works: no new request, the CLI says so and exits 1.
    t.ws.close();
    const second = await runCliAsync(t.ws.home, ['restore', t.ws.source]);
    expect(second.code).toBe(1);
    expect(second.stdout).toMatch(/2 waiting for the archive/);
    expect(second.stdout).toMatch(/is under way, available in about 12 hours/);
    expect(proxy.restoreRequests).toBe(2);

    proxy.setState('restored');
    const third = await runCliAsync(t.ws.home, ['restore', t.ws.source, '--json']);
    expect(third.code).toBe(0);
    expect(JSON.parse(third.stdout).totals).toMatchObject({ restored: 2, waitingForArchive: 0 });
    for (const [file, xxh64] of hashes) expect(xxhsum(file)).toBe(xxh64);
  });
});
