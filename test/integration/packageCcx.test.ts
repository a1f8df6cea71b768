// `npm run package` (bin/package-ccx.js) turns the UXP build, dist/panel/, into dist/threefold.ccx: a ZIP with
// manifest.json at its root. Read back with Debian's `unzip` (.ci/run installs it), not with the library
// that wrote it. The script runs from a copy of the repository's layout in a temp dir, so the test never
// writes into the repository's dist/.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeTempDir } from '../helpers/tempDir';

const repo = path.resolve(__dirname, '../..');
const script = path.join(repo, 'bin/package-ccx.js');
const builtPanel = path.join(repo, 'dist/panel');

let temp: ReturnType<typeof makeTempDir>;
afterEach(() => temp?.cleanup());

/** A folder laid out like the repository (bin/, optionally dist/panel/), packages resolved from the repository's node_modules. */
function layout(withPanel: boolean): string {
  temp = makeTempDir('threefold-ccx-');
  fs.mkdirSync(path.join(temp.dir, 'bin'));
  fs.copyFileSync(script, path.join(temp.dir, 'bin/package-ccx.js'));
  if (withPanel) fs.cpSync(builtPanel, path.join(temp.dir, 'dist/panel'), { recursive: true });
  return temp.dir;
}

function packageIn(dir: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(dir, 'bin/package-ccx.js')], {
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
  if (r.error) throw new Error(`Debian's unzip is needed to read the .ccx back (.ci/run installs it): ${r.error.message}`);
  if (r.status !== 0) throw new Error(`unzip ${args.join(' ')} exited ${r.status}:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** Entry names as `unzip -Z1` lists them, one per line. */
function entries(ccx: string): string[] {
  return unzip(['-Z1', ccx])
    .split('\n')
    .filter((line) => line !== '');
}

function filesUnder(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
}

describe('npm run package (bin/package-ccx.js)', () => {
  beforeAll(() => {
    if (!fs.existsSync(path.join(builtPanel, 'manifest.json'))) {
      throw new Error(`${builtPanel}/manifest.json is missing: run \`npm run build\` (npm test does) before this test`);
    }
  });

  it('writes dist/threefold.ccx: every file of dist/panel, manifest.json at the root, intact', () => {
    const dir = layout(true);
    const r = packageIn(dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const ccx = path.join(dir, 'dist/threefold.ccx');
    expect(r.stdout).toContain('dist/threefold.ccx');

    const names = entries(ccx);
    expect(names).toContain('manifest.json');
    expect(names).toContain('index.html');
    expect(names).toContain('index.js');
    expect([...names].sort()).toEqual(filesUnder(builtPanel).sort());
    expect(unzip(['-tq', ccx])).toMatch(/No errors detected/);
    // No half-written file left beside it.
    expect(fs.readdirSync(path.join(dir, 'dist')).sort()).toEqual(['panel', 'threefold.ccx']);
  });

  it('carries the manifest of the build unchanged: id, version, one premierepro host', () => {
    const dir = layout(true);
    expect(packageIn(dir).code).toBe(0);
    const packed = unzip(['-p', path.join(dir, 'dist/threefold.ccx'), 'manifest.json']);
    expect(packed).toBe(fs.readFileSync(path.join(builtPanel, 'manifest.json'), 'utf8'));
    const manifest = JSON.parse(packed) as { id: string; version: string; host: unknown };
    const source = JSON.parse(fs.readFileSync(path.join(repo, 'manifest.json'), 'utf8')) as { id: string; version: string; host: unknown };
    expect(manifest.id).toBe(source.id);
    expect(manifest.version).toBe(source.version);
    expect(manifest.host).toEqual(source.host);
    expect(manifest.host).toMatchObject({ app: 'premierepro' });
  });

  it('packs the same build to the same bytes', () => {
    const dir = layout(true);
    const ccx = path.join(dir, 'dist/threefold.ccx');
    expect(packageIn(dir).code).toBe(0);
    const first = fs.readFileSync(ccx);
    expect(packageIn(dir).code).toBe(0);
    expect(fs.readFileSync(ccx).equals(first)).toBe(true);
  });

  it('refuses clearly, and writes nothing, when the panel is not built', () => {
    const dir = layout(false);
    const r = packageIn(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('dist/panel/manifest.json is missing: run npm run build first');
    expect(fs.existsSync(path.join(dir, 'dist/threefold.ccx'))).toBe(false);
  });
});
