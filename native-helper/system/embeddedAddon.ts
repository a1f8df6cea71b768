import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getRawAsset, isSea } from 'node:sea';

/**
 * The exports of a native addon the single executable carries as an asset (`name`, as
 * bin/package-executable.js adds it), or undefined outside the executable or when it carries none. Node
 * loads an addon from a file only: the asset is written once to the user's cache folder (mode 0700), under
 * a name holding its hash, and the file's hash is checked before each load, so a damaged or replaced file
 * is written again rather than loaded (`placeAddon`).
 */
export function embeddedAddon(name: string): unknown {
  if (!isSea()) return undefined;
  let bytes: Buffer;
  try {
    bytes = Buffer.from(getRawAsset(name));
  } catch {
    return undefined;
  }
  // Threefold's cache folder too: whoever can write to it could rename the addons folder under us.
  const cache = cacheFolder();
  fs.mkdirSync(cache, { recursive: true, mode: 0o700 });
  ownFolder(cache);
  const addon = { exports: {} as unknown };
  process.dlopen(addon, placeAddon(path.join(cache, 'addons'), name, bytes));
  return addon.exports;
}

const O_NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;

/**
 * The file in `folder` holding `bytes`, named by their hash: the one there when it is a plain file of ours
 * holding them, else written anew. The folder must be ours alone (made so when it is ours), or nothing is
 * loaded from it: another user who can write there could swap the file between the check and the load. No
 * link is followed, at the file's name or at the temporary one: a planted link neither redirects the write
 * nor gets loaded.
 */
export function placeAddon(folder: string, name: string, bytes: Buffer): string {
  const digest = sha256(bytes);
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  ownFolder(folder);
  const file = path.join(folder, `${digest.slice(0, 16)}-${name}`);
  if (!holds(file, digest)) {
    fs.rmSync(file, { force: true });
    const temporary = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    const fd = fs.openSync(temporary, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | O_NOFOLLOW, 0o700);
    try {
      fs.writeSync(fd, bytes);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, file);
  }
  return file;
}

/** The folder, a real one (not a link) that only this user can write to, or an error saying why not. */
function ownFolder(folder: string): void {
  if (process.platform === 'win32') return;
  const st = fs.lstatSync(folder);
  const uid = process.getuid?.();
  if (!st.isDirectory() || (uid !== undefined && st.uid !== uid)) {
    throw new Error(`${folder} is not a folder of this user's (a link, or another user's): no addon is loaded from it; remove it and try again`);
  }
  if ((st.mode & 0o077) !== 0) fs.chmodSync(folder, 0o700);
}

/** Whether `file` is a plain file of this user's holding the bytes of `digest`; read without following a link. */
function holds(file: string, digest: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | O_NOFOLLOW);
  } catch {
    return false;
  }
  try {
    const st = fs.fstatSync(fd);
    const uid = process.getuid?.();
    if (!st.isFile() || (uid !== undefined && st.uid !== uid)) return false;
    return sha256(fs.readFileSync(fd)) === digest;
  } finally {
    fs.closeSync(fd);
  }
}

function sha256(bytes: Buffer): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

/** The platform's folder for a user's caches, Threefold's part of it. */
function cacheFolder(): string {
  const home = os.homedir();
  switch (process.platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Caches', 'threefold');
    case 'win32':
      return path.join(process.env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'threefold', 'cache');
    default:
      return path.join(process.env.XDG_CACHE_HOME ?? path.join(home, '.cache'), 'threefold');
  }
}
