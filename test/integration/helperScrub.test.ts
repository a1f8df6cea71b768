// The helper's `scrub` request (what a schedule runs), against a real helper process over HTTP.
import { SqliteDatabase } from '../../native-helper/sqlite/sqliteDatabase';
import fs from 'node:fs';
import { catalogPath } from '../../native-helper/config/config';
import path from 'node:path';
import { mapSourcePath } from '../../src/paths/mapSourcePath';
import { runCli } from '../helpers/cli';
import type { HelperProcess } from '../helpers/helperHarness';
import { finishedJob, startTwoFolderHelper, type TwoFolderHelper } from '../helpers/twoFolderHelper';
import { apiCall } from '../helpers/helperHttp';
import { xxhsum } from '../helpers/oracles';
import { pseudoRandomBytes, writeFile } from '../helpers/tempDir';

let setup: TwoFolderHelper;
let temp: TwoFolderHelper['temp'];
let home: string;
let usb: string;
let helper: HelperProcess;
let token: string;

beforeAll(async () => {
  setup = await startTwoFolderHelper('scrub test');
  ({ temp, home, usb, helper, token } = setup);
});

afterAll(() => setup?.stop());

describe("the helper's scrub", () => {
  it('runs as a job: every copy due is re-read and a corrupt one repaired; a bad setting is refused before queueing', async () => {
    const clip = writeFile(path.join(temp.dir, 'Media', 'B001.mov'), pseudoRandomBytes(80_000, 2));
    expect(runCli(home, ['protect', clip]).code).toBe(0);
    const usbCopy = path.join(usb, ...mapSourcePath(clip).split('/'));
    fs.writeFileSync(usbCopy, pseudoRandomBytes(80_000, 3));

    const refused = await apiCall(helper.port, { id: 'b', type: 'scrub', budget: 'fast' }, { token });
    expect(refused).toMatchObject({ status: 422, json: { ok: false, error: { message: expect.stringMatching(/not a read budget/) } } });

    // As if the copies were last read 31 days ago: both are due.
    const db = new SqliteDatabase(catalogPath(home));
    db.prepare(`UPDATE copies SET verified_at = ?`).run(new Date(Date.now() - 31 * 86_400_000).toISOString());
    db.close();
    const started = await apiCall(helper.port, { id: 's', type: 'scrub', repair: true, budget: '100MB/s' }, { token });
    expect(started).toMatchObject({ status: 200, json: { ok: true, result: { job: { kind: 'scrub' } } } });
    const jobId = started.json!.result.job.id as number;
    const job = await finishedJob(setup, jobId);
    expect(job).toMatchObject({
      state: 'succeeded',
      result: { files: 2, failed: [], repaired: [{ path: clip, destination: 'usb', from: 'raid' }], scrub: { due: 2, stoppedBy: null } },
    });
    expect(xxhsum(usbCopy)).toBe(xxhsum(clip));
  });
});
