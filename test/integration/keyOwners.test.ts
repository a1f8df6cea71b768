import fs from 'node:fs';
import path from 'node:path';
import { runCli, runCliJson } from '../helpers/cli';
import { checkHistory } from '../helpers/mhlCheck';
import { makeTempDir, writeFile } from '../helpers/tempDir';
import { listFiles } from '../helpers/workspace';
import { foldKey } from '../../src/paths/foldKey';
import { mapSourcePath } from '../../src/paths/mapSourcePath';
import type { ProtectReport } from '../../native-helper/engine/protect';
import type { StatusDocument } from '../../native-helper/engine/status';
import type { VerifyReport } from '../../native-helper/engine/verify';

let temp: ReturnType<typeof makeTempDir>;
let home: string;
let media: string;
let raid: string;
let usb: string;

beforeEach(() => {
  temp = makeTempDir();
  home = path.join(temp.dir, 'home');
  media = path.join(temp.dir, 'Media');
  raid = path.join(temp.dir, 'raid');
  usb = path.join(temp.dir, 'usb');
  for (const d of [media, raid, usb]) fs.mkdirSync(d, { recursive: true });
});
afterEach(() => temp.cleanup());

const addDestinations = (at = home): void => {
  expect(runCli(at, ['dest', 'add', 'raid', raid, '--media', 'raid']).code).toBe(0);
  expect(runCli(at, ['dest', 'add', 'shuttle', usb, '--media', 'hdd']).code).toBe(0);
};

const protect = (at: string, target: string): ProtectReport => {
  const r = runCliJson<ProtectReport>(at, ['protect', target]);
  expect([r.code, r.json.job.failed]).toEqual([0, []]);
  return r.json;
};

/** Where the catalog of `at` says each of its copies of `file` is. */
const locationsOf = (at: string, file: string): string[] => {
  const asset = runCliJson<StatusDocument>(at, ['status', file]).json.assets.find((a) => a.path === file)!;
  return asset.locations.map((l) => l.location).sort();
};

describe('two sources, one natural key, in separate jobs', () => {
  it('NFC then NFD: both copies stay intact and verified; the second gets a key of its own and says so', () => {
    addDestinations();
    const nfc = writeFile(path.join(media, 'Sc\u00e9ne.mov'), 'composed, protected first');
    const nfd = writeFile(path.join(media, 'Sce\u0301ne.mov'), 'decomposed, protected second');
    protect(home, nfc);
    const second = protect(home, nfd);

    for (const [file, content] of [
      [nfc, 'composed, protected first'],
      [nfd, 'decomposed, protected second'],
    ] as const) {
      const locations = locationsOf(home, file);
      expect(locations).toHaveLength(2);
      for (const l of locations) expect(fs.readFileSync(l, 'utf8')).toBe(content);
    }
    expect(locationsOf(home, nfc)).not.toEqual(locationsOf(home, nfd));
    const verify = runCliJson<VerifyReport>(home, ['verify', '--sources']);
    expect([verify.code, verify.json.copies.failed]).toEqual([0, 0]);
    checkHistory(raid);
    checkHistory(usb);
    expect(second.warnings.join('\n')).toContain(`${nfd}: copied as `);
    expect(second.warnings.join('\n')).toContain(`the copy of ${JSON.stringify(nfc)}`);
  });

  it('A.bin then a.bin: keys that a case-insensitive disk (exFAT, SMB, macOS) would take for one stay apart', () => {
    addDestinations();
    const upper = writeFile(path.join(media, 'Proj', 'A.bin'), 'upper');
    const lower = writeFile(path.join(temp.dir, 'Media', 'proj', 'a.bin'), 'lower');
    protect(home, upper);
    protect(home, lower);
    const keys = [upper, lower].map((f) =>
      path
        .relative(raid, locationsOf(home, f).find((l) => l.startsWith(raid))!)
        .split(path.sep)
        .join('/'),
    );
    expect(keys[0]).toBe(mapSourcePath(upper));
    expect(foldKey(keys[1]!)).not.toBe(foldKey(keys[0]!));
    expect(fs.readFileSync(path.join(raid, keys[1]!), 'utf8')).toBe('lower');
  });

  it('keeps the key a source was given: a third run copies nothing and moves nothing', () => {
    addDestinations();
    const nfc = writeFile(path.join(media, 'caf\u00e9.mov'), 'nfc');
    const nfd = writeFile(path.join(media, 'cafe\u0301.mov'), 'nfd');
    protect(home, nfc);
    protect(home, nfd);
    const before = locationsOf(home, nfd);
    fs.writeFileSync(nfd, 'nfd, edited');
    expect(protect(home, nfd).job.files).toBe(1);
    expect(locationsOf(home, nfd)).toEqual(before);
    for (const l of before) expect(fs.readFileSync(l, 'utf8')).toBe('nfd, edited');
    for (const l of locationsOf(home, nfc)) expect(fs.readFileSync(l, 'utf8')).toBe('nfc');
  });
});

