// `helper uninstall --purge-home`'s refusals and removal, on real folders in a temporary directory; the user's
// home is one too: $HOME, which os.homedir() reads, set for a Node process of its own (Jest's process.env is
// not the process's environment).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { checkPurgeable, purgeHome } from '../../../native-helper/install/purgeHome';
import { makeTempDir } from '../../helpers/tempDir';

let temp: ReturnType<typeof makeTempDir>;
const BUILT = path.resolve(__dirname, '../../../build/native-helper/install/purgeHome.js');

/** checkPurgeable(home) in a process whose $HOME is `userHome`: what it threw, or 'purgeable'. */
function checkWithUserHome(home: string, userHome: string): string {
  const script = `require(${JSON.stringify(BUILT)}).checkPurgeable(process.argv[1]).then(() => console.log('purgeable'), (e) => console.log(e.message))`;
  const r = spawnSync(process.execPath, ['-e', script, home], { env: { ...process.env, HOME: userHome }, encoding: 'utf8' });
  return (r.stdout + r.stderr).trim();
}

beforeEach(() => {
  temp = makeTempDir();
});

afterEach(() => {
  temp.cleanup();
});

/** A Threefold home as the helper leaves it: config, catalog and its WAL, logs, locks, reports. */
function threefoldHome(dir: string): string {
  fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'locks'));
  fs.mkdirSync(path.join(dir, 'reports'));
  fs.writeFileSync(path.join(dir, 'config.json'), '{"destinations":[]}\n');
  fs.writeFileSync(path.join(dir, 'catalog.sqlite'), '');
  fs.writeFileSync(path.join(dir, 'catalog.sqlite-wal'), '');
  fs.writeFileSync(path.join(dir, 'logs', 'setup.log'), 'x\n');
  return dir;
}

describe('checkPurgeable', () => {
  it('takes a home holding only what Threefold wrote, and what a file browser left', async () => {
    const home = threefoldHome(path.join(temp.dir, 'threefold'));
    fs.writeFileSync(path.join(home, '.DS_Store'), '');
    await expect(checkPurgeable(home)).resolves.toBe(true);
  });

  it("refuses a folder that also holds the user's files, and leaves them", async () => {
    const home = threefoldHome(path.join(temp.dir, 'Projects'));
    fs.writeFileSync(path.join(home, 'thesis.docx'), 'years of work');
    await expect(checkPurgeable(home)).rejects.toThrow(`${home} also holds files Threefold did not put there (thesis.docx): not removed`);
    expect(fs.readFileSync(path.join(home, 'thesis.docx'), 'utf8')).toBe('years of work');
  });

  it("refuses the user's home reached by its real path while $HOME is a link to it", async () => {
    const real = threefoldHome(path.join(temp.dir, 'usr', 'home', 'ada'));
    const link = path.join(temp.dir, 'home');
    fs.symlinkSync(path.join(temp.dir, 'usr', 'home'), link);
    expect(checkWithUserHome(real, path.join(link, 'ada'))).toBe(`${real} is not a Threefold home of its own: not removed`);
  });

  it("refuses a link to the user's home", async () => {
    const userHome = threefoldHome(path.join(temp.dir, 'ada'));
    const link = path.join(temp.dir, 'threefold-home');
    fs.symlinkSync(userHome, link);
    expect(checkWithUserHome(`${link}/`, userHome)).toBe(`${link} is not a Threefold home of its own: not removed`);
  });
});

describe('purgeHome', () => {
  const onLinux = process.platform === 'linux' ? it : it.skip;
  onLinux('refuses while another process has the catalog open, naming it; removes the home once it is gone', async () => {
    const home = threefoldHome(path.join(temp.dir, 'threefold'));
    fs.rmSync(path.join(home, 'catalog.sqlite'));
    const holder = spawn(process.execPath, [
      '-e',
      `const { DatabaseSync } = require('node:sqlite'); const db = new DatabaseSync(${JSON.stringify(path.join(home, 'catalog.sqlite'))});
       db.exec('CREATE TABLE t (x)'); console.log('open'); setInterval(() => {}, 1000);`,
    ]);
    try {
      await new Promise((resolve) => holder.stdout.once('data', resolve));
      await expect(purgeHome(home)).rejects.toThrow(new RegExp(`^${home} is not removed: ${holder.pid} \\(.*node.*\\) still has its catalog open; stop it`));
      expect(fs.existsSync(path.join(home, 'catalog.sqlite'))).toBe(true);
    } finally {
      holder.kill();
      await new Promise((resolve) => holder.once('close', resolve));
    }
    await expect(purgeHome(home)).resolves.toEqual([]);
    expect(fs.existsSync(home)).toBe(false);
  });

  it('removes the folder a linked home leads to, then the link', async () => {
    const real = threefoldHome(path.join(temp.dir, 'data', 'threefold'));
    const link = path.join(temp.dir, 'threefold-home');
    fs.symlinkSync(real, link);
    await expect(checkPurgeable(link)).resolves.toBe(true);
    await expect(purgeHome(link)).resolves.toEqual([]);
    expect(fs.existsSync(real)).toBe(false);
    expect(fs.existsSync(link)).toBe(false);
    expect(fs.existsSync(path.join(temp.dir, 'data'))).toBe(true);
  });
});
