// Stands in for version.ts in the bundled helper only (webpack.config.js swaps it in): the helper folder
// has no package.json to read at run time, so webpack inlines the version from the repository's.
const pkg = require('../package.json') as { version: string };

export const TOOL_VERSION: string = pkg.version;
