import fs from 'node:fs';
import path from 'node:path';
import {
  type Destination,
  type DestinationCapabilities,
  DestinationError,
  MissingObjectError,
  type ObjectWriter,
  WriterLifecycleError,
} from '../../native-helper/destinations/destination';
import { hashChunks } from '../../native-helper/hash/hashChunks';
import { makeTempDir, pseudoRandomBytes } from '../helpers/tempDir';

/** Larger than any backend's single piece in these suites (the S3 suite's parts are 5 MiB): a multipart upload there. */
const LARGE = 6 * 1024 * 1024 + 12_345;

/**
 * What every destination must do (rclone's idea: one suite, every backend). `make` returns a fresh,
 * empty destination; `capabilities` is what the backend declares (tests are generated before any
 * destination exists): each capability is tested where it is declared, and its absence where it is not,
 * the test's name saying which; `cleanup` runs after each test.
 */
export function destinationConformance(
  label: string,
  make: () => Promise<Destination>,
  capabilities: DestinationCapabilities,
  cleanup: () => Promise<void> = async () => undefined,
): void {
  describe(`${label}: Destination conformance`, () => {
    let d: Destination;
    beforeEach(async () => {
      d = await make();
      await d.probe();
    });
    afterEach(cleanup);

    const sourceOf = async (data: Buffer, mtimeMs = Date.now()) => ({
      mtimeMs,
      size: data.length,
      xxh64: (
        await hashChunks(
          (async function* () {
            yield data;
          })(),
        )
      ).xxh64,
    });

    async function put(key: string, data: Buffer, mtimeMs = Date.UTC(2025, 0, 2, 3, 4, 5)): Promise<string> {
      const source = await sourceOf(data, mtimeMs);
      const w = await d.createWriter(key, source);
      for (let i = 0; i < data.length; i += 100_000) await w.write(data.subarray(i, i + 100_000));
      await w.seal();
      await w.verify(source.xxh64);
      return w.commit();
    }

    const collect = async (key: string): Promise<Buffer> => {
      const parts: Buffer[] = [];
      for await (const c of d.readChunks(key)) parts.push(Buffer.from(c));
      return Buffer.concat(parts);
    };

    it('writes, stats and reads back the exact bytes, with the source mtime', async () => {
      const data = pseudoRandomBytes(1_234_567, 3);
      const mtimeMs = Date.UTC(2024, 5, 6, 7, 8, 9);
      const location = await put('Vol/Proj/A001.mov', data, mtimeMs);
      expect(location).toBe(d.locate('Vol/Proj/A001.mov'));
      expect(await d.stat('Vol/Proj/A001.mov')).toMatchObject({ size: data.length, mtimeMs });
      expect((await collect('Vol/Proj/A001.mov')).equals(data)).toBe(true);
    });

    it('stores empty objects', async () => {
      await put('Vol/empty', Buffer.alloc(0));
      expect((await d.stat('Vol/empty'))?.size).toBe(0);
    });

    it('refuses to verify bytes that do not hash to the source, and leaves nothing at the key', async () => {
      const w = await d.createWriter('Vol/bad.bin', await sourceOf(Buffer.from('what the source holds')));
      await w.write(Buffer.from('what arrived, damaged'));
      await w.seal();
      await expect(w.verify((await sourceOf(Buffer.from('what the source holds'))).xxh64)).rejects.toThrow(/xxh64/);
      await w.abort();
      expect(await d.stat('Vol/bad.bin')).toBeUndefined();
    });

    it('shows nothing before commit, and abort leaves nothing behind', async () => {
      const w = await d.createWriter('Vol/x.bin', await sourceOf(Buffer.from('partial')));
      await w.write(Buffer.from('partial'));
      expect(await d.stat('Vol/x.bin')).toBeUndefined();
      await w.abort();
      await w.abort();
      const listed = [];
      for await (const o of d.list()) listed.push(o.key);
      expect(listed).toEqual([]);
    });

    it('replaces an existing object only at commit', async () => {
      await put('Vol/clip.mov', Buffer.from('old content'));
      const w = await d.createWriter('Vol/clip.mov', await sourceOf(Buffer.from('new content, longer')));
      await w.write(Buffer.from('new content, longer'));
      await w.seal();
      await w.verify((await sourceOf(Buffer.from('new content, longer'))).xxh64);
      expect((await collect('Vol/clip.mov')).toString()).toBe('old content');
      await w.commit();
      expect((await collect('Vol/clip.mov')).toString()).toBe('new content, longer');
    });

    it('keeps names with spaces, quotes, accents and newlines exactly', async () => {
      const keys = ['Vol/Scène 01 – "Quai".mov', "Vol/it's here/a\nb.txt", 'Vol/日本語/クリップ.mxf'];
      for (const [i, key] of keys.entries()) await put(key, Buffer.from(`content ${i}`));
      const listed = [];
      for await (const o of d.list('Vol')) listed.push(o.key);
      expect(listed.sort()).toEqual([...keys].sort());
      expect((await collect(keys[1]!)).toString()).toBe('content 1');
    });

    it('handles a 250-byte file name', async () => {
      const key = `Vol/${'n'.repeat(246)}.mov`;
      await put(key, Buffer.from('long'));
      expect((await d.stat(key))?.size).toBe(4);
    });

    it('refuses keys that could leave the root', async () => {
      for (const key of ['../escape', 'Vol/../../escape', '', 'Vol//x', './x', 'Vol/x/']) {
        await expect(d.createWriter(key, { mtimeMs: 0, size: 0, xxh64: 'ef46db3751d8e999' })).rejects.toThrow(/leave the destination root/);
      }
    });

    it('removes objects and lists by prefix', async () => {
      await put('A/one', Buffer.from('1'));
      await put('A/sub/two', Buffer.from('22'));
      await put('B/three', Buffer.from('333'));
      const underA = [];
      for await (const o of d.list('A')) underA.push([o.key, o.size]);
      expect(underA).toEqual([
        ['A/one', 1],
        ['A/sub/two', 2],
      ]);
      await d.remove('A/one');
      expect(await d.stat('A/one')).toBeUndefined();
      await d.remove('A/never-existed');
    });

    it('names what is directly in a folder: files and folders, nothing below, none when absent', async () => {
      await put('N/one.mov', Buffer.from('1'));
      await put('N/sub folder/two', Buffer.from('22'));
      await put('N/sub folder/deeper/three', Buffer.from('333'));
      await put('N2/four', Buffer.from('4'));
      await put('top file', Buffer.from('5'));
      expect((await d.names('N')).sort()).toEqual(['one.mov', 'sub folder']);
      expect((await d.names('N/sub folder')).sort()).toEqual(['deeper', 'two']);
      expect(await d.names('absent')).toEqual([]);
      expect(await d.names('N/one.mov')).toEqual([]);
      expect(await d.names('')).toEqual(expect.arrayContaining(['N', 'N2', 'top file']));
    });

    it('writes small files atomically, and exclusively when asked', async () => {
      await d.putSmall('meta/chain.xml', Buffer.from('v1'));
      await d.putSmall('meta/chain.xml', Buffer.from('v2'));
      expect((await d.getSmall('meta/chain.xml'))?.toString()).toBe('v2');
      await d.putSmall('meta/0001.mhl', Buffer.from('first'), { exclusive: true });
      await expect(d.putSmall('meta/0001.mhl', Buffer.from('second'), { exclusive: true })).rejects.toMatchObject({ code: 'EEXIST' });
      expect((await d.getSmall('meta/0001.mhl'))?.toString()).toBe('first');
      expect(await d.getSmall('meta/none')).toBeUndefined();
      await d.flush();
    });

    it('puts a local file whole, and exclusively when asked', async () => {
      const local = makeTempDir();
      try {
        const file = path.join(local.dir, 'generation.mhl');
        const data = pseudoRandomBytes(3_000_000, 7);
        fs.writeFileSync(file, data);
        await d.putFile('meta/0001.mhl', file, { exclusive: true });
        expect((await d.getSmall('meta/0001.mhl'))?.equals(data)).toBe(true);
        fs.writeFileSync(file, 'other');
        await expect(d.putFile('meta/0001.mhl', file, { exclusive: true })).rejects.toMatchObject({ code: 'EEXIST' });
        expect((await d.getSmall('meta/0001.mhl'))?.equals(data)).toBe(true);
        await d.putFile('meta/0001.mhl', file);
        expect((await d.getSmall('meta/0001.mhl'))?.toString()).toBe('other');
        await d.flush();
      } finally {
        local.cleanup();
      }
    });

    const listed = async (prefix?: string): Promise<string[]> => {
      const keys = [];
      for await (const o of d.list(prefix)) keys.push(o.key);
      return keys.sort();
    };

    const rangeOf = async (key: string, start: number, end: number): Promise<Buffer> => {
      const parts: Buffer[] = [];
      for await (const c of d.readRange(key, start, end)) parts.push(Buffer.from(c));
      return Buffer.concat(parts);
    };

    /** A writer of `data` at `key`, all written, not yet sealed. */
    async function written(key: string, data: Buffer): Promise<{ w: ObjectWriter; xxh64: string }> {
      const source = await sourceOf(data);
      const w = await d.createWriter(key, source);
      for (let i = 0; i < data.length; i += 1_000_000) await w.write(data.subarray(i, i + 1_000_000));
      return { w, xxh64: source.xxh64 };
    }

    describe('the writer lifecycle (open → sealed → verified → committed, or aborted)', () => {
      it('refuses a commit before verify, even right after seal, and commits nothing', async () => {
        const { w, xxh64 } = await written('Life/early.bin', Buffer.from('not verified yet'));
        await expect(w.commit()).rejects.toThrow(WriterLifecycleError);
        await w.seal();
        await expect(w.commit()).rejects.toThrow(/commit of .* before it was verified/);
        expect(await d.stat('Life/early.bin')).toBeUndefined();
        await w.verify(xxh64);
        await w.commit();
        expect((await collect('Life/early.bin')).toString()).toBe('not verified yet');
      });

      it('refuses a write after seal, a second seal, and a verify before seal', async () => {
        const { w, xxh64 } = await written('Life/sealed.bin', Buffer.from('abc'));
        await expect(w.verify(xxh64)).rejects.toThrow(/verify of .* before it was sealed/);
        await w.seal();
        await expect(w.write(Buffer.from('more'))).rejects.toThrow(/write to .* after it was sealed/);
        await expect(w.seal()).rejects.toThrow(WriterLifecycleError);
        await w.verify(xxh64);
        await w.commit();
        expect((await collect('Life/sealed.bin')).toString()).toBe('abc');
      });

      it('refuses a commit after a failed verify', async () => {
        const { w } = await written('Life/bad.bin', Buffer.from('these bytes'));
        await w.seal();
        await expect(w.verify((await sourceOf(Buffer.from('other bytes'))).xxh64)).rejects.toThrow(DestinationError);
        await expect(w.commit()).rejects.toThrow(WriterLifecycleError);
        await w.abort();
        expect(await d.stat('Life/bad.bin')).toBeUndefined();
      });

      it('refuses everything after abort, and abort is safe at any point and more than once', async () => {
        const { w, xxh64 } = await written('Life/aborted.bin', Buffer.from('gone'));
        await w.abort();
        await w.abort(true);
        await expect(w.write(Buffer.from('x'))).rejects.toThrow(/after it was aborted/);
        await expect(w.seal()).rejects.toThrow(/after it was aborted/);
        await expect(w.verify(xxh64)).rejects.toThrow(/after it was aborted/);
        await expect(w.commit()).rejects.toThrow(/after it was aborted/);
        expect(await d.stat('Life/aborted.bin')).toBeUndefined();
      });

      it('refuses everything after commit, where abort leaves the object standing', async () => {
        const { w, xxh64 } = await written('Life/done.bin', Buffer.from('kept'));
        await w.seal();
        await w.verify(xxh64);
        await w.commit();
        await expect(w.commit()).rejects.toThrow(/after it was committed/);
        await expect(w.write(Buffer.from('x'))).rejects.toThrow(/after it was committed/);
        await w.abort();
        expect((await collect('Life/done.bin')).toString()).toBe('kept');
      });

      it('abort(true) of a large write leaves nothing at the key, and a new writer of the same bytes completes', async () => {
        const data = pseudoRandomBytes(LARGE, 21);
        const first = await written('Life/large.bin', data.subarray(0, LARGE));
        await first.w.abort(true);
        expect(await d.stat('Life/large.bin')).toBeUndefined();
        expect(await listed()).toEqual([]);
        await put('Life/large.bin', data);
        expect((await collect('Life/large.bin')).equals(data)).toBe(true);
      });
    });

    it('lists no partial object while a write is open, small or large', async () => {
      const small = await written('Open/small.bin', Buffer.from('partial'));
      const large = await written('Open/large.bin', pseudoRandomBytes(LARGE, 22));
      await put('Open/done.bin', Buffer.from('done'));
      expect(await listed()).toEqual(['Open/done.bin']);
      expect(await listed('Open')).toEqual(['Open/done.bin']);
      expect(await d.stat('Open/small.bin')).toBeUndefined();
      await small.w.abort();
      await large.w.abort();
    });

    it('lists a prefix as a folder: `A` holds `A/…`, never `AB/…` or `A.txt`', async () => {
      await put('A/one', Buffer.from('1'));
      await put('A/sub/two', Buffer.from('2'));
      await put('AB/x', Buffer.from('3'));
      await put('A.txt', Buffer.from('4'));
      await put('F', Buffer.from('5'));
      expect(await listed('A')).toEqual(['A/one', 'A/sub/two']);
      expect(await listed('A/')).toEqual(['A/one', 'A/sub/two']);
      expect(await listed('A/sub')).toEqual(['A/sub/two']);
      expect(await listed('AB')).toEqual(['AB/x']);
      expect(await listed('F')).toEqual([]);
      expect(await listed('none')).toEqual([]);
    });

    it('stats a missing key, in a folder that exists or not, as undefined', async () => {
      await put('S/here', Buffer.from('x'));
      expect(await d.stat('S/missing')).toBeUndefined();
      expect(await d.stat('nowhere/missing')).toBeUndefined();
    });

    it('reads a missing key as a MissingObjectError (a DestinationError), whole or in a range', async () => {
      await put('M/here', Buffer.from('x'));
      for (const key of ['M/missing', 'nowhere/missing']) {
        await expect(collect(key)).rejects.toThrow(MissingObjectError);
        await expect(collect(key)).rejects.toThrow(DestinationError);
        await expect(rangeOf(key, 0, 10)).rejects.toThrow(MissingObjectError);
      }
    });

    it('reads ranges: the start, the middle, the end, across the end, and past it', async () => {
      const data = pseudoRandomBytes(2_500_000, 23);
      await put('R/clip.mov', data);
      const size = data.length;
      for (const [start, end] of [
        [0, 10],
        [0, size],
        [1_000_003, 2_100_000],
        [size - 10, size],
        [size - 5, size + 100],
      ] as const) {
        expect((await rangeOf('R/clip.mov', start, end)).equals(data.subarray(start, Math.min(end, size)))).toBe(true);
      }
      expect((await rangeOf('R/clip.mov', size, size + 10)).length).toBe(0);
      expect((await rangeOf('R/clip.mov', size + 10, size + 20)).length).toBe(0);
      expect((await rangeOf('R/clip.mov', 7, 7)).length).toBe(0);
      await put('R/empty', Buffer.alloc(0));
      expect((await rangeOf('R/empty', 0, 10)).length).toBe(0);
    });

    it('declares capabilities with exactly the methods they promise', () => {
      const c = d.capabilities;
      expect(c).toEqual(capabilities);
      expect(typeof d.readBack === 'function').toBe(c.readBack);
      expect(typeof d.sendsWhole === 'function').toBe(c.sendsWhole);
      expect(typeof d.learningHashes === 'function').toBe(c.sendsWhole);
      expect(typeof d.abortOrphanedUploads === 'function').toBe(c.unfinishedUploads);
    });

    const declared = capabilities;

    if (declared.readBack) {
      it('readBack: hashes a copy as its medium holds it', async () => {
        const data = pseudoRandomBytes(300_000, 24);
        await put('B/copy', data);
        const back = await d.readBack!('B/copy', data.length);
        expect(back).toMatchObject({ xxh64: (await sourceOf(data)).xxh64, size: data.length });
        expect(['medium', 'cache']).toContain(back.source.from);
      });
    } else {
      it('without readBack: has no readBack method (a check reads the copy through readChunks)', () => {
        expect(d.readBack).toBeUndefined();
      });
    }

    if (declared.storedHash) {
      it('storedHash: stat gives the hash kept with the object', async () => {
        const data = Buffer.from('hashed with the object');
        await put('H/x', data);
        expect((await d.stat('H/x'))?.xxh64).toBe((await sourceOf(data)).xxh64);
      });
    } else {
      it('without storedHash: stat gives no hash', async () => {
        await put('H/x', Buffer.from('no hash kept'));
        expect((await d.stat('H/x'))?.xxh64).toBeUndefined();
      });
    }

    if (declared.hashFirst) {
      it('hashFirst: a writer without the content hash is refused', async () => {
        await expect(d.createWriter('F/x', { mtimeMs: 0, size: 1 })).rejects.toThrow(DestinationError);
      });
    } else {
      it('without hashFirst: a writer needs no hash up front, and checks the bytes against the one given at verify', async () => {
        const data = Buffer.from('hash learnt afterwards');
        const w = await d.createWriter('F/x', { mtimeMs: 0, size: data.length });
        await w.write(data);
        await w.seal();
        await w.verify((await sourceOf(data)).xxh64);
        await w.commit();
        expect((await collect('F/x')).equals(data)).toBe(true);
      });
    }

    if (declared.sendsWhole) {
      it('sendsWhole: a small source goes whole, and a learning writer takes it without its hash', async () => {
        expect(d.sendsWhole!(1)).toBe(true);
        const data = Buffer.from('sent whole');
        const learning = d.learningHashes!();
        const w = await learning.createWriter('W/x', { mtimeMs: 0, size: data.length });
        await w.write(data);
        await w.seal();
        await expect(w.commit()).rejects.toThrow(WriterLifecycleError);
        await w.verify((await sourceOf(data)).xxh64);
        await w.commit();
        expect((await collect('W/x')).equals(data)).toBe(true);
      });
    } else {
      it('without sendsWhole: has no sendsWhole nor learningHashes', () => {
        expect(d.sendsWhole).toBeUndefined();
        expect(d.learningHashes).toBeUndefined();
      });
    }

    if (declared.mountedRoot) {
      it('mountedRoot: its copies are files in a folder on this machine', async () => {
        await put('P/x', Buffer.from('on a disk'));
        expect(path.isAbsolute(d.locate('P/x'))).toBe(true);
        expect(fs.readFileSync(d.locate('P/x')).toString()).toBe('on a disk');
      });
    } else {
      it('without mountedRoot: its copies are not at a path on this machine', async () => {
        await put('P/x', Buffer.from('elsewhere'));
        expect(fs.existsSync(d.locate('P/x'))).toBe(false);
      });
    }

    if (declared.unfinishedUploads) {
      it('unfinishedUploads: an upload kept by abort(true) is found and aborted by abortOrphanedUploads', async () => {
        const { w } = await written('U/kept.bin', pseudoRandomBytes(LARGE, 25));
        await w.abort(true);
        expect((await d.abortOrphanedUploads!(0)).map((u) => u.key)).toEqual(['U/kept.bin']);
        expect(await d.abortOrphanedUploads!(0)).toEqual([]);
      });
    } else {
      it('without unfinishedUploads: has no abortOrphanedUploads (an aborted write leaves nothing)', async () => {
        const { w } = await written('U/kept.bin', pseudoRandomBytes(LARGE, 25));
        await w.abort(true);
        expect(d.abortOrphanedUploads).toBeUndefined();
        expect(await listed()).toEqual([]);
      });
    }
  });
}
