import { MIN_NODE_MAJOR as OLDEST_NODE_MAJOR } from '../../src/doctor/doctorChecks';

/**
 * What to tell a user who runs Threefold on an older Node (`version` as `process.version`), before
 * anything needs node:sqlite; undefined on a Node it runs on. Imports only pure rules: it loads on any Node.
 */
export function unsupportedNodeMessage(version: string): string | undefined {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  if (major >= OLDEST_NODE_MAJOR) return undefined;
  return (
    `threefold: needs Node ${OLDEST_NODE_MAJOR} or newer, this is ${version}: run it with the Node ${OLDEST_NODE_MAJOR} the threefold ` +
    'folder installs (node_modules/.bin/node bin/threefold.js; npm scripts use it) or use the threefold executable (npm run package)'
  );
}
