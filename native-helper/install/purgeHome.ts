import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { catalogPath, configPath, loadConfig } from '../config/config';
import { describeFsError, UserError } from '../errors';
import { forgetSecrets } from '../engine/manageDestinations';

/**
 * `helper uninstall --purge-home`: the home folder removed (config, catalog, logs, reports), after the key
 * pairs Threefold stored outside it (keychain entries, profiles it wrote) are forgotten. The copies on the
 * destinations are not touched. A folder that does not look like a Threefold home is refused.
 * Returns what could not be forgotten (the home is removed all the same).
 */
export async function purgeHome(home: string): Promise<string[]> {
  const resolved = path.resolve(home);
  if (resolved === path.parse(resolved).root || resolved === path.resolve(os.homedir())) {
    throw new UserError(`${resolved} is not a Threefold home of its own: not removed`);
  }
  const marks = await Promise.all(
    [configPath(resolved), catalogPath(resolved)].map((f) =>
      fs.access(f).then(
        () => true,
        () => false,
      ),
    ),
  );
  if (!marks.some(Boolean)) {
    const exists = await fs.access(resolved).then(
      () => true,
      () => false,
    );
    if (!exists) return [];
    throw new UserError(`${resolved} holds neither config.json nor catalog.sqlite: it does not look like a Threefold home, not removed`);
  }
  const left: string[] = [];
  try {
    for (const destination of (await loadConfig(resolved)).destinations) {
      await forgetSecrets(destination).catch((error: Error) => left.push(`the keys of ${destination.name}: ${error.message}`));
    }
  } catch (error) {
    left.push(`the keys of its destinations (${(error as Error).message})`);
  }
  try {
    await fs.rm(resolved, { recursive: true, force: true });
  } catch (error) {
    throw new UserError(`could not remove ${resolved}: ${describeFsError(error)}`);
  }
  return left;
}
