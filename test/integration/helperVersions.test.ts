// The helper's `versions` request and `verify` with `repair`, against a real helper process over HTTP.
import fs from 'node:fs';
import path from 'node:path';
import { resultSchemas } from '../../src/protocol/messages';
import { mapSourcePath } from '../../src/paths/mapSourcePath';
import { writePremiereProject } from '../../native-helper/demo/premiereProjectWriter';
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
  setup = await startTwoFolderHelper('versions test');
  ({ temp, home, usb, helper, token } = setup);
});

afterAll(() => setup?.stop());

describe('the helper', () => {
  it('lists a project file’s kept versions, and says when a file was never protected', async () => {
    const clip = writeFile(path.join(temp.dir, 'Media', 'A001.mov'), pseudoRandomBytes(50_000, 1));
    const project = await writePremiereProject(path.join(temp.dir, 'Projects', 'Ferry Doc.prproj'), [{ actualMediaFilePath: clip, title: 'A001' }]);
    expect(runCli(home, ['protect', project]).code).toBe(0);

    const answer = await apiCall(helper.port, { id: 'v', type: 'versions', target: project }, { token });
    expect(answer.status).toBe(200);
    const result = resultSchemas.versions.parse(answer.json!.result);
    expect(result.versions).toHaveLength(1);
    expect(result.versions[0]).toMatchObject({ xxh64: xxhsum(project), current: true });
    expect(result.versions[0]!.copies.map((c) => c.destination).sort()).toEqual(['raid', 'usb']);

    const never = await apiCall(helper.port, { id: 'n', type: 'versions', target: path.join(temp.dir, 'nothing.prproj') }, { token });
    expect(never.status).toBe(422);
    expect(never.json).toMatchObject({ ok: false, error: { code: 'failed', message: expect.stringMatching(/never protected/) } });
  });

  it('runs a verify with repair as a job: the corrupt copy is rewritten', async () => {
    const clip = writeFile(path.join(temp.dir, 'Media2', 'B001.mov'), pseudoRandomBytes(80_000, 2));
    expect(runCli(home, ['protect', clip]).code).toBe(0);
    const usbCopy = path.join(usb, ...mapSourcePath(clip).split('/'));
    fs.writeFileSync(usbCopy, pseudoRandomBytes(80_000, 3));

    const started = await apiCall(helper.port, { id: 'r', type: 'verify', targets: [clip], repair: true }, { token });
    expect(started).toMatchObject({ status: 200, json: { ok: true, result: { job: { kind: 'verify' } } } });
    const jobId = started.json!.result.job.id as number;
    const job = await finishedJob(setup, jobId);
    expect(job).toMatchObject({ state: 'succeeded', result: { failed: [], repaired: [{ path: clip, destination: 'usb', from: 'raid' }] } });
    expect(xxhsum(usbCopy)).toBe(xxhsum(clip));
  });
});
