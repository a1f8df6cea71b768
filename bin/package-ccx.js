#!/usr/bin/env node
'use strict';
// `npm run package`: dist/threefold.ccx, the UXP plugin Creative Cloud installs (double-click it, or
// `UnifiedPluginInstallerAgent --install threefold.ccx`). A .ccx is a ZIP of the built plugin folder with
// manifest.json at its root (Adobe UXP docs, "Development and packaging").

const fs = require('node:fs');
const path = require('node:path');
const yazl = require('yazl');

const root = path.resolve(__dirname, '..');
const pluginDir = path.join(root, 'dist', 'panel');
const output = path.join(root, 'dist', 'threefold.ccx');
// Fixed entry times: the same build packages to the same bytes.
const ENTRY_TIME = new Date('2000-01-01T00:00:00Z');

/** Every file under `dir`, as sorted forward-slash paths relative to it (ZIP entry names). */
function pluginFiles(dir, prefix = '') {
  const names = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const relative = prefix + entry.name;
    if (entry.isDirectory()) names.push(...pluginFiles(path.join(dir, entry.name), `${relative}/`));
    else if (entry.isFile()) names.push(relative);
  }
  return names;
}

function main() {
  if (!fs.existsSync(path.join(pluginDir, 'manifest.json'))) {
    process.stderr.write(`package-ccx: ${path.relative(root, pluginDir)}/manifest.json is missing: run npm run build first\n`);
    return Promise.resolve(2);
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(pluginDir, 'manifest.json'), 'utf8'));
  const zip = new yazl.ZipFile();
  const files = pluginFiles(pluginDir);
  for (const name of files) zip.addFile(path.join(pluginDir, name), name, { mtime: ENTRY_TIME, mode: 0o100644 });
  zip.end();

  // Written beside the target and renamed: an interrupted run never leaves a truncated .ccx behind.
  const partial = `${output}.partial`;
  return new Promise((resolve, reject) => {
    const out = fs.createWriteStream(partial);
    out.on('error', reject);
    zip.outputStream.on('error', reject);
    out.on('close', () => {
      fs.renameSync(partial, output);
      process.stdout.write(
        `Wrote ${path.relative(root, output)}: ${manifest.id} ${manifest.version} for ${manifest.host.app} ≥ ${manifest.host.minVersion} (${files.length} files)\n`,
      );
      resolve(0);
    });
    zip.outputStream.pipe(out);
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    fs.rmSync(`${output}.partial`, { force: true });
    process.stderr.write(`package-ccx: ${error?.stack ? error.stack : error}\n`);
    process.exitCode = 1;
  },
);
