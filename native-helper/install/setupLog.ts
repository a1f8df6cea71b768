import fs from 'node:fs';
import path from 'node:path';

/** `<home>/logs/setup.log`: what `threefold setup` did, each line with its time, for a user who saw no terminal. */
export function setupLogFile(home: string): string {
  return path.join(home, 'logs', 'setup.log');
}

/** Appends each line, synchronously: setup may end right after, and the log is all a double-click leaves. */
export function openSetupLog(home: string): (line: string) => void {
  const file = setupLogFile(home);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  return (line) => fs.appendFileSync(file, `${new Date().toISOString()} ${line}\n`, { mode: 0o600 });
}
