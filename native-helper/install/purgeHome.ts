import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { catalogPath, configPath, loadConfig } from '../config/config';
import { describeFsError, UserError } from '../errors';
import { forgetSecrets } from '../engine/manageDestinations';

/**
 * Refuses, before anything is uninstalled, a folder `--purge-home` must not remove: a root, the user's home,
 * a folder with neither config.json nor catalog.sqlite. False when there is no folder to remove.
 */
export async function checkPurgeable(home: string): Promise<boolean> {
  const resolved = path.resolve(home);
  if (resolved === path.parse(resolved).root || resolved === path.resolve(os.homedir())) {
    throw new UserError(`${resolved} is not a Threefold home of its own: not removed`);
  }
  const there = (file: string): Promise<boolean> =>
    fs.access(file).then(
      () => true,
      () => false,
    );
  if (!(await there(resolved))) return false;
  if (!(await there(configPath(resolved))) && !(await there(catalogPath(resolved)))) {
    throw new UserError(`${resolved} holds neither config.json nor catalog.sqlite: it does not look like a Threefold home, not removed`);
  }
  return true;
}

/**
 * `helper uninstall --purge-home`, once `checkPurgeable` passed: the key pairs Threefold stored outside the
 * home (keychain entries, profiles it wrote) forgotten, then the home removed (config, catalog, logs,
 * reports). The copies on the destinations are not touched. Returns what could not be forgotten.
 */
export async function purgeHome(home: string): Promise<string[]> {
  const left: string[] = [];
  try {
    for (const destination of (await loadConfig(home)).destinations) {
      await forgetSecrets(destination).catch((error: Error) => left.push(`the keys of ${destination.name}: ${error.message}`));
    }
  } catch (error) {
    left.push(`the keys of its destinations (${(error as Error).message})`);
  }
  try {
    await fs.rm(home, { recursive: true, force: true });
  } catch (error) {
    throw new UserError(`could not remove ${home}: ${describeFsError(error)}`);
  }
  return left;
}
