import fs from 'node:fs';
import path from 'node:path';

export interface OpenedBy {
  pid: number;
  /** Its command line, shortened. */
  command: string;
}

const COMMAND_CHARS = 80;

/**
 * Other processes that have one of these files open, as Linux's /proc shows them (only processes this
 * user may look at). Empty where there is no /proc (macOS, Windows): the caller then names `lsof`.
 */
export function processesWithFileOpen(files: readonly string[]): OpenedBy[] {
  const wanted = new Set(files.map((f) => path.resolve(f)));
  let pids: string[];
  try {
    pids = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid);
  } catch {
    return [];
  }
  const found: OpenedBy[] = [];
  for (const pid of pids) {
    const fdDir = `/proc/${pid}/fd`;
    let fds: string[];
    try {
      fds = fs.readdirSync(fdDir);
    } catch {
      continue; // gone, or another user's
    }
    const holds = fds.some((fd) => {
      try {
        return wanted.has(fs.readlinkSync(`${fdDir}/${fd}`));
      } catch {
        return false;
      }
    });
    if (holds) found.push({ pid: Number(pid), command: commandOf(pid) });
  }
  return found;
}

function commandOf(pid: string): string {
  try {
    const words = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const line = words.join(' ').replace(/\s+/g, ' ');
    return line.length > COMMAND_CHARS ? `${line.slice(0, COMMAND_CHARS - 1)}…` : line;
  } catch {
    return '?';
  }
}
