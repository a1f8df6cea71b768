import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { XMLParser } from 'fast-xml-parser';
import { registerHelperServiceCommands } from '../../../native-helper/cli/commands/helperService';
import type { GlobalOptions } from '../../../native-helper/cli/commands/options';
import { UserError } from '../../../native-helper/errors';
import {
  helperArgv,
  installLoginService,
  launchdPlist,
  loginServicePlan,
  systemdUnit,
  uninstallLoginService,
  windowsQuote,
  windowsTask,
  type CommandOutcome,
  type HelperLaunch,
  type ServiceCommand,
  type ServiceContext,
} from '../../../native-helper/service/loginService';
import { makeTempDir } from '../../helpers/tempDir';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => (temp = makeTempDir()));
afterEach(() => temp.cleanup());

const awkward = `My "Tools" 100% $HOME & <x> it's`;
const posixLaunch: HelperLaunch = {
  nodePath: '/opt/node js/bin/node',
  scriptPath: `/home/ann/${awkward}\\bin/threefold.js`,
  args: ['helper', '--port', '7737'],
  logDir: `/home/ann/${awkward}/threefold/logs`,
  home: `/home/ann/${awkward}/threefold`,
};
const windowsLaunch: HelperLaunch = {
  nodePath: 'C:\\Program Files\\nodejs\\node.exe',
  scriptPath: `C:\\Users\\Ann\\${awkward}\\bin\\threefold.js`,
  args: ['helper', '--port', '7737'],
  logDir: `C:\\Users\\Ann\\AppData\\Roaming\\${awkward}\\logs`,
  home: `C:\\Users\\Ann\\AppData\\Roaming\\${awkward}\\`,
};
const defaultHome: HelperLaunch = { ...posixLaunch, home: undefined };

function xmllint(file: string): string {
  try {
    execFileSync('xmllint', ['--noout', '--nonet', file], { stdio: 'pipe' });
    return '';
  } catch (error) {
    return (error as { stderr?: Buffer }).stderr?.toString() || String(error);
  }
}

const parseXml = (xml: string) => new XMLParser({ parseTagValue: false, ignoreAttributes: true }).parse(xml);

/** How CommandLineToArgvW (and node on Windows) splits a command line: an independent reading of the rules. */
function splitWindowsCommandLine(line: string): string[] {
  const args: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (i >= line.length) break;
    let arg = '';
    let quoted = false;
    for (; i < line.length && (quoted || (line[i] !== ' ' && line[i] !== '\t')); i++) {
      if (line[i] === '\\') {
        let count = 0;
        for (; line[i] === '\\'; i++) count++;
        if (line[i] === '"') {
          arg += '\\'.repeat(Math.floor(count / 2));
          if (count % 2 === 1) arg += '"';
          else quoted = !quoted;
        } else {
          arg += '\\'.repeat(count);
          i--;
        }
      } else if (line[i] === '"') quoted = !quoted;
      else arg += line[i];
    }
    args.push(arg);
  }
  return args;
}

/** A stand-in for execFile that records each command and answers from `failing` (by command line). */
function fakeRun(failing: Record<string, CommandOutcome> = {}) {
  const ran: string[] = [];
  const run = async (command: ServiceCommand): Promise<CommandOutcome> => {
    const line = [command.file, ...command.args].join(' ');
    ran.push(line);
    return failing[line] ?? { exitCode: 0, stderr: '' };
  };
  return { ran, run };
}

function context(overrides: Partial<ServiceContext> = {}): ServiceContext {
  return { userHome: path.join(temp.dir, 'user'), dataDir: path.join(temp.dir, 'data'), uid: 501, account: 'EDIT\\ann', ...overrides };
}

