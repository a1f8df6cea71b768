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
 * is written again rather than loaded.
 */
export function embeddedAddon(name: string): unknown {
  if (!isSea()) return undefined;
  let bytes: Buffer;
  try {
    bytes = Buffer.from(getRawAsset(name));
  } catch {
    return undefined;
  }
  const digest = sha256(bytes);
  const folder = path.join(cacheFolder(), 'addons');
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  const file = path.join(folder, `${digest.slice(0, 16)}-${name}`);
  if (!fs.existsSync(file) || sha256(fs.readFileSync(file)) !== digest) {
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, bytes, { mode: 0o700 });
    fs.renameSync(temporary, file);
  }
  const addon = { exports: {} as unknown };
  process.dlopen(addon, file);
  return addon.exports;
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
