// A destination's own reason for failing a copy reaches the job's report: CLI text, JSON and the helper's events.
import fs from 'node:fs';
import path from 'node:path';
import type { HelperClient } from '../../src/protocol/helperClient';
import type { HelperEvent, JobInfo } from '../../src/protocol/messages';
import type { ProtectReport } from '../../native-helper/engine/protect';
import type { RunningHelper } from '../../native-helper/service/helperServer';
import { runCli, runCliJson } from '../helpers/cli';
import { pairedClient, recordEvents, startTestHelper } from '../helpers/helperHarness';
import { makeTempDir, writeFile } from '../helpers/tempDir';

/** Linux's PATH_MAX: a copy's path longer than this cannot be created. */
const PATH_MAX = 4096;
/** What a root needs below it for Threefold's own files (`.threefold/identity.json.threefold-partial`…). */
const ROOM = 150;
const TOO_LONG = /cannot write \/.{3000,}: the name or path is too long for the file system \(ENAMETOOLONG\)/;

let temp: ReturnType<typeof makeTempDir>;
let home: string;
let clip: string;
let deep: string;

beforeEach(() => {
  temp = makeTempDir();
  home = path.join(temp.dir, 'home');
  clip = writeFile(path.join(temp.dir, 'Media', 'Day 1'.padEnd(200, '.'), 'clip.mov'), 'clip');
  // A root that fits with room for Threefold's own small files (probe, marker), under which the clip's path
  // does not (segments of at most 200 bytes).
  deep = temp.dir;
  for (let room = PATH_MAX - ROOM - deep.length; room > 1; room = PATH_MAX - ROOM - deep.length) deep = path.join(deep, 'd'.repeat(Math.min(200, room - 1)));
  fs.mkdirSync(deep, { recursive: true });
  expect(path.join(deep, clip).length).toBeGreaterThan(PATH_MAX);
  expect(runCli(home, ['dest', 'add', 'deep', deep, '--media', 'hdd']).code).toBe(0);
});
afterEach(() => temp.cleanup());

describe('a copy path too long for the destination', () => {
  it('is reported with the destination and its reason (ENAMETOOLONG, the path), in text and JSON', () => {
    const { code, json } = runCliJson<ProtectReport>(home, ['protect', clip]);
    expect(code).toBe(1);
    expect(json.job.failed).toEqual([{ path: clip, destination: 'deep', error: expect.stringMatching(TOO_LONG) }]);

    const text = runCli(home, ['protect', clip]);
    expect(text.code).toBe(1);
    expect(text.stdout + text.stderr).toMatch(/ENAMETOOLONG/);
    expect(text.stdout + text.stderr).not.toMatch(/no destination could be written/);
  });

  it('reaches the helper’s job events (what the panel shows)', async () => {
    let helper: RunningHelper | undefined;
    let client: HelperClient | undefined;
    try {
      helper = await startTestHelper({ home, port: 0, log: () => undefined });
      client = (await pairedClient(helper.port, home)).client;
      const { next } = recordEvents(client);
      const { job } = await client.request('protect', { targets: [clip] });
      const finished = (await next((e: HelperEvent) => e.type === 'job.finished' && e.job.id === job.id)) as { job: JobInfo };
      expect(finished.job.state).toBe('failed');
      expect(finished.job.result!.failed).toEqual([{ path: clip, destination: 'deep', error: expect.stringMatching(TOO_LONG) }]);
    } finally {
      client?.close();
      await helper?.close();
    }
  });
});
