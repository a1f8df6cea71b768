import fs from 'node:fs';
import path from 'node:path';
import { LocalFolderDestination } from '../../native-helper/destinations/localFolder';
import { restoreCopy } from '../../native-helper/engine/restore/restoreCopy';
import { TargetRoot } from '../../native-helper/engine/restore/targetRoot';
import { BufferPool } from '../../native-helper/fsutil/bufferPool';
import { xxhsum } from '../helpers/oracles';
import { makeTempDir, pseudoRandomBytes, writeFile } from '../helpers/tempDir';

let temp: { dir: string; cleanup: () => void };
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

/** A copy on a local folder destination, and a target root to restore it under. */
function setUp(bytes: Buffer): { copy: Parameters<typeof restoreCopy>[0]; root: TargetRoot } {
  const pool = new BufferPool(4 * 1024 * 1024, 2);
  const store = path.join(temp.dir, 'store');
  const stored = writeFile(path.join(store, 'Media', 'a.mov'), bytes);
  const destination = new LocalFolderDestination({ name: 'raid', media: 'raid', offsite: false }, store, pool);
  // A target others may enter: the file keeps its group bit (no more than the folders above let through).
  fs.chmodSync(temp.dir, 0o755);
  fs.mkdirSync(path.join(temp.dir, 'target'), { mode: 0o755 });
  return {
    copy: { destination, key: 'Media/a.mov', size: bytes.length, xxh64: xxhsum(stored), mtimeMs: Date.UTC(2024, 0, 2, 3, 4, 5, 600), mode: 0o640 },
    root: new TargetRoot(path.join(temp.dir, 'target'), pool),
  };
}

describe('restoreCopy, one file from one copy', () => {
  it('writes the verified file with its mtime and mode, and nothing else', async () => {
    const { copy, root } = setUp(pseudoRandomBytes(5 * 1024 * 1024 + 7, 1));
    const final = path.join(root.root, 'x', 'y', 'a.mov');
    const outcome = await restoreCopy(copy, root, final, false);
    expect(outcome).toMatchObject({ ok: true, location: final, bytes: copy.size });
    expect(xxhsum(final)).toBe(copy.xxh64);
    // Node sets times as seconds in a double: equal to the microsecond.
    expect(Math.abs(fs.statSync(final).mtimeMs - copy.mtimeMs)).toBeLessThan(0.001);
    expect(fs.statSync(final).mode & 0o777).toBe(0o640);
    expect(fs.readdirSync(path.dirname(final))).toEqual(['a.mov']);
  });

  it('replaces nothing: a file that took the name meanwhile stays, and the partial file goes', async () => {
    const { copy, root } = setUp(pseudoRandomBytes(100_000, 2));
    const final = path.join(root.root, 'a.mov');
    const original = copy.destination.readChunks.bind(copy.destination);
    // Someone writes the name while the copy is read.
    copy.destination.readChunks = async function* (key: string) {
      writeFile(final, 'theirs');
      yield* original(key);
    };
    const outcome = await restoreCopy(copy, root, final, false);
    expect(outcome).toMatchObject({ ok: false, fault: 'target', error: expect.stringMatching(/appeared while it was restored; nothing was replaced/) });
    expect(fs.readFileSync(final, 'utf8')).toBe('theirs');
    expect(fs.readdirSync(root.root)).toEqual(['a.mov']);
  });

  it('blames the copy when its bytes are not the recorded ones, and leaves nothing', async () => {
    const { copy, root } = setUp(pseudoRandomBytes(100_000, 3));
    const outcome = await restoreCopy({ ...copy, xxh64: '0123456789abcdef' }, root, path.join(root.root, 'a.mov'), false);
    expect(outcome).toMatchObject({ ok: false, fault: 'copy', error: expect.stringMatching(/recorded 0123456789abcdef/) });
    expect(fs.readdirSync(root.root)).toEqual([]);
  });
});
