import fs from 'node:fs';
import path from 'node:path';
import { LocalFolderDestination } from '../../native-helper/destinations/localFolder';
import { protect } from '../../native-helper/engine/protect';
import { BufferPool } from '../../native-helper/fsutil/bufferPool';
import { hashChunks } from '../../native-helper/hash/hashChunks';
import { makeTempDir, pseudoRandomBytes, writeFile } from '../helpers/tempDir';
import { treeDigest } from '../helpers/treeDigest';
import { listFiles, useTempWorkspace } from '../helpers/workspace';

const pool = new BufferPool(256 * 1024, 4);
const LINK_MESSAGE = /is a symbolic link; Threefold never writes or reads through a link under a destination/;

describe('a symbolic link under a destination root is never followed', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let root: string;
  let outside: string;
  let d: LocalFolderDestination;

  beforeEach(async () => {
    temp = makeTempDir();
    root = path.join(temp.dir, 'root');
    outside = path.join(temp.dir, 'outside');
    fs.mkdirSync(root);
    writeFile(path.join(outside, 'Vol', 'a.mov'), 'the victim: a file outside the destination');
    writeFile(path.join(outside, 'victim.txt'), 'another file outside the destination');
    d = new LocalFolderDestination({ name: 'raid', media: 'raid', offsite: false }, root, pool);
    await d.probe();
  });
  afterEach(() => temp.cleanup());

  async function put(key: string, data: Buffer): Promise<string> {
    const { xxh64 } = await hashChunks(
      (async function* () {
        yield data;
      })(),
    );
    const w = await d.createWriter(key, { mtimeMs: Date.UTC(2025, 0, 2), size: data.length, xxh64 });
    try {
      await w.write(data);
      await w.seal();
      await w.verify(xxh64);
      return await w.commit();
    } catch (error) {
      await w.abort();
      throw error;
    }
  }

  it('a linked folder on a copy’s path (pointing out, deeper down, or to nothing) fails the copy, naming the link; nothing outside changes', async () => {
    fs.symlinkSync(path.join(outside, 'Vol'), path.join(root, 'Vol'));
    fs.mkdirSync(path.join(root, 'Proj'));
    fs.symlinkSync(outside, path.join(root, 'Proj', 'Sub'));
    fs.symlinkSync(path.join(outside, 'missing'), path.join(root, 'Gone'));
    const before = treeDigest(outside);

    await expect(put('Vol/a.mov', Buffer.from('new bytes'))).rejects.toThrow(LINK_MESSAGE);
    await expect(put('Vol/a.mov', Buffer.from('new bytes'))).rejects.toThrow(path.join(root, 'Vol'));
    await expect(put('Proj/Sub/deep/x.mov', Buffer.from('x'))).rejects.toThrow(`${path.join(root, 'Proj', 'Sub')} is a symbolic link`);
    await expect(put('Gone/x/y.mov', Buffer.from('y'))).rejects.toThrow(`${path.join(root, 'Gone')} is a symbolic link`);

    expect(treeDigest(outside)).toBe(before);
    expect(fs.existsSync(path.join(outside, 'missing'))).toBe(false);
    expect(fs.existsSync(path.join(outside, 'deep'))).toBe(false);
  });

  it('a link at the partial file’s name is removed, not written through; the copy lands at its key', async () => {
    fs.mkdirSync(path.join(root, 'Vol'));
    fs.symlinkSync(path.join(outside, 'victim.txt'), path.join(root, 'Vol', 'a.mov.threefold-partial'));
    const before = treeDigest(outside);
    const data = pseudoRandomBytes(300_000, 7);

    await put('Vol/a.mov', data);

    expect(treeDigest(outside)).toBe(before);
    expect(fs.readFileSync(path.join(root, 'Vol', 'a.mov')).equals(data)).toBe(true);
    expect(fs.readdirSync(path.join(root, 'Vol'))).toEqual(['a.mov']);
  });

  it('a link at a copy’s own name is no copy: stat says absent, reading it fails; a new copy replaces the link, not its target', async () => {
    fs.mkdirSync(path.join(root, 'Vol'));
    fs.symlinkSync(path.join(outside, 'victim.txt'), path.join(root, 'Vol', 'a.mov'));
    const before = treeDigest(outside);

    expect(await d.stat('Vol/a.mov')).toBeUndefined();
    await expect(hashChunks(d.readChunks('Vol/a.mov'))).rejects.toThrow(LINK_MESSAGE);
    await put('Vol/a.mov', Buffer.from('the copy'));

    expect(treeDigest(outside)).toBe(before);
    expect(fs.lstatSync(path.join(root, 'Vol', 'a.mov')).isFile()).toBe(true);
    expect(fs.readFileSync(path.join(root, 'Vol', 'a.mov'), 'utf8')).toBe('the copy');
  });

  it('the manifests’ folder replaced by a link: writing, reading and listing manifests fail, naming it; nothing outside changes', async () => {
    writeFile(path.join(outside, 'ascmhl', 'ascmhl_chain.xml'), '<ascmhldirectory/>');
    fs.symlinkSync(path.join(outside, 'ascmhl'), path.join(root, 'ascmhl'));
    const spooled = writeFile(path.join(temp.dir, 'spool.mhl'), '<hashlist/>');
    const before = treeDigest(outside);

    await expect(d.putSmall('ascmhl/ascmhl_chain.xml', Buffer.from('<overwritten/>'))).rejects.toThrow(LINK_MESSAGE);
    await expect(d.putFile('ascmhl/0001_x.mhl', spooled, { exclusive: true })).rejects.toThrow(LINK_MESSAGE);
    await expect(d.getSmall('ascmhl/ascmhl_chain.xml')).rejects.toThrow(LINK_MESSAGE);
    await expect(
      (async () => {
        for await (const _ of d.list('ascmhl')) void _;
      })(),
    ).rejects.toThrow(LINK_MESSAGE);

    expect(treeDigest(outside)).toBe(before);
  });

  it('a root swapped for a link after its first check gets nothing more, even within its cached check', async () => {
    await put('Vol/first.mov', Buffer.from('first'));
    fs.renameSync(root, path.join(temp.dir, 'moved-root'));
    fs.symlinkSync(outside, root);
    const before = treeDigest(outside);

    await expect(put('Vol/second.mov', Buffer.from('second'))).rejects.toThrow(`${root} now leads elsewhere than when this job began`);
    await expect(put('New/third.mov', Buffer.from('third'))).rejects.toThrow(`${root} now leads elsewhere than when this job began`);

    expect(treeDigest(outside)).toBe(before);
  });

  it('remove never deletes through a linked folder, and list never enters one', async () => {
    fs.symlinkSync(path.join(outside, 'Vol'), path.join(root, 'Vol'));
    await put('Real/kept.mov', Buffer.from('kept'));
    const before = treeDigest(outside);

    await expect(d.remove('Vol/a.mov')).rejects.toThrow(LINK_MESSAGE);
    const listed: string[] = [];
    for await (const o of d.list()) listed.push(o.key);

    expect(listed).toEqual(['Real/kept.mov']);
    expect(treeDigest(outside)).toBe(before);
  });
});

