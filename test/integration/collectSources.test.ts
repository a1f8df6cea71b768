import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { collectSources } from '../../native-helper/fsutil/collectSources';
import { makeTempDir, writeFile } from '../helpers/tempDir';

describe('collectSources', () => {
  const temp = makeTempDir();
  afterAll(() => temp.cleanup());

  /** 300 files over two folders (more than a slice), links, a pipe and a destination inside. */
  const root = path.join(temp.dir, 'media');
  const destination = path.join(root, 'backup');
  beforeAll(() => {
    for (let i = 0; i < 200; i += 1) writeFile(path.join(root, 'A', `clip${String(i).padStart(3, '0')}.mov`), 'x'.repeat(i));
    for (let i = 0; i < 100; i += 1) writeFile(path.join(root, 'B', `still${i}.jpg`), `${i}`);
    writeFile(path.join(destination, 'copy.mov'), 'copy');
    writeFile(path.join(root, 'A', 'half.mov.threefold-partial'), 'partial');
    fs.symlinkSync('..', path.join(root, 'B', 'loop'));
    fs.symlinkSync('nowhere', path.join(root, 'dangling'));
    fs.symlinkSync(path.join(root, 'B', 'still1.jpg'), path.join(root, 'same-file'));
    execFileSync('mkfifo', [path.join(root, 'pipe')]);
  });

  it('finds every regular file once, in order, with its size and mtime, and says what it skipped', async () => {
    const collected = await collectSources([root], [destination]);
    expect(collected.files).toHaveLength(300);
    // A folder's own files first, then its subfolders, each sorted by name.
    expect(collected.files.slice(0, 2).map((f) => path.relative(root, f.path))).toEqual(['same-file', 'A/clip000.mov']);
    const clip = path.join(root, 'A', 'clip199.mov');
    expect(collected.files.find((f) => f.path === clip)).toEqual({ path: clip, size: 199, mtimeMs: fs.statSync(clip).mtimeMs });
    // One file reached by two names (the link is met first, in the root): once.
    expect(collected.files.filter((f) => /same-file$|still1\.jpg$/.test(f.path)).map((f) => path.relative(root, f.path))).toEqual(['same-file']);
    expect(collected.warnings).toEqual(
      expect.arrayContaining([
        `${destination}: skipped, it is a Threefold destination`,
        `${path.join(root, 'B', 'loop')}: skipped, this folder was already reached (a symbolic link loop?)`,
        `${path.join(root, 'dangling')}: skipped, symbolic link to nothing`,
        `${path.join(root, 'pipe')}: skipped, not a regular file (named pipe)`,
      ]),
    );
    expect(collected.errors).toEqual([]);
  });

  it('finds the same when its stats prove slow and it stats in parallel', async () => {
    const sequential = await collectSources([root], [destination]);
    expect(await collectSources([root], [destination], { slowStatMs: 0 })).toEqual(sequential);
  });
});
