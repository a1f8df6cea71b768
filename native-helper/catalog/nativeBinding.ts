import fs from 'node:fs';
import path from 'node:path';

// Defined by webpack inside a bundle (`typeof __webpack_require__` is "function" there); undefined when
// the tsc output in build/ or jest runs the sources.
declare const __webpack_require__: unknown;

/**
 * The SQLite addon to hand to better-sqlite3 as `nativeBinding`: in the bundled helper
 * (dist/helper/threefold.js) it is `better_sqlite3.node` beside the bundle, because better-sqlite3's own
 * lookup (the `bindings` package, which searches node_modules) cannot work there. Undefined elsewhere:
 * better-sqlite3 finds its addon itself.
 */
export function bundledNativeBinding(): string | undefined {
  if (typeof __webpack_require__ !== 'function') return undefined;
  // The bundle keeps Node's own __dirname (webpack.config.js: node.__dirname false): the bundle's folder.
  const file = path.join(__dirname, 'better_sqlite3.node');
  return fs.existsSync(file) ? file : undefined;
}
