import fs from 'node:fs';
import path from 'node:path';
import { acquireLockFile } from '../../../native-helper/system/lockFile';
import { makeTempDir } from '../../helpers/tempDir';

let temp: ReturnType<typeof makeTempDir>;
let file: string;
beforeEach(() => {
  temp = makeTempDir();
  file = path.join(temp.dir, 'x.lock');
});
afterEach(() => temp.cleanup());

describe('acquireLockFile', () => {
  it('takes over a lock naming this very process that this process does not hold (a pid from an earlier life)', async () => {
    fs.writeFileSync(file, String(process.pid));
    const release = await acquireLockFile(file, { signal: AbortSignal.timeout(2000) });
    expect(fs.readFileSync(file, 'utf8')).toBe(String(process.pid));
    await release();
    expect(fs.existsSync(file)).toBe(false);
  });

  it('many waiters on a stale lock: one holder at a time, every one gets its turn', async () => {
    for (let round = 0; round < 5; round++) {
      fs.writeFileSync(file, '999999999'); // no such process
      let holders = 0;
      let most = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          // Generous: eight waiters polling every 100 ms on a loaded machine.
          const release = await acquireLockFile(file, { signal: AbortSignal.timeout(60_000) });
          holders += 1;
          most = Math.max(most, holders);
          await new Promise((r) => setTimeout(r, 2));
          holders -= 1;
          await release();
        }),
      );
      expect(most).toBe(1);
      expect(fs.readdirSync(temp.dir)).toEqual([]);
    }
  });
});
