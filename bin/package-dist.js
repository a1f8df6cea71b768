#!/usr/bin/env node
'use strict';
// `npm run package`: dist/downloads/, what a user downloads. The panel (threefold.ccx), the Lightroom Classic
// plug-in (threefold-lightroom.zip, the Threefold.lrplugin folder inside), INSTALL.txt, and the helper
// executables a packaging step put there before (threefold-linux-x64, …), listed in INSTALL.txt.

const fs = require('node:fs');
const path = require('node:path');
const { writeCcx, zipFolder } = require('./package-ccx.js');

const root = path.resolve(__dirname, '..');
const downloads = path.join(root, 'dist', 'downloads');
const pluginDir = path.join(root, 'dist', 'panel');
const lightroomDir = path.join(root, 'lightroom', 'Threefold.lrplugin');

/** The helper executables this folder may hold, by platform, and how each is started for the first time. */
const HELPERS = [
  { file: 'threefold-macos-arm64', platform: 'macOS (Apple silicon)' },
  { file: 'threefold-macos-x64', platform: 'macOS (Intel)' },
  { file: 'threefold-windows-x64.exe', platform: 'Windows (x64)' },
  { file: 'threefold-linux-x64', platform: 'Linux (x64)' },
];

/** The plug-in folder zipped with its own name at the top, as Lightroom's Plug-in Manager expects to find it once unzipped. */
function writeLightroomZip(output) {
  return zipFolder(lightroomDir, output, 'Threefold.lrplugin/');
}

function installText(version, helpers) {
  const present =
    helpers.length > 0
      ? helpers.map((h) => `  ${h.file.padEnd(28)} the helper for ${h.platform}`).join('\n')
      : '  (no helper executable was built into this folder: see "The helper" below)';
  return `Threefold ${version}: keeps every file of your Premiere Pro projects and Lightroom Classic catalogs
under the 3-2-1 rule (three verified copies, two kinds of media, one offsite).

In this folder
  threefold.ccx                the Premiere Pro panel
  threefold-lightroom.zip      the Lightroom Classic plug-in (Threefold.lrplugin inside)
${present}
  INSTALL.txt                  this file

1. The helper (once per computer)
   The panel and the plug-in talk to a small helper that runs in the background and makes the copies.
   Download the helper for your computer, then start its setup, which installs it to start at every
   login, starts it, and shows a pairing code in a notification (and writes it to setup.log in its
   folder: ~/Library/Application Support/threefold/logs on macOS, %APPDATA%\\threefold\\logs on Windows,
   ~/.config/threefold/logs on Linux).
   - macOS: put threefold-macos-arm64 (Apple silicon) or threefold-macos-x64 (Intel) in a folder of its
     own, renamed threefold. Beside it, make a file "Threefold Setup.command" holding these two lines,
     and make it executable once (chmod +x); then double-click it:
         #!/bin/sh
         "$(dirname "$0")/threefold" setup
     The first time, macOS may ask you to allow it: System Settings > Privacy & Security > Open Anyway.
   - Windows: put threefold-windows-x64.exe in a folder of its own, right-click it > Create shortcut,
     open the shortcut's Properties and add " setup" after the Target; then double-click the shortcut.
   - Linux: in a terminal, run ./threefold-linux-x64 setup (it prints the code too).
   Running setup again is harmless: it restarts the one helper and shows a new code.

2. The panel
   Double-click threefold.ccx: Creative Cloud installs it. In Premiere Pro: Window > UXP Plugins >
   Threefold.

3. The Lightroom Classic plug-in
   Unzip threefold-lightroom.zip and move Threefold.lrplugin to a folder you keep. In Lightroom Classic:
   File > Plug-in Manager > Add, and pick Threefold.lrplugin.

4. Pair
   Type the code setup showed into the panel (or the Plug-in Manager's Threefold section). A code works
   once, for 5 minutes: run setup again for another.

Something wrong?  threefold doctor   checks the helper, the catalog, each destination, the panel and plug-in.
Uninstall:        threefold helper uninstall   (add --purge-home to remove Threefold's own folder too;
                                                 your copies on your destinations are never touched).
`;
}

async function main() {
  if (!fs.existsSync(path.join(pluginDir, 'manifest.json'))) {
    process.stderr.write(`package-dist: ${path.relative(root, pluginDir)}/manifest.json is missing: run npm run build first\n`);
    return 2;
  }
  fs.mkdirSync(downloads, { recursive: true });
  const ccx = await writeCcx(pluginDir, path.join(downloads, 'threefold.ccx'));
  const lightroomFiles = await writeLightroomZip(path.join(downloads, 'threefold-lightroom.zip'));
  const helpers = HELPERS.filter((h) => fs.existsSync(path.join(downloads, h.file)));
  fs.writeFileSync(path.join(downloads, 'INSTALL.txt'), installText(ccx.manifest.version, helpers));
  const rel = (name) => path.relative(root, path.join(downloads, name));
  process.stdout.write(
    `Wrote ${rel('threefold.ccx')} (${ccx.manifest.id} ${ccx.manifest.version}, ${ccx.files} files), ${rel('threefold-lightroom.zip')} (${lightroomFiles} files), ${rel('INSTALL.txt')}\n` +
      (helpers.length > 0
        ? `With the helper${helpers.length > 1 ? 's' : ''}: ${helpers.map((h) => h.file).join(', ')}\n`
        : 'No helper executable in dist/downloads/ yet: INSTALL.txt says so.\n'),
  );
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`package-dist: ${error?.stack ? error.stack : error}\n`);
      process.exitCode = 1;
    },
  );
}

module.exports = { HELPERS };
