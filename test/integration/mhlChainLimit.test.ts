import fs from 'node:fs';
import path from 'node:path';
import { LocalFolderDestination } from '../../native-helper/destinations/localFolder';
import { BufferPool } from '../../native-helper/fsutil/bufferPool';
import { ChainError } from '../../native-helper/mhl/chain';
import { appendGeneration } from '../../native-helper/mhl/history';
import type { MhlEntry } from '../../native-helper/mhl/manifest';
import { makeTempDir } from '../helpers/tempDir';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => (temp = makeTempDir('threefold-chain-')));
afterEach(() => temp.cleanup());

const ENTRY: MhlEntry = { path: 'MEDIA/a.mov', size: 3, mtimeMs: 0, xxh64: '0123456789abcdef', action: 'original', hashDate: new Date(0) };

describe("a destination's ASC MHL chain file is measured before it is read", () => {
  it('a chain file larger than any Threefold writes (sparse: 400 MB of nothing) is refused at once, the manifest not written', async () => {
    const destination = new LocalFolderDestination({ name: 'raid', media: 'raid', offsite: false }, temp.dir, new BufferPool(64 * 1024, 2));
    const chain = path.join(temp.dir, 'ascmhl', 'ascmhl_chain.xml');
    fs.mkdirSync(path.dirname(chain));
    fs.writeFileSync(chain, '');
    fs.truncateSync(chain, 400_000_000);

    const started = performance.now();
    const error = await appendGeneration(destination, 'raid', 'transfer', new Date(0), [ENTRY]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChainError);
    expect((error as Error).message).toBe(`${chain} is 400 MB, larger than any chain Threefold writes (33.6 MB): not read; move it aside to start a new chain`);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(fs.readdirSync(path.dirname(chain))).toEqual(['ascmhl_chain.xml']);
  });
});
