import fs from 'node:fs';
import path from 'node:path';
import { SettledFiles } from '../../../native-helper/service/settledFiles';
import { makeTempDir } from '../../helpers/tempDir';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SettledFiles: a file is reported once its size and mtime stay the same', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    temp = makeTempDir();
  });
  afterEach(() => temp.cleanup());

  it('a rewrite at the same size (only the mtime moves) holds the report back until it stops', async () => {
    const file = path.join(temp.dir, 'Ferry Doc.prproj');
    fs.writeFileSync(file, 'aaaa');
    const reported: number[] = [];
    const started = Date.now();
    const settled = new SettledFiles(800, () => reported.push(Date.now() - started));
    settled.touched(file);
    // A save every 100 ms, same size, a new mtime each time, with no event: the stat comparison alone sees it.
    for (let i = 1; i <= 6; i += 1) {
      await sleep(100);
      fs.writeFileSync(file, 'bbbb');
      fs.utimesSync(file, new Date(), new Date(Date.now() + i * 1000));
    }
    expect(reported).toEqual([]);
    await sleep(2000);
    settled.close();
    expect(reported).toHaveLength(1);
    expect(reported[0]).toBeGreaterThanOrEqual(600 + 800);
  });

  it('a file that stays still is reported once; one removed before it settles is not', async () => {
    const still = path.join(temp.dir, 'A001.mov');
    const gone = path.join(temp.dir, 'temp.prproj');
    fs.writeFileSync(still, 'x');
    fs.writeFileSync(gone, 'y');
    const reported: string[] = [];
    const settled = new SettledFiles(150, (f) => reported.push(f));
    settled.touched(still);
    settled.touched(still);
    settled.touched(gone);
    fs.rmSync(gone);
    await sleep(600);
    settled.close();
    expect(reported).toEqual([still]);
  });
});
