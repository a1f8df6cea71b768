import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { catalogPath, configPath, loadConfig } from '../config/config';
import { describeFsError, UserError } from '../errors';
import { forgetSecrets } from '../engine/manageDestinations';
import { processesWithFileOpen } from '../system/processesWithFileOpen';

/**
 * What Threefold itself puts in a home, and what a file browser leaves in a folder it showed: anything else
 * there is the user's, and the home is not removed.
 */
const THREEFOLD_ENTRIES = /^(config\.json|\.config\.json\..*\.tmp|catalog\.sqlite.*|locks|logs|reports|\.DS_Store|Thumbs\.db|desktop\.ini)$/;

/**
 * Refuses, before anything is uninstalled, a folder `--purge-home` must not remove: a root, the user's home
 * (compared as real paths: a link to it, or it reached through a link, is the same folder), a folder with
 * neither config.json nor catalog.sqlite, a folder that also holds files Threefold did not put there.
 * False when there is no folder to remove.
 */
export async function checkPurgeable(home: string): Promise<boolean> {
  const resolved = path.resolve(home);
  const real = await fs.realpath(resolved).catch(() => undefined);
  const userHome = await fs.realpath(os.homedir()).catch(() => path.resolve(os.homedir()));
  for (const folder of [resolved, real]) {
    if (folder !== undefined && (folder === path.parse(folder).root || folder === path.resolve(os.homedir()) || folder === userHome)) {
      throw new UserError(`${resolved} is not a Threefold home of its own: not removed`);
    }
  }
  if (real === undefined) return false;
  const there = (file: string): Promise<boolean> =>
    fs.access(file).then(
      () => true,
      () => false,
    );
  if (!(await there(configPath(real))) && !(await there(catalogPath(real)))) {
    throw new UserError(`${resolved} holds neither config.json nor catalog.sqlite: it does not look like a Threefold home, not removed`);
  }
  const others = (await fs.readdir(real)).filter((name) => !THREEFOLD_ENTRIES.test(name)).sort();
  if (others.length > 0) {
    const named = others.slice(0, 3).join(', ') + (others.length > 3 ? ` and ${others.length - 3} more` : '');
    throw new UserError(`${resolved} also holds files Threefold did not put there (${named}): not removed; move them out, or remove the folder yourself`);
  }
  return true;
}

/**
 * `helper uninstall --purge-home`, once `checkPurgeable` passed: the key pairs Threefold stored outside the
 * home (keychain entries, profiles it wrote) forgotten, then the home removed (config, catalog, logs,
 * reports). Refused while another process has the catalog open (Linux tells). The copies on the destinations
 * are not touched. Returns what could not be forgotten.
 */
export async function purgeHome(home: string): Promise<string[]> {
  // A helper started by hand would go on with a catalog no longer anywhere, and make the folder again.
  const catalog = catalogPath(await fs.realpath(home).catch(() => path.resolve(home)));
  const holders = processesWithFileOpen([catalog, `${catalog}-wal`]);
  if (holders.length > 0) {
    throw new UserError(
      `${home} is not removed: ${holders.map((h) => `${h.pid} (${h.command})`).join(', ')} still ha${holders.length === 1 ? 's' : 've'} its catalog open; ` +
        'stop it (a helper started by hand?), then run `threefold helper uninstall --purge-home` again',
    );
  }
  const left: string[] = [];
  try {
    for (const destination of (await loadConfig(home)).destinations) {
      left.push(...(await forgetSecrets(destination).catch((error: Error) => [`the keys of ${destination.name}: ${error.message}`])));
    }
  } catch (error) {
    left.push(`the keys of its destinations (${(error as Error).message})`);
  }
  try {
    // A home reached through a link: the folder itself goes, then the link.
    const real = await fs.realpath(home);
    await fs.rm(real, { recursive: true, force: true });
    if (real !== path.resolve(home)) await fs.rm(home, { force: true });
  } catch (error) {
    throw new UserError(`could not remove ${home}: ${describeFsError(error)}`);
  }
  return left;
}
