import fs from 'node:fs';
import path from 'node:path';
import type { Destination } from '../../native-helper/destinations/destination';
import { hashChunks } from '../../native-helper/hash/hashChunks';
import { makeTempDir, pseudoRandomBytes } from '../helpers/tempDir';

/**
 * What every destination must do (rclone's idea: one suite, every backend). `make` returns a fresh,
 * empty destination; `cleanup` runs after each test.
 */
export function destinationConformance(label: string, make: () => Promise<Destination>, cleanup: () => Promise<void> = async () => undefined): void {
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
  });
}
