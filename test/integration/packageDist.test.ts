// `npm run package` (bin/package-dist.js): dist/downloads/ holds the panel's .ccx, the Lightroom plug-in as a
// zip with the Threefold.lrplugin folder inside, INSTALL.txt, and a helper executable when one was put there.
// Read back with Debian's `unzip`; run from a copy of the repository's layout in a temp dir.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeTempDir } from '../helpers/tempDir';

const repo = path.resolve(__dirname, '../..');
const builtPanel = path.join(repo, 'dist/panel');
const lightroomPlugin = path.join(repo, 'lightroom/Threefold.lrplugin');

let temp: ReturnType<typeof makeTempDir>;
afterEach(() => temp?.cleanup());

/** bin/ with both scripts, dist/panel/ and lightroom/ copied from the repository. */
function layout(): string {
  temp = makeTempDir('threefold-dist-');
  fs.mkdirSync(path.join(temp.dir, 'bin'));
  for (const script of ['package-ccx.js', 'package-dist.js']) fs.copyFileSync(path.join(repo, 'bin', script), path.join(temp.dir, 'bin', script));
  fs.cpSync(builtPanel, path.join(temp.dir, 'dist/panel'), { recursive: true });
  fs.cpSync(lightroomPlugin, path.join(temp.dir, 'lightroom/Threefold.lrplugin'), { recursive: true });
  return temp.dir;
}

function packageIn(dir: string) {
  const r = spawnSync(process.execPath, [path.join(dir, 'bin/package-dist.js')], {
    cwd: dir,
    env: { ...process.env, NODE_PATH: path.join(repo, 'node_modules') },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function unzip(args: readonly string[]): string {
  const r = spawnSync('unzip', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`Debian's unzip is needed to read the packages back: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`unzip ${args.join(' ')} exited ${r.status}:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

const entries = (zip: string) => unzip(['-Z1', zip]).split('\n').filter(Boolean);

function filesUnder(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
}

describe('npm run package (bin/package-dist.js)', () => {
  beforeAll(() => {
    if (!fs.existsSync(path.join(builtPanel, 'manifest.json')))
      throw new Error(`${builtPanel}/manifest.json is missing: run \`npm run build\` (npm test does) first`);
  });

  it('writes the .ccx, the plug-in zip and INSTALL.txt into dist/downloads/, each intact', () => {
    const dir = layout();
    const r = packageIn(dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const downloads = path.join(dir, 'dist/downloads');
    expect(fs.readdirSync(downloads).sort()).toEqual(['INSTALL.txt', 'threefold-lightroom.zip', 'threefold.ccx']);

    const ccx = path.join(downloads, 'threefold.ccx');
    expect(entries(ccx).sort()).toEqual(filesUnder(builtPanel).sort());
    expect(unzip(['-p', ccx, 'manifest.json'])).toBe(fs.readFileSync(path.join(builtPanel, 'manifest.json'), 'utf8'));

    const lightroom = path.join(downloads, 'threefold-lightroom.zip');
    const names = entries(lightroom);
    expect(names).toContain('Threefold.lrplugin/Info.lua');
    expect(names.sort()).toEqual(
      filesUnder(lightroomPlugin)
        .map((f) => `Threefold.lrplugin/${f}`)
        .sort(),
    );
    expect(unzip(['-p', lightroom, 'Threefold.lrplugin/Info.lua'])).toBe(fs.readFileSync(path.join(lightroomPlugin, 'Info.lua'), 'utf8'));
    for (const zip of [ccx, lightroom]) expect(unzip(['-tq', zip])).toMatch(/No errors detected/);

    const install = fs.readFileSync(path.join(downloads, 'INSTALL.txt'), 'utf8');
    const version = (JSON.parse(fs.readFileSync(path.join(builtPanel, 'manifest.json'), 'utf8')) as { version: string }).version;
    expect(install).toMatch(new RegExp(`^Threefold ${version.replace(/\./g, '\\.')}:`));
    for (const words of [
      'Double-click threefold.ccx',
      'File > Plug-in Manager > Add',
      '"$(dirname "$0")/threefold" setup',
      'Create shortcut',
      './threefold-linux-x64 setup',
    ]) {
      expect(install).toContain(words);
    }
    expect(install).toContain('no helper executable was built into this folder');
    expect(r.stdout).toContain('No helper executable in dist/downloads/ yet');
  });

  it('lists the helper executable a packaging step left in dist/downloads/, and keeps it', () => {
    const dir = layout();
    const executable = path.join(dir, 'dist/downloads/threefold-linux-x64');
    fs.mkdirSync(path.dirname(executable), { recursive: true });
    fs.writeFileSync(executable, '#!/bin/sh\n', { mode: 0o755 });
    const r = packageIn(dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('With the helper: threefold-linux-x64');
    expect(fs.readFileSync(path.join(dir, 'dist/downloads/INSTALL.txt'), 'utf8')).toMatch(/ {2}threefold-linux-x64 +the helper for Linux \(x64\)/);
    expect(fs.readFileSync(executable, 'utf8')).toBe('#!/bin/sh\n');
  });

  it('packs the same build to the same bytes', () => {
    const dir = layout();
    expect(packageIn(dir).code).toBe(0);
    const read = () => ['threefold.ccx', 'threefold-lightroom.zip'].map((f) => fs.readFileSync(path.join(dir, 'dist/downloads', f)));
    const first = read();
    expect(packageIn(dir).code).toBe(0);
    expect(read().map((bytes, i) => bytes.equals(first[i]!))).toEqual([true, true]);
  });

  it('refuses clearly, and writes nothing, when the panel is not built', () => {
    const dir = layout();
    fs.rmSync(path.join(dir, 'dist/panel'), { recursive: true });
    const r = packageIn(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('dist/panel/manifest.json is missing: run npm run build first');
    expect(fs.existsSync(path.join(dir, 'dist/downloads'))).toBe(false);
  });
});
