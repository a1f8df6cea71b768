import fs from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors';
import { isProcessAlive } from '../system/isProcessAlive';

/** One copying job per Threefold home at a time; a lock left by a killed process is taken over. */
export async function acquireJobLock(home: string): Promise<() => Promise<void>> {
  const lockFile = path.join(home, 'job.lock');
  await fs.mkdir(home, { recursive: true, mode: 0o700 });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await fs.writeFile(lockFile, String(process.pid), { flag: 'wx' });
      return () => fs.rm(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number((await fs.readFile(lockFile, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(holder) && holder > 0 && isProcessAlive(holder)) {
      throw new UserError(`another Threefold job is running (process ${holder}); wait for it or stop it first`);
    }
    await fs.rm(lockFile, { force: true });
  }
  throw new UserError(`cannot take the job lock ${lockFile}`);
}


