// The entry of the bundled helper (dist/helper/threefold.js, built by webpack.config.js): what
// bin/threefold.js does for the tsc build in build/.
import { unsupportedNodeMessage } from './supportedNode';

// Copying is I/O bound: more threads let the reads, writes and fsyncs of several files overlap. Set
// before main's modules load (a `require`, not a hoisted `import`), like bin/threefold.js.
process.env.UV_THREADPOOL_SIZE = process.env.UV_THREADPOOL_SIZE || '16';

const unsupported = unsupportedNodeMessage(process.version);
if (unsupported !== undefined) {
  process.stderr.write(`${unsupported}\n`);
  process.exit(2);
}
const { main } = require('./main') as typeof import('./main');

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
