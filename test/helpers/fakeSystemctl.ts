// A stand-in for `systemctl --user` on PATH, so that `threefold setup` and `helper uninstall` run their real
// commands without touching this machine's login session: it records each call and, as systemd would,
// starts the unit's ExecStart on `restart` (stopping the one it started before) and stops it on `disable --now`.
import fs from 'node:fs';
import path from 'node:path';

export interface FakeSystemctl {
  /** The environment a CLI run needs: PATH with the stand-ins first, HOME and XDG_CONFIG_HOME inside the temp folder. */
  env: NodeJS.ProcessEnv;
  unitDir: string;
  /** Each call's arguments, one line each. */
  calls(): string[];
  /** The pid of the helper the stand-in started and has not stopped, if any. */
  helperPid(): number | undefined;
  /** What node-notifier gave notify-send, one argument a line (empty when it was not called). */
  notifications(): string;
  /** Stops the helper it started, if any. */
  stop(): void;
}

export function fakeSystemctl(dir: string): FakeSystemctl {
  const bin = path.join(dir, 'bin');
  const state = path.join(dir, 'systemctl-state');
  const configHome = path.join(dir, 'xdg-config');
  const unitDir = path.join(configHome, 'systemd', 'user');
  for (const d of [bin, state]) fs.mkdirSync(d, { recursive: true });
  const pidFile = path.join(state, 'helper.pid');
  fs.writeFileSync(
    path.join(bin, 'systemctl'),
    `#!/bin/sh
echo "$*" >> '${state}/calls'
stop() {
  if [ -f '${pidFile}' ]; then
    pid=$(cat '${pidFile}'); kill "$pid" 2>/dev/null
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    rm -f '${pidFile}'
  fi
}
case "$2" in
  restart)
    stop
    eval "set -- $(sed -n 's/^ExecStart=//p' '${unitDir}/'"$3")"
    "$@" >> '${state}/helper.out' 2>&1 &
    echo $! > '${pidFile}' ;;
  disable) stop ;;
esac
`,
    { mode: 0o755 },
  );
  fs.writeFileSync(path.join(bin, 'notify-send'), `#!/bin/sh\nprintf '%s\\n' "$@" >> '${state}/notify-send'\n`, { mode: 0o755 });
  const read = (name: string): string => (fs.existsSync(path.join(state, name)) ? fs.readFileSync(path.join(state, name), 'utf8') : '');
  const helperPid = (): number | undefined => (fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8')) : undefined);
  return {
    env: { PATH: `${bin}:${process.env.PATH}`, HOME: path.join(dir, 'user'), XDG_CONFIG_HOME: configHome },
    unitDir,
    calls: () => read('calls').split('\n').filter(Boolean),
    helperPid,
    notifications: () => read('notify-send'),
    stop: () => {
      const pid = helperPid();
      if (pid === undefined) return;
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    },
  };
}
