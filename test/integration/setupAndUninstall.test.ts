// `threefold setup` and `threefold helper uninstall [--purge-home]` as a double-click runs them: the built
// CLI with stdout and stderr not a terminal, a temporary home, and stand-ins for systemctl and notify-send
// on PATH (test/helpers/fakeSystemctl.ts) that really start and stop the helper the unit names.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { DoctorReport } from '../../src/doctor/doctorChecks';
import { BIN, runCli } from '../helpers/cli';
import { closedPort } from '../helpers/closedPort';
import { type FakeSystemctl, fakeSystemctl } from '../helpers/fakeSystemctl';
import { apiCall } from '../helpers/helperHttp';
import { makeTempDir } from '../helpers/tempDir';

let temp: ReturnType<typeof makeTempDir>;
let home: string;
let systemctl: FakeSystemctl;
let port: number;

beforeEach(async () => {
  temp = makeTempDir();
  home = path.join(temp.dir, 'home');
  systemctl = fakeSystemctl(temp.dir);
  port = await closedPort();
});

afterEach(() => {
  systemctl.stop();
  temp.cleanup();
});

const setup = () => runCli(home, ['setup', '--port', String(port)], { env: systemctl.env });
const setupLog = () => fs.readFileSync(path.join(home, 'logs', 'setup.log'), 'utf8');
const codesIn = (text: string) => [...text.matchAll(/Pairing code: ([2-9A-Z]{4}-[2-9A-Z]{4})/g)].map((m) => m[1]!);
/** The CLI in a terminal of its own (`script` gives it a pty); `answer` is typed once `prompt` shows. */
function inTerminal(args: string[], typed?: { prompt: string; answer: string }): Promise<{ code: number; output: string }> {
  const command = [process.execPath, BIN, ...args].join(' ');
  const child = spawn('script', ['-qec', command, '/dev/null'], { env: { ...process.env, ...systemctl.env, THREEFOLD_HOME: home } });
  let output = '';
  child.stdout.on('data', (d: Buffer) => {
    output += d.toString('utf8');
    if (typed && output.includes(typed.prompt)) {
      child.stdin.write(`${typed.answer}\n`);
      typed = undefined;
    }
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('threefold setup', () => {
  it('installs and starts the helper, shows a pairing code in a notification and its log, prints nothing; twice leaves one service', async () => {
    const first = setup();
    expect(first).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const firstPid = systemctl.helperPid()!;
    expect(alive(firstPid)).toBe(true);

    const second = setup();
    expect(second).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(fs.readdirSync(systemctl.unitDir)).toEqual(['threefold-helper.service']);
    const unit = fs.readFileSync(path.join(systemctl.unitDir, 'threefold-helper.service'), 'utf8');
    expect(unit).toContain(`"--home" "${home}" "helper" "--port" "${port}"`);
    expect(systemctl.calls().filter((c) => c === '--user restart threefold-helper.service')).toHaveLength(2);
    // The restart replaced the first helper: one runs.
    expect(alive(firstPid)).toBe(false);
    expect(alive(systemctl.helperPid()!)).toBe(true);

    const log = setupLog();
    expect(log).toContain(`The helper starts at every login (${path.join(systemctl.unitDir, 'threefold-helper.service')})`);
    expect(log).toMatch(new RegExp(`The helper \\S+ answers on 127\\.0\\.0\\.1:${port}`));
    const codes = codesIn(log);
    expect(codes).toHaveLength(2);
    expect(systemctl.notifications()).toContain(`Threefold pairing code: ${codes[1]}`);

    // The code the notification showed pairs with the helper setup started.
    const paired = await apiCall(port, { id: 'p', type: 'pair', code: codes[1], client: 'Threefold panel (Premiere Pro)' });
    expect(paired.status).toBe(200);
    expect(paired.json!.result.token.length).toBeGreaterThan(20);

    // Doctor finds the helper on the port the service starts it on, without being told.
    const doctor = JSON.parse(runCli(home, ['doctor', '--json'], { env: systemctl.env }).stdout) as DoctorReport;
    expect(doctor.lines.find((l) => l.subject === 'helper')).toMatchObject({
      level: 'ok',
      found: expect.stringContaining(`answers on 127.0.0.1:${port}; starts at login`),
    });
    expect(doctor.lines.find((l) => l.subject === 'panel')).toMatchObject({ level: 'ok', found: expect.stringContaining('"Threefold panel (Premiere Pro)"') });
  });

  it('run in a terminal, says the same lines there as in its log', async () => {
    const r = await inTerminal(['setup', '--port', String(port)]);
    expect(r.code).toBe(0);
    const [code] = codesIn(setupLog());
    expect(r.output).toContain(`Pairing code: ${code}.`);
    expect(r.output).toContain('The helper starts at every login');
  });

  it('a helper of another version holding the port: exit 1, the log says to stop it, never that the helper answers', async () => {
    // A real helper of an older Threefold: this build, with a package.json of another version beside it.
    const old = path.join(temp.dir, 'old-threefold');
    fs.mkdirSync(path.join(old, 'bin'), { recursive: true });
    for (const part of ['native-helper', 'src']) fs.cpSync(path.join(BIN, '../../build', part), path.join(old, 'build', part), { recursive: true });
    fs.copyFileSync(BIN, path.join(old, 'bin', 'threefold.js'));
    fs.symlinkSync(path.join(BIN, '../../node_modules'), path.join(old, 'node_modules'));
    fs.writeFileSync(path.join(old, 'package.json'), '{"name":"threefold","version":"0.0.1"}\n');
    const oldHelper = spawn(process.execPath, [path.join(old, 'bin', 'threefold.js'), 'helper', '--port', String(port)], {
      env: { ...process.env, THREEFOLD_HOME: path.join(temp.dir, 'old-home') },
    });
    try {
      await new Promise((resolve) => oldHelper.stdout.once('data', resolve));
      const r = setup();
      expect(r).toMatchObject({ code: 1, stdout: '', stderr: '' });
      const log = setupLog();
      expect(log).toContain(`A helper of another version (0.0.1; this Threefold is `);
      expect(log).toContain(`still holds 127.0.0.1:${port}, so the one just installed cannot listen there: stop that helper`);
      expect(log).not.toMatch(/The helper \S+ answers/);
      expect(systemctl.notifications()).toContain('A helper of another version holds its port: see the setup log.');
    } finally {
      oldHelper.kill();
    }
  });

  it('a damaged catalog: exit 2, the reason in the log and a notification that says where it is', () => {
    fs.mkdirSync(home, { recursive: true });
    fs.writeFileSync(path.join(home, 'catalog.sqlite'), 'not a database, a file the disk damaged '.repeat(200));
    const r = setup();
    expect(r).toMatchObject({ code: 2, stdout: '', stderr: '' });
    expect(setupLog()).toContain('Threefold setup failed: the catalog');
    expect(setupLog()).toContain('is damaged');
    expect(systemctl.notifications()).toContain('Threefold setup failed');
    expect(systemctl.notifications()).toContain(`${path.join(home, 'logs', 'setup.log')} says why.`);
  });

  it('a service manager that refuses: exit 2, the reason in the log and a notification, still nothing printed', () => {
    fs.writeFileSync(path.join(temp.dir, 'bin', 'systemctl'), '#!/bin/sh\necho "Failed to connect to bus: No medium found" >&2\nexit 1\n', { mode: 0o755 });
    const r = setup();
    expect(r).toMatchObject({ code: 2, stdout: '', stderr: '' });
    expect(setupLog()).toContain('could not install the helper: wrote');
    expect(setupLog()).toContain('Failed to connect to bus: No medium found');
    expect(codesIn(setupLog())).toEqual([]);
    expect(systemctl.notifications()).toContain('Threefold setup failed');
  });
});

describe('threefold helper uninstall', () => {
  it('removes the login service and stops the helper; the home stays', () => {
    expect(setup().code).toBe(0);
    const pid = systemctl.helperPid()!;
    const r = runCli(home, ['helper', 'uninstall'], { env: systemctl.env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('The helper no longer starts at login');
    expect(r.stdout).toContain(`The home folder stays: ${home}`);
    expect(fs.readdirSync(systemctl.unitDir)).toEqual([]);
    expect(alive(pid)).toBe(false);
    expect(fs.existsSync(path.join(home, 'catalog.sqlite'))).toBe(true);
  });

  it('--purge-home asks first: without a terminal only --yes confirms; then the home is gone', () => {
    expect(setup().code).toBe(0);
    const refused = runCli(home, ['helper', 'uninstall', '--purge-home'], { env: systemctl.env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`--purge-home removes ${home} and everything in it: add --yes`);
    // Refused before anything was done.
    expect(fs.readdirSync(systemctl.unitDir)).toEqual(['threefold-helper.service']);
    expect(fs.existsSync(home)).toBe(true);

    const purged = runCli(home, ['helper', 'uninstall', '--purge-home', '--yes'], { env: systemctl.env });
    expect(purged.code).toBe(0);
    expect(purged.stdout).toContain(`Removed ${home}. The copies on your destinations are untouched.`);
    expect(fs.existsSync(home)).toBe(false);
    expect(fs.readdirSync(systemctl.unitDir)).toEqual([]);
  });

  it('--purge-home on a terminal removes the home only after a typed yes', async () => {
    expect(setup().code).toBe(0);
    const prompt = 'Type yes: ';
    const declined = await inTerminal(['helper', 'uninstall', '--purge-home'], { prompt, answer: 'no' });
    expect(declined.code).toBe(2);
    expect(declined.output).toContain(`nothing removed: ${home} stays, and the helper still starts at login`);
    expect(fs.readdirSync(systemctl.unitDir)).toEqual(['threefold-helper.service']);
    expect(fs.existsSync(home)).toBe(true);

    const confirmed = await inTerminal(['helper', 'uninstall', '--purge-home'], { prompt, answer: 'yes' });
    expect(confirmed.code).toBe(0);
    expect(confirmed.output).toContain(`Removed ${home}.`);
    expect(fs.existsSync(home)).toBe(false);
  });

  it('--purge-home refuses a folder that is not a Threefold home, before uninstalling anything', () => {
    expect(setup().code).toBe(0);
    const notHome = path.join(temp.dir, 'Documents');
    fs.mkdirSync(notHome);
    fs.writeFileSync(path.join(notHome, 'thesis.docx'), 'years of work');
    const r = runCli(notHome, ['helper', 'uninstall', '--purge-home', '--yes'], { env: systemctl.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('does not look like a Threefold home, not removed');
    expect(fs.readFileSync(path.join(notHome, 'thesis.docx'), 'utf8')).toBe('years of work');
    expect(fs.readdirSync(systemctl.unitDir)).toEqual(['threefold-helper.service']);
  });
});