describe('login service files', () => {
  it('systemd: one quoted, escaped ExecStart word per argument; restart on failure; started by default.target', () => {
    const unit = systemdUnit(posixLaunch);
    const escaped = `My \\"Tools\\" 100%% $$HOME & <x> it's`;
    expect(unit).toContain(
      `\nExecStart="/opt/node js/bin/node" "/home/ann/${escaped}\\\\bin/threefold.js" "--home" "/home/ann/${escaped}/threefold" "helper" "--port" "7737"\n`,
    );
    for (const line of ['Type=simple', 'Restart=on-failure', 'RestartSec=5', 'WantedBy=default.target']) expect(unit).toContain(`\n${line}\n`);
    expect(systemdUnit(defaultHome)).not.toContain('--home');
  });

  it('the single executable (no script): the executable, then its options', () => {
    const executable: HelperLaunch = { ...defaultHome, nodePath: '/opt/threefold/threefold', scriptPath: undefined };
    expect(helperArgv(executable)).toEqual(['/opt/threefold/threefold', 'helper', '--port', '7737']);
    expect(systemdUnit(executable)).toContain('\nExecStart="/opt/threefold/threefold" "helper" "--port" "7737"\n');
    const task = parseXml(windowsTask({ ...windowsLaunch, nodePath: 'C:\\Threefold\\threefold.exe', scriptPath: undefined }, 'ann')).Task;
    expect(splitWindowsCommandLine(`${task.Actions.Exec.Command} ${task.Actions.Exec.Arguments}`)).toEqual([
      'C:\\Threefold\\threefold.exe',
      '--home',
      windowsLaunch.home,
      'helper',
      '--port',
      '7737',
    ]);
  });

  it('launchd: a plist xmllint accepts, whose ProgramArguments read back exactly', () => {
    const plist = launchdPlist(posixLaunch);
    const file = path.join(temp.dir, 'agent.plist');
    fs.writeFileSync(file, plist);
    expect(xmllint(file)).toBe('');
    const dict = parseXml(plist).plist.dict;
    expect(dict.array.string).toEqual(helperArgv(posixLaunch));
    expect(dict.array.string.slice(2, 4)).toEqual(['--home', posixLaunch.home]);
    expect(dict.key).toEqual(['Label', 'ProgramArguments', 'RunAtLoad', 'KeepAlive', 'StandardOutPath', 'StandardErrorPath', 'ProcessType']);
    expect(dict.string).toEqual(['com.threefold.helper', `${posixLaunch.logDir}/helper.stdout.log`, `${posixLaunch.logDir}/helper.stderr.log`, 'Background']);
    expect(plist).toMatch(/<key>RunAtLoad<\/key>\s*<true\/>/);
    expect(plist).toMatch(/<key>KeepAlive<\/key>\s*<dict>\s*<key>SuccessfulExit<\/key>\s*<false\/>\s*<\/dict>/);
    expect(parseXml(launchdPlist(defaultHome)).plist.dict.array.string).toEqual([posixLaunch.nodePath, posixLaunch.scriptPath, 'helper', '--port', '7737']);
  });

  it('Windows: a logon task for the user whose command line splits back into the exact arguments', () => {
    const task = parseXml(windowsTask(windowsLaunch, 'EDIT\\ann & <co>')).Task;
    expect(task.Triggers.LogonTrigger.UserId).toBe('EDIT\\ann & <co>');
    expect(task.Principals.Principal.UserId).toBe('EDIT\\ann & <co>');
    expect(splitWindowsCommandLine(`${task.Actions.Exec.Command} ${task.Actions.Exec.Arguments}`)).toEqual(helperArgv(windowsLaunch));
    expect(task.Settings).toMatchObject({
      ExecutionTimeLimit: 'PT0S',
      MultipleInstancesPolicy: 'IgnoreNew',
      DisallowStartIfOnBatteries: 'false',
      StopIfGoingOnBatteries: 'false',
      RestartOnFailure: { Interval: 'PT1M', Count: '999' },
    });
    expect(windowsTask({ ...windowsLaunch, home: undefined }, 'ann')).not.toContain('--home');
  });

  it.each([['plain'], ['two words'], ['say "hi"'], ['trailing\\'], ['C:\\dir with space\\'], ['a\\\\"b'], [''], ['tab\there']])(
    'quotes %j so that Windows splits it back',
    (arg) => expect(splitWindowsCommandLine(`x ${windowsQuote(arg)} y`)).toEqual(['x', arg, 'y']),
  );

  it('refuses a value XML cannot hold', () => {
    expect(() => launchdPlist({ ...posixLaunch, scriptPath: '/tmp/bell\u0007.js' })).toThrow(UserError);
  });
});