describe('protect with a link under a destination', () => {
  const t = useTempWorkspace();

  it('fails only the copies whose path crosses the link, with the reason; the job’s other files and destinations are copied; nothing outside changes', async () => {
    const linked = writeFile(path.join(t.ws.source, 'a', 'x.mov'), pseudoRandomBytes(100_000, 1));
    const plain = writeFile(path.join(t.ws.source, 'b', 'y.mov'), pseudoRandomBytes(100_000, 2));
    const outside = path.join(t.dir, 'outside');
    writeFile(path.join(outside, 'x.mov'), 'the victim');
    writeFile(path.join(outside, 'ascmhl', 'ascmhl_chain.xml'), '<ascmhldirectory/>');
    const linkedFolder = path.dirname(t.copyPath('raid', linked));
    fs.mkdirSync(path.dirname(linkedFolder), { recursive: true });
    fs.symlinkSync(outside, linkedFolder);
    fs.symlinkSync(path.join(outside, 'ascmhl'), path.join(t.ws.destinationPath('shuttle'), 'ascmhl'));
    const before = treeDigest(outside);

    const report = await protect(t.ws, { targets: [t.ws.source] });

    expect(treeDigest(outside)).toBe(before);
    expect(report.job.failed).toEqual([
      { path: linked, destination: 'raid', error: expect.stringMatching(LINK_MESSAGE) },
      // A destination-level failure: its copies were made, no source is to be sent again.
      { path: path.join(t.ws.destinationPath('shuttle'), 'ascmhl'), destination: 'shuttle', error: expect.stringMatching(LINK_MESSAGE), missed: [] },
    ]);
    expect(fs.readFileSync(t.copyPath('raid', plain)).equals(fs.readFileSync(plain))).toBe(true);
    expect(fs.readFileSync(t.copyPath('shuttle', linked)).equals(fs.readFileSync(linked))).toBe(true);
    expect(fs.readFileSync(t.copyPath('shuttle', plain)).equals(fs.readFileSync(plain))).toBe(true);
    expect(listFiles(t.ws.destinationPath('raid')).filter((f) => f.endsWith('.threefold-partial'))).toEqual([]);
  });
});
