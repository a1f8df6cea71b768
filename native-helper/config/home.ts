import os from 'node:os';
import path from 'node:path';

/** The folder holding config.json and catalog.sqlite: --home, else THREEFOLD_HOME, else the platform's. */
export function resolveHome(explicit?: string): string {
  const chosen = explicit ?? process.env.THREEFOLD_HOME;
  if (chosen) return path.resolve(chosen);
  return platformConfigDir();
}

function platformConfigDir(): string {
  const home = os.homedir();
  switch (process.platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'threefold');
    case 'win32':
      return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'threefold');
    default:
      return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'threefold');
  }
}