describe('login service plan', () => {
  it('puts the systemd unit under $XDG_CONFIG_HOME when set, else ~/.config', () => {
    const xdg = loginServicePlan('linux', posixLaunch, context({ xdgConfigHome: '/x/config' }));
    expect(xdg.file).toBe('/x/config/systemd/user/threefold-helper.service');
    expect(loginServicePlan('linux', posixLaunch, context()).file).toBe(path.join(temp.dir, 'user/.config/systemd/user/threefold-helper.service'));
  });

  it('loads the launchd agent into the gui/<uid> domain', () => {
    const plan = loginServicePlan('darwin', posixLaunch, context());
    expect(plan.file).toBe(path.join(temp.dir, 'user/Library/LaunchAgents/com.threefold.helper.plist'));
    expect(plan.install).toEqual([
      { file: 'launchctl', args: ['bootout', 'gui/501/com.threefold.helper'], ignoreFailure: true },
      { file: 'launchctl', args: ['bootstrap', 'gui/501', plan.file] },
    ]);
  });

  it('registers the Windows task from the XML kept in the data folder', () => {
    const plan = loginServicePlan('win32', windowsLaunch, context());
    expect(plan.file).toBe(path.join(temp.dir, 'data', 'threefold-helper-task.xml'));
    expect(plan.install.map((c) => c.args.join(' '))).toEqual([
      '/End /TN Threefold helper',
      `/Create /TN Threefold helper /XML ${plan.file} /F`,
      '/Run /TN Threefold helper',
    ]);
    expect(plan.uninstall.at(-1)).toEqual({ file: 'schtasks', args: ['/Delete', '/TN', 'Threefold helper', '/F'] });
  });

  it('says plainly that other platforms are not supported', () => {
    expect(() => loginServicePlan('freebsd', posixLaunch, context())).toThrow('not supported on freebsd');
  });
});

describe('installing and uninstalling', () => {
  it('systemd: writes the unit, reloads, enables and starts it; uninstall stops it and removes the unit', async () => {
    const plan = loginServicePlan('linux', posixLaunch, context({ xdgConfigHome: path.join(temp.dir, 'config'), dataDir: temp.dir }));
    const logDirPlan = { ...plan, logDir: path.join(temp.dir, 'logs') };
    const { ran, run } = fakeRun();
    await installLoginService(logDirPlan, run);
    expect(fs.readFileSync(plan.file, 'utf8')).toBe(systemdUnit(posixLaunch));
    expect(fs.statSync(logDirPlan.logDir).isDirectory()).toBe(true);
    expect(ran).toEqual([
      'systemctl --user daemon-reload',
      'systemctl --user enable threefold-helper.service',
      'systemctl --user restart threefold-helper.service',
    ]);

    ran.length = 0;
    await expect(uninstallLoginService(plan, run)).resolves.toBe(true);
    expect(fs.existsSync(plan.file)).toBe(false);
    expect(ran).toEqual(['systemctl --user disable --now threefold-helper.service', 'systemctl --user daemon-reload']);
  });

  it('Windows: the task file is UTF-16LE with a BOM, as schtasks requires, and xmllint accepts it', async () => {
    const plan = { ...loginServicePlan('win32', windowsLaunch, context()), logDir: path.join(temp.dir, 'logs') };
    await installLoginService(plan, fakeRun().run);
    const bytes = fs.readFileSync(plan.file);
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(bytes.subarray(2).toString('utf16le')).toBe(plan.content);
    expect(xmllint(plan.file)).toBe('');
  });

  it('a failing command: the file stays, and the message names the command, its error and how to finish by hand', async () => {
    const plan = { ...loginServicePlan('linux', posixLaunch, context({ xdgConfigHome: temp.dir })), logDir: path.join(temp.dir, 'logs') };
    const { ran, run } = fakeRun({ 'systemctl --user daemon-reload': { exitCode: 1, stderr: 'Failed to connect to bus: No medium found\n' } });
    const attempt = installLoginService(plan, run);
    await expect(attempt).rejects.toThrow(UserError);
    const message = await attempt.catch((e: Error) => e.message);
    expect(message).toContain('`systemctl --user daemon-reload` failed (exit 1): Failed to connect to bus: No medium found');
    expect(message).toContain('loginctl enable-linger');
    expect(message).toContain('systemctl --user enable --now threefold-helper.service');
    expect(message).toContain(`or run the helper in the foreground: '/opt/node js/bin/node'`);
    expect(ran).toEqual(['systemctl --user daemon-reload']);
    expect(fs.readFileSync(plan.file, 'utf8')).toBe(plan.content);
  });

  it('a service manager that is not there at all: "could not run"', async () => {
    const plan = { ...loginServicePlan('linux', posixLaunch, context({ xdgConfigHome: temp.dir })), logDir: path.join(temp.dir, 'logs') };
    const { run } = fakeRun({ 'systemctl --user daemon-reload': { exitCode: null, stderr: 'spawn systemctl ENOENT' } });
    await expect(installLoginService(plan, run)).rejects.toThrow('`systemctl --user daemon-reload` could not run: spawn systemctl ENOENT');
  });

  it('launchd: an agent that was not loaded is no reason to fail (bootout), a refused bootstrap is', async () => {
    const plan = { ...loginServicePlan('darwin', posixLaunch, context()), logDir: path.join(temp.dir, 'logs') };
    const bootout = 'launchctl bootout gui/501/com.threefold.helper';
    await installLoginService(plan, fakeRun({ [bootout]: { exitCode: 3, stderr: 'Boot-out failed: 3: No such process' } }).run);
    expect(fs.readFileSync(plan.file, 'utf8')).toBe(plan.content);
    const bootstrap = `launchctl bootstrap gui/501 ${plan.file}`;
    await expect(installLoginService(plan, fakeRun({ [bootstrap]: { exitCode: 5, stderr: 'Bootstrap failed: 5: Input/output error' } }).run)).rejects.toThrow(
      `\`launchctl bootstrap gui/501 ${plan.file}\` failed (exit 5): Bootstrap failed: 5: Input/output error`,
    );
  });

  it('uninstall: nothing installed is not an error; a refused delete is, after removing the file', async () => {
    const plan = { ...loginServicePlan('win32', windowsLaunch, context()), logDir: path.join(temp.dir, 'logs') };
    const refused = { exitCode: 1, stderr: 'ERROR: Access is denied.' };
    const { run } = fakeRun({ 'schtasks /Delete /TN Threefold helper /F': refused, 'schtasks /End /TN Threefold helper': refused });
    await expect(uninstallLoginService(plan, run)).resolves.toBe(false);

    await installLoginService(plan, fakeRun().run);
    const message = await uninstallLoginService(plan, run).then(
      () => '',
      (e: Error) => e.message,
    );
    expect(message).toContain(`uninstalling did not finish (${plan.file} is removed)`);
    expect(message).toContain('`schtasks /Delete /TN "Threefold helper" /F` failed (exit 1): ERROR: Access is denied.');
    expect(message).not.toContain('/End');
    expect(fs.existsSync(plan.file)).toBe(false);
  });
});

