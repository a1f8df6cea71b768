import fs from 'node:fs';
import path from 'node:path';
import { luaPluginVersion } from '../../src/doctor/doctorChecks';

/**
 * The panel's and the Lightroom plug-in's versions this Threefold ships: read from the repository (or the
 * folder the helper was packaged into) the compiled file sits in, as version.ts reads package.json.
 */
export interface PackagedVersion {
  version: string | null;
  /** The file read, or the one looked for when none was found. */
  from: string;
}

export function packagedPanelVersion(): PackagedVersion {
  return readFirst(['manifest.json', path.join('dist', 'panel', 'manifest.json'), path.join('panel', 'manifest.json')], (text) => {
    const version = (JSON.parse(text) as { version?: unknown }).version;
    return typeof version === 'string' ? version : null;
  });
}

export function packagedLightroomVersion(): PackagedVersion {
  return readFirst([path.join('lightroom', 'Threefold.lrplugin', 'Info.lua'), path.join('Threefold.lrplugin', 'Info.lua')], luaPluginVersion);
}

/**
 * The first of `names` found under the folders above this file's, nearest first: `dist/` above the bundled
 * helper (`dist/helper/`), the repository three above the compiled file (`build/native-helper/install/`).
 */
function readFirst(names: string[], parse: (text: string) => string | null): PackagedVersion {
  const roots = [path.join(__dirname, '..'), path.join(__dirname, '..', '..'), path.join(__dirname, '..', '..', '..')];
  for (const root of roots) {
    for (const name of names) {
      const file = path.join(root, name);
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      try {
        return { version: parse(text), from: file };
      } catch {
        return { version: null, from: file };
      }
    }
  }
  return { version: null, from: names[0]! };
}
