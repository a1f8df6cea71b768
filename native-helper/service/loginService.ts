import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describeFsError, UserError } from '../errors';

/** How the helper is started: `node script [--home DIR] helper --port N`, or `threefold [--home DIR] helper --port N`. */
export interface HelperLaunch {
  nodePath: string;
  /** None for the single executable: it is Node and the script in one file. */
  scriptPath?: string;
  /** After the script and the global options: `['helper', '--port', '7737']`. */
  args: string[];
  /** launchd writes the helper's stdout and stderr here. */
  logDir: string;
  /** Only a non-default home: the service manager does not see the shell's THREEFOLD_HOME. */
  home?: string;
}

/** Who and where the service is installed for. */
export interface ServiceContext {
  userHome: string;
  /** systemd reads user units from $XDG_CONFIG_HOME/systemd/user when it is set. */
  xdgConfigHome?: string;
  /** launchd: the agent goes into the gui/<uid> domain. */
  uid?: number;
  /** Windows: the DOMAIN\user whose logon starts the task. */
  account?: string;
  /** Windows: the task XML is kept here, for schtasks /XML and to see what was installed. */
  dataDir: string;
}

export interface ServiceCommand {
  file: string;
  args: string[];
  /** Stopping something that may not be running: a failure only means there was nothing to stop. */
  ignoreFailure?: true;
}

export interface LoginServicePlan {
  platform: 'linux' | 'darwin' | 'win32';
  file: string;
  content: string;
  /** schtasks only reads task XML as UTF-16LE (with a BOM) or ANSI, never UTF-8. */
  encoding: 'utf8' | 'utf16le';
  logDir: string;
  /** Run after the file is written. */
  install: ServiceCommand[];
  /** Run before the file is removed. */
  uninstall: ServiceCommand[];
  /** Run after the file is removed. */
  afterUninstall: ServiceCommand[];
  /** Said when the service manager cannot be reached, so the user can finish by hand. */
  startByHand: string;
}

const SYSTEMD_UNIT = 'threefold-helper.service';
const LAUNCHD_LABEL = 'com.threefold.helper';
const WINDOWS_TASK = 'Threefold helper';

/** The full command line of the helper: node, script, options. */
export function helperArgv(launch: HelperLaunch): string[] {
  const script = launch.scriptPath === undefined ? [] : [launch.scriptPath];
  return [launch.nodePath, ...script, ...(launch.home ? ['--home', launch.home] : []), ...launch.args];
}

// ---- file contents -------------------------------------------------------------------------------

export function systemdUnit(launch: HelperLaunch): string {
  return [
    '[Unit]',
    'Description=Threefold helper (3-2-1 backups for Premiere Pro and Lightroom Classic)',
    '',
    '[Service]',
    'Type=simple',
    `ExecStart=${helperArgv(launch).map(systemdQuote).join(' ')}`,
    'Restart=on-failure',
    'RestartSec=5',
    '',
    '[Install]',
    'WantedBy=default.target',
    '',
  ].join('\n');
}

