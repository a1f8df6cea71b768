import { processesWithFileOpen } from '../system/processesWithFileOpen';

/** The catalog waits this long for another process's write before it gives up (its busy_timeout). */
export const CATALOG_BUSY_TIMEOUT_MS = 10_000;

/**
 * What to tell the user when SQLite fails on the catalog for a reason they can act on: a damaged file
 * (SQLITE_CORRUPT, SQLITE_NOTADB) or a write lock another process held too long (SQLITE_BUSY,
 * SQLITE_LOCKED). Undefined for any other error.
 */
export function describeCatalogFailure(error: unknown, file: string): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return (
      `the catalog ${file} is damaged (${(error as Error).message}): Threefold cannot read it. The copies on ` +
      `your destinations are untouched. Move the file aside (mv "${file}" "${file}.damaged"), then recover the ` +
      'index of what was copied and verified from a destination: `threefold catalog rebuild --from DEST` (a ' +
      'command run without it starts a new, empty catalog).'
    );
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    const holders = processesWithFileOpen([file, `${file}-wal`]);
    const who =
      holders.length > 0
        ? `processes that have it open: ${holders.map((h) => `${h.pid} (${h.command})`).join(', ')}`
        : `\`lsof "${file}"\` shows which processes have it open`;
    return (
      `the catalog ${file} has been locked by another process for more than ${CATALOG_BUSY_TIMEOUT_MS / 1000} seconds ` +
      `(${who}). Wait for it to finish (another protect or verify, or a job of the helper: \`threefold jobs\`), ` +
      'or stop it, then run this command again.'
    );
  }
  return undefined;
}
