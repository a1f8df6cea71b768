import fs from 'node:fs';
import path from 'node:path';
import { DirectWrites, O_DIRECT } from '../../../native-helper/fsutil/directWrites';
import { closeFile, openFile } from '../../../native-helper/fsutil/fileCalls';
import { alignedBuffers } from '../../../native-helper/fsutil/alignedBuffers';
import { makeTempDir, pseudoRandomBytes } from '../../helpers/tempDir';

const KiB = 1024;
const MiB = 1024 * KiB;

/** `bytes` cut into chunks of these lengths, each at the start of a page-aligned buffer, as the pool hands them out. */
const pooledChunks = (bytes: Buffer, lengths: number[]): Uint8Array[] => {
  const buffers = alignedBuffers(lengths.length, 4 * MiB);
  let at = 0;
  return lengths.map((length, i) => {
    const chunk = buffers[i]!.subarray(0, length);
    chunk.set(bytes.subarray(at, at + length));
    at += length;
    return chunk;
  });
};

describe('DirectWrites on a disk that takes direct I/O', () => {
  const { dir, cleanup } = makeTempDir();
  afterAll(cleanup);

  it.each([
    ['whole chunks', [4 * MiB, 4 * MiB]],
    ['whole chunks then a tail', [4 * MiB, 4 * MiB, 1000]],
    ['a last chunk past whole blocks', [4 * MiB, 3 * MiB + 5]],
    ['a short chunk in the middle', [4 * MiB, 4095, 4 * MiB, 17]],
    ['a file under one block', [5]],
    ['nothing', []],
  ])('writes %s byte for byte, the file as long as what was written', async (_what, lengths) => {
    const bytes = pseudoRandomBytes(
      lengths.reduce((sum, n) => sum + n, 0),
      lengths.length + 1,
    );
    const file = path.join(dir, `${lengths.join('-')}.mov`);
    const fd = await openFile(file, fs.constants.O_RDWR | fs.constants.O_CREAT | O_DIRECT!, 0o600);
    try {
      const writes = new DirectWrites(fd);
      for (const chunk of pooledChunks(bytes, lengths)) await writes.write(chunk);
      await writes.finish();
    } finally {
      await closeFile(fd);
    }
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  it('copies a chunk that does not start a block before writing it', async () => {
    const bytes = pseudoRandomBytes(2 * MiB + 3, 11);
    const offCentre = alignedBuffers(1, 4 * MiB)[0]!.subarray(3, 3 + bytes.length);
    offCentre.set(bytes);
    const file = path.join(dir, 'off-centre.mov');
    const fd = await openFile(file, fs.constants.O_RDWR | fs.constants.O_CREAT | O_DIRECT!, 0o600);
    try {
      const writes = new DirectWrites(fd);
      await writes.write(offCentre);
      await writes.finish();
    } finally {
      await closeFile(fd);
    }
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });
});
