import type { AccessKeyPair } from '../../src/providers/awsCredentialsProfile';
import { type DestinationConfig, loadConfig, saveConfig } from '../config/config';
import { withConfigLock } from '../config/configLock';
import { backendOf } from '../destinations/backends';
import { UserError } from '../errors';

/**
 * `dest credentials NAME`: a new key pair for a destination, checked against its storage before it replaces
 * the stored one; the config then says where it lives (`left`: an old place not forgotten, and why).
 */
export async function rotateCredentials(home: string, name: string, keys: AccessKeyPair): Promise<{ rotated: DestinationConfig; left: string[] }> {
  const current = (await loadConfig(home)).destinations.find((d) => d.name === name);
  if (!current) throw new UserError(`no destination is named "${name}"`);
  const backend = backendOf(current);
  if (!backend.replaceKeys) throw new UserError(`"${name}" is a ${current.kind} destination: it takes no keys`);
  const rotated = await backend.replaceKeys(current, keys);
  const replaced = await withConfigLock(home, async () => {
    const latest = await loadConfig(home);
    const found = latest.destinations.find((d) => d.name === name);
    if (!found) throw new UserError(`no destination is named "${name}"`);
    await saveConfig(home, { ...latest, destinations: latest.destinations.map((d) => (d === found ? rotated : d)) });
    return found;
  });
  return { rotated, left: (await backend.forgetSecrets?.(replaced, rotated)) ?? [] };
}
