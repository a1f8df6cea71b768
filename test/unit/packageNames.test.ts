// The executable bin/package-executable.js builds on each platform is the file INSTALL.txt (bin/package-dist.js),
// the README and the panel's offline steps tell the user to download.
import fs from 'node:fs';
import path from 'node:path';

const { executableName } = require('../../bin/package-executable.js') as { executableName: (platform: string, arch: string) => string };
const { HELPERS } = require('../../bin/package-dist.js') as { HELPERS: { file: string }[] };

const built = [
  ['darwin', 'arm64'],
  ['darwin', 'x64'],
  ['win32', 'x64'],
  ['linux', 'x64'],
].map(([platform, arch]) => executableName(platform!, arch!));

it('each platform builds the executable INSTALL.txt lists, and only those', () => {
  expect(built).toEqual(HELPERS.map((h) => h.file));
});

it('the README and the panel name the executables that are built', () => {
  const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
  const panel = fs.readFileSync(path.resolve(__dirname, '../../panel/model/connectionState.ts'), 'utf8');
  for (const name of built) {
    expect(readme).toContain(name);
    expect(panel).toContain(name);
  }
});
