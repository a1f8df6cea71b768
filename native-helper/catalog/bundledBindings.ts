import path from 'node:path';

// webpack's name for Node's own require inside a bundle.
declare const __non_webpack_require__: NodeJS.Require;

/**
 * Stands in for the `bindings` package in the bundled helper only (webpack.config.js aliases `bindings`
 * to this file). better-sqlite3 loads its addon through `bindings`, which searches the package folders of
 * the caller; a bundle has none: its addon is the one beside the bundle (webpack keeps Node's __dirname).
 */
function bindings(name: string): unknown {
  const file = path.join(__dirname, name.endsWith('.node') ? name : `${name}.node`);
  return __non_webpack_require__(file);
}

export = bindings;