describe('threefold helper install|uninstall', () => {
  const savedHome = process.env.THREEFOLD_HOME;
  afterEach(() => {
    if (savedHome === undefined) delete process.env.THREEFOLD_HOME;
    else process.env.THREEFOLD_HOME = savedHome;
    jest.restoreAllMocks();
  });

  /** `threefold [--home] helper [--port]` as main.ts builds it, with the service subcommands added. */
  async function cli(argv: string[], helperHasPort = true): Promise<string> {
    const program = new Command('threefold').option('--home <dir>').exitOverride();
    const helper = program.command('helper').exitOverride();
    if (helperHasPort) helper.option('--port <n>', 'port', '7737');
    registerHelperServiceCommands(helper, () => program.opts<GlobalOptions>());
    let out = '';
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out += String(chunk);
      return true;
    });
    await program.parseAsync(argv, { from: 'user' });
    return out;
  }

  it.each([true, false])('install --print shows the file with the port and --home when a home is chosen (helper has --port: %s)', async (helperHasPort) => {
    delete process.env.THREEFOLD_HOME;
    const chosen = await cli(['--home', temp.dir, 'helper', 'install', '--port', '8123', '--print'], helperHasPort);
    expect(chosen).toContain(process.execPath);
    expect(chosen).toContain('8123');
    expect(chosen).toMatch(/--home\W+/);
    expect(chosen).toContain(temp.dir);
    expect(chosen).toContain('# then run:');

    const plain = await cli(['helper', 'install', '--print'], helperHasPort);
    expect(plain).toContain('7737');
    expect(plain).not.toContain('--home');
  });

  it('passes THREEFOLD_HOME on, since the service manager does not see it', async () => {
    process.env.THREEFOLD_HOME = temp.dir;
    expect(await cli(['helper', 'install', '--print'])).toContain(temp.dir);
  });

  it('uninstall --print lists the commands and the file to remove', async () => {
    const out = await cli(['--home', temp.dir, 'helper', 'uninstall', '--print']);
    expect(out).toMatch(/^# run:\n/);
    expect(out).toMatch(/# remove .+\n/);
  });

  it('refuses a port that is not one', async () => {
    await expect(cli(['helper', 'install', '--port', '70000', '--print'])).rejects.toThrow('--port must be a TCP port, 1 to 65535 (got 70000)');
  });
});