export function launchdPlist(launch: HelperLaunch): string {
  const strings = (values: string[]): string => values.map((v) => `\t\t<string>${escapeXml(v)}</string>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>Label</key>
	<string>${LAUNCHD_LABEL}</string>
	<key>ProgramArguments</key>
	<array>
${strings(helperArgv(launch))}
	</array>
	<key>RunAtLoad</key>
	<true/>
	<key>KeepAlive</key>
	<dict>
		<key>SuccessfulExit</key>
		<false/>
	</dict>
	<key>StandardOutPath</key>
	<string>${escapeXml(path.join(launch.logDir, 'helper.stdout.log'))}</string>
	<key>StandardErrorPath</key>
	<string>${escapeXml(path.join(launch.logDir, 'helper.stderr.log'))}</string>
	<key>ProcessType</key>
	<string>Background</string>
</dict>
</plist>
`;
}

/** The task XML as text; the caller writes it as UTF-16LE, which its declaration says. */
export function windowsTask(launch: HelperLaunch, account: string): string {
  const [command, ...args] = helperArgv(launch);
  // Task Scheduler expands %NAME% in Command and Arguments and has no escape for it; a path holding
  // `%x%` where x is a defined variable cannot be expressed (no such path is expected).
  return `<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo>
    <Description>Threefold helper: the background process the Premiere Pro panel and the Lightroom plug-in talk to.</Description>
  </RegistrationInfo>
  <Triggers>
    <LogonTrigger>
      <Enabled>true</Enabled>
      <UserId>${escapeXml(account)}</UserId>
    </LogonTrigger>
  </Triggers>
  <Principals>
    <Principal id="Author">
      <UserId>${escapeXml(account)}</UserId>
      <LogonType>InteractiveToken</LogonType>
      <RunLevel>LeastPrivilege</RunLevel>
    </Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <AllowHardTerminate>true</AllowHardTerminate>
    <StartWhenAvailable>false</StartWhenAvailable>
    <RunOnlyIfNetworkAvailable>false</RunOnlyIfNetworkAvailable>
    <IdleSettings>
      <StopOnIdleEnd>false</StopOnIdleEnd>
      <RestartOnIdle>false</RestartOnIdle>
    </IdleSettings>
    <AllowStartOnDemand>true</AllowStartOnDemand>
    <Enabled>true</Enabled>
    <Hidden>false</Hidden>
    <RunOnlyIfIdle>false</RunOnlyIfIdle>
    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>
    <RestartOnFailure>
      <Interval>PT1M</Interval>
      <Count>999</Count>
    </RestartOnFailure>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>${escapeXml(windowsQuote(command!))}</Command>
      <Arguments>${escapeXml(args.map(windowsQuote).join(' '))}</Arguments>
    </Exec>
  </Actions>
</Task>
`;
}

// ---- where it goes and what runs -----------------------------------------------------------------

/** This user, this machine. */
export function currentServiceContext(dataDir: string): ServiceContext {
  const { USERDOMAIN, USERNAME, XDG_CONFIG_HOME } = process.env;
  return {
    userHome: os.homedir(),
    dataDir,
    ...(XDG_CONFIG_HOME ? { xdgConfigHome: XDG_CONFIG_HOME } : {}),
    ...(process.getuid ? { uid: process.getuid() } : {}),
    account: USERDOMAIN && USERNAME ? `${USERDOMAIN}\\${USERNAME}` : os.userInfo().username,
  };
}

export function loginServicePlan(platform: NodeJS.Platform, launch: HelperLaunch, context: ServiceContext): LoginServicePlan {
  const foreground = `or run the helper in the foreground: ${helperArgv(launch)
    .map((a) => quoteFor(platform, a))
    .join(' ')}`;
  switch (platform) {
    case 'linux': {
      const systemctl = (...args: string[]): ServiceCommand => ({ file: 'systemctl', args: ['--user', ...args] });
      return {
        platform,
        file: path.join(context.xdgConfigHome || path.join(context.userHome, '.config'), 'systemd', 'user', SYSTEMD_UNIT),
        content: systemdUnit(launch),
        encoding: 'utf8',
        logDir: launch.logDir,
        // enable + restart rather than `enable --now`: a reinstall (another port) must replace a running helper.
        install: [systemctl('daemon-reload'), systemctl('enable', SYSTEMD_UNIT), systemctl('restart', SYSTEMD_UNIT)],
        uninstall: [systemctl('disable', '--now', SYSTEMD_UNIT)],
        afterUninstall: [systemctl('daemon-reload')],
        startByHand:
          'systemctl --user needs a running user session (log in on the desktop or a console; over ssh, ' +
          '`loginctl enable-linger $USER` keeps one). Then start it with:\n' +
          `  systemctl --user daemon-reload && systemctl --user enable --now ${SYSTEMD_UNIT}\n${foreground}`,
      };
    }
    case 'darwin': {
      if (context.uid === undefined) throw new Error('launchd needs the user id (gui/<uid>)');
      const file = path.join(context.userHome, 'Library', 'LaunchAgents', `${LAUNCHD_LABEL}.plist`);
      const bootout: ServiceCommand = { file: 'launchctl', args: ['bootout', `gui/${context.uid}/${LAUNCHD_LABEL}`], ignoreFailure: true };
      const bootstrap: ServiceCommand = { file: 'launchctl', args: ['bootstrap', `gui/${context.uid}`, file] };
      return {
        platform,
        file,
        content: launchdPlist(launch),
        encoding: 'utf8',
        logDir: launch.logDir,
        // bootstrap refuses a label that is loaded already: a reinstall unloads the old agent first.
        install: [bootout, bootstrap],
        uninstall: [bootout],
        afterUninstall: [],
        startByHand: `launchctl needs your login session on this Mac (not ssh). Then start it with:\n  ${showCommand(platform, bootstrap)}\n${foreground}`,
      };
    }
    case 'win32': {
      if (!context.account) throw new Error('Task Scheduler needs the account whose logon starts the helper');
      const file = path.join(context.dataDir, 'threefold-helper-task.xml');
      const schtasks = (...args: string[]): ServiceCommand => ({ file: 'schtasks', args });
      // A running helper keeps its old arguments (IgnoreNew): end it before replacing or deleting the task.
      const end: ServiceCommand = { ...schtasks('/End', '/TN', WINDOWS_TASK), ignoreFailure: true };
      const create = schtasks('/Create', '/TN', WINDOWS_TASK, '/XML', file, '/F');
      return {
        platform,
        file,
        content: windowsTask(launch, context.account),
        encoding: 'utf16le',
        logDir: launch.logDir,
        install: [end, create, schtasks('/Run', '/TN', WINDOWS_TASK)],
        uninstall: [end, schtasks('/Delete', '/TN', WINDOWS_TASK, '/F')],
        afterUninstall: [],
        startByHand: `Task Scheduler did not take the task (a policy may forbid it). To try again:\n  ${showCommand(platform, create)}\n${foreground}`,
      };
    }
    default:
      throw new UserError(`starting the helper at login is not supported on ${platform} (only Linux with systemd, macOS and Windows)`);
  }
}

// ---- doing it ------------------------------------------------------------------------------------

/** exitCode null: the program could not be started at all (not installed); stderr then says why. */
export interface CommandOutcome {
  exitCode: number | null;
  stderr: string;
}

export type RunCommand = (command: ServiceCommand) => Promise<CommandOutcome>;

const runCommand: RunCommand = (command) =>
  new Promise((resolve) => {
    execFile(command.file, command.args, { timeout: 60_000, windowsHide: true }, (error, _stdout, stderr) => {
      if (!error) return resolve({ exitCode: 0, stderr });
      const code = (error as NodeJS.ErrnoException).code;
      resolve(typeof code === 'number' ? { exitCode: code, stderr } : { exitCode: null, stderr: stderr || error.message });
    });
  });

/** Writes the file, then has the service manager load and start it. */
export async function installLoginService(plan: LoginServicePlan, run: RunCommand = runCommand): Promise<void> {
  try {
    await fs.mkdir(path.dirname(plan.file), { recursive: true });
    // launchd opens the log files but does not create their folder.
    await fs.mkdir(plan.logDir, { recursive: true });
    const bytes = plan.encoding === 'utf16le' ? Buffer.from(`\ufeff${plan.content}`, 'utf16le') : Buffer.from(plan.content, 'utf8');
    await fs.writeFile(plan.file, bytes);
  } catch (error) {
    throw new UserError(`could not write ${plan.file}: ${describeFsError(error)}`);
  }
  for (const command of plan.install) {
    const outcome = await run(command);
    if (outcome.exitCode === 0 || command.ignoreFailure) continue;
    throw new UserError(`wrote ${plan.file}, but ${failure(plan, command, outcome)}\n${plan.startByHand}`);
  }
}

/** Stops and unregisters the service, removes the file; false when there was no file to remove. */
export async function uninstallLoginService(plan: LoginServicePlan, run: RunCommand = runCommand): Promise<boolean> {
  const existed = await fs.access(plan.file).then(
    () => true,
    () => false,
  );
  const failures: string[] = [];
  // Without the file the service was most likely never installed: its commands are expected to fail.
  const attempt = async (command: ServiceCommand): Promise<void> => {
    const outcome = await run(command);
    if (outcome.exitCode !== 0 && existed && !command.ignoreFailure) failures.push(failure(plan, command, outcome));
  };
  for (const command of plan.uninstall) await attempt(command);
  let removed = existed;
  try {
    await fs.rm(plan.file, { force: true });
  } catch (error) {
    removed = false;
    failures.push(`could not remove ${plan.file}: ${describeFsError(error)}`);
  }
  for (const command of plan.afterUninstall) await attempt(command);
  if (failures.length > 0) {
    throw new UserError(`uninstalling did not finish${removed ? ` (${plan.file} is removed)` : ''}:\n  ${failures.join('\n  ')}`);
  }
  return existed;
}

function failure(plan: LoginServicePlan, command: ServiceCommand, outcome: CommandOutcome): string {
  const how = outcome.exitCode === null ? 'could not run' : `failed (exit ${outcome.exitCode})`;
  const detail = outcome.stderr.trim();
  return `\`${showCommand(plan.platform, command)}\` ${how}${detail ? `: ${detail}` : ''}`;
}

// ---- quoting -------------------------------------------------------------------------------------

/** A command as the user would type it in that platform's shell. */
export function showCommand(platform: NodeJS.Platform, command: ServiceCommand): string {
  return [command.file, ...command.args].map((a) => quoteFor(platform, a)).join(' ');
}

function quoteFor(platform: NodeJS.Platform, arg: string): string {
  if (platform === 'win32') return windowsQuote(arg);
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

const SYSTEMD_ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '%': '%%', $: '$$' };

/** One ExecStart word: quoted (spaces), C escapes for `\` `"` and newline, `%%` (specifiers), `$$` (variables). */
export function systemdQuote(arg: string): string {
  return `"${arg.replace(/[\\"\n%$]/g, (c) => SYSTEMD_ESCAPES[c]!)}"`;
}

/** One argument as CommandLineToArgvW (and so node on Windows) splits it back. */
export function windowsQuote(arg: string): string {
  if (arg !== '' && !/[\s"]/.test(arg)) return arg;
  // Backslashes are literal except before a quote: double those, and the ones before the closing quote.
  return `"${arg.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\+)$/, '$1$1')}"`;
}

// XML 1.0 cannot hold these at all, escaped or not.
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

function escapeXml(text: string): string {
  if (NOT_XML.test(text)) throw new UserError(`${JSON.stringify(text)} holds a control character that cannot be written into XML`);
  return text.replace(/[&<>"']/g, (c) => XML_ENTITIES[c]!);
}

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
