#!/usr/bin/env node
'use strict';
// The panel as a .ccx, the UXP plugin Creative Cloud installs (double-click it, or
// `UnifiedPluginInstallerAgent --install threefold.ccx`): dist/threefold.ccx when run alone; `npm run package`
// has package-dist.js call writeCcx for dist/downloads/. A .ccx is a ZIP of the built plugin folder with
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

/**
 * Writes `output`: a ZIP of every file under `dir`, each named `top` + its path there, with one fixed time (the
 * same bytes on every run). Resolves with the file count.
 */
function zipFolder(dir, output, top = '') {
  const zip = new yazl.ZipFile();
  const files = pluginFiles(dir);
  for (const name of files) zip.addFile(path.join(dir, name), top + name, { mtime: ENTRY_TIME, mode: 0o100644 });
  zip.end();

  // Written beside the target and renamed: an interrupted run never leaves a truncated ZIP behind.
  const partial = `${output}.partial`;
  fs.mkdirSync(path.dirname(output), { recursive: true });
  return new Promise((resolve, reject) => {
    const out = fs.createWriteStream(partial);
    const fail = (error) => {
      fs.rmSync(partial, { force: true });
      reject(error);
    };
    out.on('error', fail);
    zip.outputStream.on('error', fail);
    out.on('close', () => {
      fs.renameSync(partial, output);
      resolve(files.length);
    });
    zip.outputStream.pipe(out);
  });
}

/** Writes `output`: a ZIP of every file of `pluginDir` (the built UXP plugin), manifest.json at its root. Resolves with the manifest and the file count. */
async function writeCcx(pluginDir, output) {
  const manifest = JSON.parse(fs.readFileSync(path.join(pluginDir, 'manifest.json'), 'utf8'));
  return { manifest, files: await zipFolder(pluginDir, output) };
}

function main() {
  if (!fs.existsSync(path.join(pluginDir, 'manifest.json'))) {
    process.stderr.write(`package-ccx: ${path.relative(root, pluginDir)}/manifest.json is missing: run npm run build first\n`);
    return Promise.resolve(2);
  }
  return writeCcx(pluginDir, output).then(({ manifest, files }) => {
    process.stdout.write(
      `Wrote ${path.relative(root, output)}: ${manifest.id} ${manifest.version} for ${manifest.host.app} ≥ ${manifest.host.minVersion} (${files} files)\n`,
    );
    return 0;
  });
}

module.exports = { writeCcx, zipFolder };

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`package-ccx: ${error?.stack ? error.stack : error}\n`);
      process.exitCode = 1;
    },
  );
}
