import fs from 'node:fs/promises';
import { describeFsError } from '../../errors';

/** What the lock file beside a catalog says: `busy` is set while Lightroom Classic has it open. */
export interface CatalogLock {
  busy?: string;
  warning?: string;
}

const BUSY = 'Lightroom Classic has this catalog open: its originals are protected now, the catalog itself once Lightroom quits';

// Above this a number is not a process id on any OS we run on (and kill() would refuse it).
const MAX_PID = 0x7fffffff;

/** Reads `<catalog>.lock` (Lightroom writes its app path and PID in it) and checks that process. */
export async function checkCatalogLock(catalogPath: string, isAlive: (pid: number) => boolean): Promise<CatalogLock> {
  const lockPath = `${catalogPath}.lock`;
  let text: string;
  try {
    text = await fs.readFile(lockPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    // Lightroom may hold the lock file exclusively: assume it is open rather than copy a catalog in use.
    return { busy: BUSY, warning: `${lockPath}: cannot read this lock file (${describeFsError(error)}): the catalog is treated as open in Lightroom Classic` };
  }
  const pid = lastPid(text);
  if (pid !== null && isAlive(pid)) {
    return {
      busy: BUSY,
      warning: `${catalogPath}: Lightroom Classic has this catalog open (process ${pid}): it was read from a copy and will be protected once Lightroom quits`,
    };
  }
  const why = pid === null ? 'it names no process' : `process ${pid} is not running`;
  return { warning: `${lockPath}: stale lock found (${why}): the catalog is not in use` };
}

/**
 * The PID is the last number in the text that is not part of a name or path: the app path before it may
 * hold digits too ("Classic 2024.app", "Lightroom 6\Lightroom.exe").
 */
function lastPid(text: string): number | null {
  // NULs are dropped so a UTF-16 text still reads as digits.
  const numbers = text.replace(/\0/g, '').match(/(?<![\p{L}\d_./\\])\d+(?![\p{L}\d_./\\])/gu);
  const pid = numbers ? Number(numbers[numbers.length - 1]) : NaN;
  return Number.isSafeInteger(pid) && pid > 0 && pid <= MAX_PID ? pid : null;
}
