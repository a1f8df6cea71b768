import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ObjectWriter } from '../../native-helper/destinations/destination';
import { LOCAL_FOLDER_CAPABILITIES, LocalFolderDestination } from '../../native-helper/destinations/localFolder';
import { BufferPool } from '../../native-helper/fsutil/bufferPool';
import { hashChunks } from '../../native-helper/hash/hashChunks';
import { makeTempDir } from '../helpers/tempDir';
import { destinationConformance } from './destinationConformance';

const pool = new BufferPool(256 * 1024, 4);

const xxh64Of = async (data: Buffer): Promise<string> =>
  (
    await hashChunks(
      (async function* () {
        yield data;
      })(),
    )
  ).xxh64;
let temp: ReturnType<typeof makeTempDir> | undefined;

destinationConformance(
  'LocalFolderDestination',
  async () => {
    temp = makeTempDir();
    return new LocalFolderDestination({ name: 'raid', media: 'raid', offsite: false }, temp.dir, pool);
  },
  LOCAL_FOLDER_CAPABILITIES,
  async () => temp?.cleanup(),
);

describe('LocalFolderDestination specifics', () => {
  /** A destination at `<temp>/<name>`, probed; the temp dir is removed afterwards. */
  async function withProbedRoot(name: string, work: (d: LocalFolderDestination, root: string) => Promise<void>): Promise<void> {
    const { dir, cleanup } = makeTempDir();
    try {
      const root = path.join(dir, name);
      fs.mkdirSync(root);
      const d = new LocalFolderDestination({ name, media: 'hdd', offsite: false }, root, pool);
      await d.probe();
      await work(d, root);
    } finally {
      cleanup();
    }
  }

  /** A one-byte copy written, sealed and verified, not yet committed. */
  async function sealedCopy(d: LocalFolderDestination, key: string): Promise<ObjectWriter> {
    const writer = await d.createWriter(key, { mtimeMs: 0, size: 1 });
    await writer.write(Buffer.from('a'));
    await writer.seal();
    await writer.verify(await xxh64Of(Buffer.from('a')));
    return writer;
  }

  it('never recreates a root that disappeared (an unplugged disk must not become a folder on the system disk)', () =>
    withProbedRoot('usb', async (d, root) => {
      fs.rmSync(root, { recursive: true });
      await expect(d.createWriter('Vol/a.mov', { mtimeMs: 0, size: 0 })).rejects.toThrow(/usb|not reachable/);
      await expect(d.probe()).rejects.toThrow(/disk unplugged or unmounted/);
      expect(fs.existsSync(root)).toBe(false);
    }));

  it('a root gone within the cached check still fails as unreachable, and is not recreated', () =>
    withProbedRoot('usb', async (d, root) => {
      const first = await sealedCopy(d, 'Vol/a.mov');
      fs.rmSync(root, { recursive: true });
      await expect(first.commit()).rejects.toThrow(/not reachable.*unplugged or unmounted/);
      // Its folder was created a moment ago: no fresh stat of the root before opening, yet the reason is the root.
      await expect(d.createWriter('Vol/b.mov', { mtimeMs: 0, size: 1 })).rejects.toThrow(/not reachable.*unplugged or unmounted/);
      await expect(d.createWriter('top.mov', { mtimeMs: 0, size: 1 })).rejects.toThrow(/not reachable/);
      expect(fs.existsSync(root)).toBe(false);
    }));

  it('a root that is another volume now (unmounted under a cached check) gets no file, neither in it nor in its folders', () =>
    withProbedRoot('disk', async (d, root) => {
      const first = await sealedCopy(d, 'Vol/a.mov');
      // What the mount point shows once the disk is gone: another file system, as a tmpfs over it shows.
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', root]);
      try {
        await expect(first.commit()).rejects.toThrow(/no longer on the volume/);
        await expect(d.createWriter('Vol/b.mov', { mtimeMs: 0, size: 1 })).rejects.toThrow(/no longer on the volume/);
        await expect(d.createWriter('top.mov', { mtimeMs: 0, size: 1 })).rejects.toThrow(/no longer on the volume/);
        expect(fs.readdirSync(root)).toEqual([]);
      } finally {
        execFileSync('umount', [root]);
      }
    }));

  it('names the partial file so that even a 255-byte name fits', async () => {
    const { dir, cleanup } = makeTempDir();
    try {
      const d = new LocalFolderDestination({ name: 'raid', media: 'raid', offsite: false }, dir, pool);
      const key = `Vol/${'x'.repeat(251)}.mov`;
      const w = await d.createWriter(key, { mtimeMs: 0, size: 1 });
      const partials = fs.readdirSync(path.join(dir, 'Vol'));
      expect(partials).toHaveLength(1);
      expect(partials[0]).toMatch(/^\.[0-9a-f]{24}\.threefold-partial$/);
      await w.write(Buffer.from('x'));
      await w.seal();
      await w.verify(await xxh64Of(Buffer.from('x')));
      await w.commit();
      expect(fs.readdirSync(path.join(dir, 'Vol'))).toEqual([`${'x'.repeat(251)}.mov`]);
    } finally {
      cleanup();
    }
  });
});
