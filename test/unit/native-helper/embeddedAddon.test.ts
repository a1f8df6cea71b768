// Where the single executable writes a native addon before loading it (`placeAddon`), on real files in a
// temporary folder: what is planted there (a link, another user's file, a tampered one) is never what is
// loaded, and a planted link never redirects the write.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { placeAddon } from '../../../native-helper/system/embeddedAddon';
import { makeTempDir } from '../../helpers/tempDir';

let temp: ReturnType<typeof makeTempDir>;
let folder: string;
const bytes = Buffer.from('the addon as the executable carries it');
const name = 'keyring.node';
const fileName = `${crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 16)}-${name}`;

beforeEach(() => {
  temp = makeTempDir();
  folder = path.join(temp.dir, 'cache', 'addons');
});

afterEach(() => temp.cleanup());

/** A plain file, not a link, holding the addon's bytes. */
function expectPlainAddon(file: string): void {
  expect(fs.lstatSync(file).isFile()).toBe(true);
  expect(fs.readFileSync(file)).toEqual(bytes);
}

it('writes the addon once, owner-only, in a folder of its own', () => {
  const file = placeAddon(folder, name, bytes);
  expect(file).toBe(path.join(folder, fileName));
  expectPlainAddon(file);
  expect(fs.statSync(folder).mode & 0o777).toBe(0o700);
  const before = fs.statSync(file).ino;
  expect(placeAddon(folder, name, bytes)).toBe(file);
  expect(fs.statSync(file).ino).toBe(before);
});

it("a link planted at the addon's name, to a file holding the right bytes, is replaced, not loaded", () => {
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  const elsewhere = path.join(temp.dir, 'elsewhere.node');
  fs.writeFileSync(elsewhere, bytes);
  fs.symlinkSync(elsewhere, path.join(folder, fileName));
  expectPlainAddon(placeAddon(folder, name, bytes));
  expect(fs.readFileSync(elsewhere)).toEqual(bytes);
});

it('a link planted at the temporary name does not redirect the write', () => {
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  const victim = path.join(temp.dir, 'notes.txt');
  fs.writeFileSync(victim, "the user's notes");
  fs.symlinkSync(victim, path.join(folder, `${fileName}.${process.pid}.tmp`));
  expectPlainAddon(placeAddon(folder, name, bytes));
  expect(fs.readFileSync(victim, 'utf8')).toBe("the user's notes");
});

it('a tampered file is written again', () => {
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  fs.writeFileSync(path.join(folder, fileName), 'tampered', { mode: 0o700 });
  expectPlainAddon(placeAddon(folder, name, bytes));
});

it('a folder others can write to is made owner-only', () => {
  fs.mkdirSync(folder, { recursive: true });
  fs.chmodSync(folder, 0o777);
  placeAddon(folder, name, bytes);
  expect(fs.statSync(folder).mode & 0o777).toBe(0o700);
});

const otherUser = process.getuid?.() === 0 ? it : it.skip;
otherUser("another user's folder, or a file of another user's with the right bytes, is not used", () => {
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  fs.writeFileSync(path.join(folder, fileName), bytes, { mode: 0o700 });
  fs.chownSync(path.join(folder, fileName), 4321, 4321);
  expectPlainAddon(placeAddon(folder, name, bytes));
  expect(fs.statSync(path.join(folder, fileName)).uid).toBe(0);

  fs.chownSync(folder, 4321, 4321);
  expect(() => placeAddon(folder, name, bytes)).toThrow(`${folder} is not a folder of this user's`);
});

it("a link at the folder's place is refused", () => {
  const real = path.join(temp.dir, 'real');
  fs.mkdirSync(real, { mode: 0o700 });
  fs.mkdirSync(path.dirname(folder), { recursive: true });
  fs.symlinkSync(real, folder);
  expect(() => placeAddon(folder, name, bytes)).toThrow(`${folder} is not a folder of this user's`);
});
