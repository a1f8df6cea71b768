import path from 'node:path';

/** Which assets a question is about: all, one file, or everything under a folder. */
export type Scope =
  | { kind: 'all' }
  | { kind: 'file'; path: string }
  | { kind: 'folder'; path: string }
  /** The files a project references: one query for any number of them. */
  | { kind: 'paths'; paths: readonly string[] };

/** Paths (or keys) looked up per query by the stores that take a list (one JSON list each). */
export const PATHS_PER_QUERY = 2000;

/** The SQL condition on assets `a` that selects a scope, with its parameters. */
export function scopeClause(scope: Scope): { where: string; params: string[] } {
  switch (scope.kind) {
    case 'all':
      return { where: '1', params: [] };
    case 'file':
      return { where: 'a.path = ?', params: [scope.path] };
    case 'paths':
      return { where: 'a.path IN (SELECT value FROM json_each(?))', params: [JSON.stringify(scope.paths)] };
    case 'folder': {
      // Everything under the folder, as an index range: '/' + 1 is '0'.
      const prefix = scope.path.endsWith('/') || scope.path.endsWith('\\') ? scope.path : `${scope.path}${path.sep}`;
      const upper = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
      return { where: 'a.path >= ? AND a.path < ?', params: [prefix, upper] };
    }
  }
}
