// A home with two local-folder destinations (raid, usb), and a helper process on it paired over HTTP:
// the setup the helper's HTTP tests share.
import fs from 'node:fs';
import path from 'node:path';
import { runCli } from './cli';
import { pairingCode, spawnHelper, type HelperProcess } from './helperHarness';
import { apiCall } from './helperHttp';
import { makeTempDir } from './tempDir';

/** `<dir>/raid` (media raid) and `<dir>/usb` (media hdd), made and added to `home` as destinations with the CLI. */
export function addTwoLocalFolders(home: string, dir: string): { raid: string; usb: string } {
  const raid = path.join(dir, 'raid');
  const usb = path.join(dir, 'usb');
  for (const d of [raid, usb]) fs.mkdirSync(d, { recursive: true });
  expect(runCli(home, ['dest', 'add', 'raid', raid, '--media', 'raid']).code).toBe(0);
  expect(runCli(home, ['dest', 'add', 'usb', usb, '--media', 'hdd']).code).toBe(0);
  return { raid, usb };
}

export interface TwoFolderHelper {
  temp: ReturnType<typeof makeTempDir>;
  home: string;
  raid: string;
  usb: string;
  helper: HelperProcess;
  /** The token of a pairing as `client`; empty when no client was named. */
  token: string;
  /** Stops the helper and removes the temporary directory. */
  stop(): Promise<void>;
}

/** A fresh home with two local folders and a helper process on it; paired over HTTP as `client` when one is named. */
export async function startTwoFolderHelper(client?: string): Promise<TwoFolderHelper> {
  const temp = makeTempDir();
  const home = path.join(temp.dir, 'home');
  const { raid, usb } = addTwoLocalFolders(home, temp.dir);
  const helper = await spawnHelper(home);
  let token = '';
  if (client !== undefined) {
    const paired = await apiCall(helper.port, { id: 'p', type: 'pair', code: pairingCode(home), client });
    token = paired.json!.result.token as string;
  }
  return {
    temp,
    home,
    raid,
    usb,
    helper,
    token,
    stop: async () => {
      await helper.stop();
      temp.cleanup();
    },
  };
}

/** A job as the helper's `jobs` answer lists it. */
export interface ListedJob {
  id: number;
  state: string;
  finishedAt: string | null;
  result: any;
}

/** Asks the helper for its jobs every 100 ms until job `jobId` has finished (at most a minute); that job. */
export async function finishedJob(setup: Pick<TwoFolderHelper, 'helper' | 'token'>, jobId: number): Promise<ListedJob> {
  for (let polls = 0; ; polls++) {
    const jobs = await apiCall(setup.helper.port, { id: `poll${polls}`, type: 'jobs' }, { token: setup.token });
    const job = (jobs.json!.result.jobs as ListedJob[]).find((j) => j.id === jobId);
    if (job !== undefined && job.finishedAt !== null) return job;
    if (polls > 600) throw new Error(`the job did not finish: ${JSON.stringify(job)}\n${setup.helper.log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