describe('a second home sharing the destinations', () => {
  it('sees the keys the first home owns there (from the destination alone) and never writes over them', () => {
    const other = path.join(temp.dir, 'other-home');
    addDestinations();
    addDestinations(other);
    const nfc = writeFile(path.join(media, 'Sc\u00e9ne.mov'), 'first home');
    const nfd = writeFile(path.join(media, 'Sce\u0301ne.mov'), 'second home');
    protect(home, nfc);
    const second = protect(other, nfd);

    for (const l of locationsOf(other, nfd)) expect(fs.readFileSync(l, 'utf8')).toBe('second home');
    // The first home's copies are what it says they are.
    for (const l of locationsOf(home, nfc)) expect(fs.readFileSync(l, 'utf8')).toBe('first home');
    const verify = runCliJson<VerifyReport>(home, ['verify']);
    expect([verify.code, verify.json.copies.failed]).toEqual([0, 0]);
    expect(listFiles(raid).filter((f) => f.startsWith('.threefold/owners/'))).toHaveLength(2);
    expect(second.warnings.join('\n')).toMatch(/made by another Threefold home/);
  });
});

describe('a destination whose owners records cannot be read', () => {
  it('gets nothing in this job, with a message naming the record; the other destinations get their copies', () => {
    addDestinations();
    const clip = writeFile(path.join(media, 'A001.mov'), 'the source');
    const record = writeFile(path.join(raid, '.threefold', 'owners', `${'ab'.repeat(16)}.json`), '{ not json');
    const jsonError = ((): string => {
      try {
        JSON.parse('{ not json');
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();
    const r = runCliJson<ProtectReport>(home, ['protect', clip]);
    expect(r.code).toBe(1);
    expect(r.json.job.failed).toEqual([
      {
        path: raid,
        destination: 'raid',
        error: `who owns its paths could not be read (${record} is not a key owners record: ${jsonError}); nothing was copied there`,
        missed: [clip],
      },
    ]);
    expect(listFiles(raid).filter((f) => !f.startsWith('.threefold/'))).toEqual([]);
    expect(locationsOf(home, clip)).toEqual([path.join(usb, ...mapSourcePath(clip).split('/'))]);
  });
});

describe('a file Threefold did not write', () => {
  it("at a source's key is never written over: the source gets a key of its own, the file stays as it was", () => {
    addDestinations();
    const clip = writeFile(path.join(media, 'A001.mov'), 'the source');
    const foreign = path.join(raid, ...mapSourcePath(clip).split('/'));
    writeFile(foreign, 'an older backup someone put here');
    const report = protect(home, clip);
    expect(fs.readFileSync(foreign, 'utf8')).toBe('an older backup someone put here');
    for (const l of locationsOf(home, clip)) expect(fs.readFileSync(l, 'utf8')).toBe('the source');
    expect(locationsOf(home, clip)).not.toContain(foreign);
    expect(report.warnings.join('\n')).toContain('a file Threefold has not recorded there');
  });

  it('in another case or normalisation at the key is kept apart too', () => {
    addDestinations();
    const clip = writeFile(path.join(media, 'Sc\u00e9ne.mov'), 'the source');
    const foreign = path.join(raid, ...mapSourcePath(clip).split('/').slice(0, -1), 'SCE\u0301NE.MOV');
    writeFile(foreign, 'not ours');
    protect(home, clip);
    expect(fs.readFileSync(foreign, 'utf8')).toBe('not ours');
    const onRaid = locationsOf(home, clip).find((l) => l.startsWith(raid))!;
    expect(foldKey(path.basename(onRaid))).not.toBe(foldKey('SCE\u0301NE.MOV'));
  });
});

describe("Threefold's own names", () => {
  it('a source under a top-level ascmhl folder never lands in the manifests folder', () => {
    const made = !fs.existsSync('/ascmhl');
    if (made) fs.mkdirSync('/ascmhl');
    const folder = fs.mkdtempSync('/ascmhl/threefold-test-');
    try {
      addDestinations();
      const chain = writeFile(path.join(folder, 'ascmhl_chain.xml'), 'not a chain: a file of the source');
      writeFile(path.join(media, 'A001.mov'), 'media');
      protect(home, media);
      protect(home, folder);
      const locations = locationsOf(home, chain);
      expect(locations).toEqual(
        [path.join(raid, 'ascmhl~', path.basename(folder), 'ascmhl_chain.xml'), path.join(usb, 'ascmhl~', path.basename(folder), 'ascmhl_chain.xml')].sort(),
      );
      expect(listFiles(path.join(raid, 'ascmhl')).every((f) => f.endsWith('.mhl') || f === 'ascmhl_chain.xml')).toBe(true);
      expect(checkHistory(raid)).toHaveLength(2);
      expect(checkHistory(usb)).toHaveLength(2);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
      if (made) fs.rmSync('/ascmhl', { recursive: true, force: true });
    }
  });
});
