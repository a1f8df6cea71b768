import fs from 'node:fs';
import path from 'node:path';
import { LocalFolderDestination } from '../../native-helper/destinations/localFolder';
import { BufferPool } from '../../native-helper/fsutil/bufferPool';
import { makeTempDir } from '../helpers/tempDir';
import { destinationConformance } from './destinationConformance';

const pool = new BufferPool(256 * 1024, 4);
let temp: ReturnType<typeof makeTempDir> | undefined;

destinationConformance(
  'LocalFolderDestination',
  async () => {
    temp = makeTempDir();
    return new LocalFolderDestination({ name: 'raid', media: 'raid', offsite: false }, temp.dir, pool);
  },
  async () => temp?.cleanup(),
);

describe('LocalFolderDestination specifics', () => {
  it('never recreates a root that disappeared (an unplugged disk must not become a folder on the system disk)', async () => {
    const { dir, cleanup } = makeTempDir();
    try {
      const root = path.join(dir, 'usb');
      fs.mkdirSync(root);
      const d = new LocalFolderDestination({ name: 'usb', media: 'hdd', offsite: false }, root, pool);
      await d.probe();
      fs.rmSync(root, { recursive: true });
      await expect(d.createWriter('Vol/a.mov', { mtimeMs: 0, size: 0 })).rejects.toThrow(/usb|not reachable/);
      await expect(d.probe()).rejects.toThrow(/disk unplugged or unmounted/);
      expect(fs.existsSync(root)).toBe(false);
    } finally {
      cleanup();
    }
  });

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
      await w.commit();
      expect(fs.readdirSync(path.join(dir, 'Vol'))).toEqual([`${'x'.repeat(251)}.mov`]);
    } finally {
      cleanup();
    }
  });
});
