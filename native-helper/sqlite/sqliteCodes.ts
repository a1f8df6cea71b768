/** SQLite's primary result codes by number (https://sqlite.org/rescode.html). */
const PRIMARY_CODES: Record<number, string> = {
  1: 'ERROR',
  2: 'INTERNAL',
  3: 'PERM',
  4: 'ABORT',
  5: 'BUSY',
  6: 'LOCKED',
  7: 'NOMEM',
  8: 'READONLY',
  9: 'INTERRUPT',
  10: 'IOERR',
  11: 'CORRUPT',
  12: 'NOTFOUND',
  13: 'FULL',
  14: 'CANTOPEN',
  15: 'PROTOCOL',
  16: 'EMPTY',
  17: 'SCHEMA',
  18: 'TOOBIG',
  19: 'CONSTRAINT',
  20: 'MISMATCH',
  21: 'MISUSE',
  22: 'NOLFS',
  23: 'AUTH',
  24: 'FORMAT',
  25: 'RANGE',
  26: 'NOTADB',
  27: 'NOTICE',
  28: 'WARNING',
};

/**
 * The name of an SQLite result code, extended or not, by its primary code (the low byte): `SQLITE_BUSY`
 * for SQLITE_BUSY_SNAPSHOT too, as callers test a family by its prefix.
 */
export function sqliteCodeName(code: number): string {
  return `SQLITE_${PRIMARY_CODES[code & 0xff] ?? code}`;
}
