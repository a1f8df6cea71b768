import path from 'node:path';
import { bundledNativeBinding } from './nativeBinding';

// webpack's name for Node's own require inside a bundle.
declare const __non_webpack_require__: NodeJS.Require;

/**
 * Stands in for the `bindings` package in the bundled helper only (webpack.config.js aliases `bindings`
 * to this file). better-sqlite3 loads its addon through `bindings` whenever a `Database` is opened without
 * the `nativeBinding` option (the Lightroom reader's read-only copy, for one), and `bindings` searches the
 * package folders of the caller, which a bundle does not have: here the addon is the one beside the bundle.
 */
function bindings(name: string): unknown {
  const file = bundledNativeBinding();
  if (file === undefined || path.basename(file) !== name) {
    throw new Error(`the native addon ${name} is not beside the bundled helper in ${__dirname}`);
  }
  return __non_webpack_require__(file);
}

export = bindings;
