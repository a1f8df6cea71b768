#!/usr/bin/env node
'use strict';
// Builds the helper as ONE executable for this machine's OS and CPU, dist/downloads/threefold-<os>-<cpu>
// (macos, windows, linux; .exe on Windows): Node's single executable applications. The webpack bundle (dist/helper/threefold.js,
// `npm run build` first) becomes a blob that postject injects into a copy of Node 24's binary, the one the
// `node` devDependency installed (node_modules/node/bin/node; THREEFOLD_SEA_NODE names another). The result
// needs no Node and no file beside it: the catalog is node:sqlite, xxhash's WebAssembly is in the bundle, the
// OS keychain's addon is an asset of the executable.
// On macOS the copy's signature is removed before the injection and an ad-hoc one made after (codesign).

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const BUNDLE = path.join(root, 'dist/helper/threefold.js');
const DOWNLOADS = path.join(root, 'dist/downloads');
// The fuse Node's binary looks for to know a blob was injected (Node's documentation, "Single executable applications").
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

function fail(message) {
  process.stderr.write(`package-executable: ${message}\n`);
  process.exit(2);
}

function nodeBinary() {
  const binary = process.env.THREEFOLD_SEA_NODE || path.join(root, 'node_modules/node/bin', process.platform === 'win32' ? 'node.exe' : 'node');
  if (!fs.existsSync(binary)) fail(`no Node binary at ${binary}: run \`npm ci\` (the node devDependency installs it)`);
  const version = execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
  if (Number(version.slice(1).split('.')[0]) < 24) fail(`${binary} is Node ${version}: the executable is built on Node 24 or newer`);
  return { binary, version };
}

/**
 * The OS keychain's native addon for this platform (@napi-rs/keyring's package of it), carried as an asset
 * and loaded from a copy at run time (native-helper/system/embeddedAddon.ts); without it, key pairs go to
 * ~/.aws/credentials.
 */
function keyringAddon() {
  const scope = path.dirname(path.dirname(require.resolve('@napi-rs/keyring/package.json')));
  const prefix = `keyring-${process.platform}-${process.arch}`;
  for (const dir of fs.readdirSync(scope).filter((d) => d.startsWith(prefix))) {
    const addon = fs.readdirSync(path.join(scope, dir)).find((f) => f.endsWith('.node'));
    if (addon !== undefined) return path.join(scope, dir, addon);
  }
  process.stderr.write(`package-executable: no ${prefix} addon of @napi-rs/keyring: the executable keeps key pairs in ~/.aws/credentials\n`);
  return undefined;
}

/** The executable's name for a platform: the one package-dist.js lists in INSTALL.txt and the panel names. */
function executableName(platform, arch) {
  const os = { darwin: 'macos', win32: 'windows' }[platform] ?? platform;
  return `threefold-${os}-${arch}${platform === 'win32' ? '.exe' : ''}`;
}

async function main() {
  if (!fs.existsSync(BUNDLE)) fail(`no ${path.relative(root, BUNDLE)}: run \`npm run build\` first`);
  const { binary, version } = nodeBinary();
  const output = path.join(DOWNLOADS, executableName(process.platform, process.arch));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'threefold-sea-'));
  try {
    const blob = path.join(work, 'threefold.blob');
    const config = path.join(work, 'sea-config.json');
    // The code cache compiles the bundle once here, not at every start; it is for this Node's V8 only.
    const keyring = keyringAddon();
    const assets = keyring === undefined ? {} : { 'keyring.node': keyring };
    fs.writeFileSync(config, JSON.stringify({ main: BUNDLE, output: blob, disableExperimentalSEAWarning: true, useCodeCache: true, assets }));
    // Quiet when it works; a failure's message holds what it printed.
    execFileSync(binary, ['--experimental-sea-config', config], { stdio: 'pipe' });

    fs.mkdirSync(DOWNLOADS, { recursive: true });
    const building = `${output}.building`;
    fs.copyFileSync(binary, building);
    fs.chmodSync(building, 0o755);
    if (process.platform === 'darwin') execFileSync('codesign', ['--remove-signature', building]);
    const { inject } = require('postject');
    await inject(building, 'NODE_SEA_BLOB', fs.readFileSync(blob), {
      sentinelFuse: SEA_FUSE,
      ...(process.platform === 'darwin' ? { machoSegmentName: 'NODE_SEA' } : {}),
    });
    if (process.platform === 'darwin') execFileSync('codesign', ['--sign', '-', building]);
    fs.renameSync(building, output);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const size = (fs.statSync(output).size / 1e6).toFixed(1);
  process.stdout.write(`${path.relative(root, output)}: the helper on Node ${version}, ${size} MB, for ${process.platform} ${process.arch}\n`);
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`package-executable: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}

module.exports = { executableName };
