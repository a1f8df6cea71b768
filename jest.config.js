/**
 * Three projects: unit (pure core, catalog, config, panel model and views: no server, no root, seconds),
 * integration (real files, the built CLI, the helper over real sockets, a real S3 server) and e2e (the
 * panel in Debian's Chromium against a real helper). `npm test` runs all three; `npm run test:unit` is the
 * contributor's fast loop.
 * @type {import('jest').Config}
 */
const shared = {
  // Component tests (.test.tsx) choose jsdom in their docblock; everything else runs in Node.
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: {
    // Type checking is `tsc -b`'s job (it runs before jest in `npm test`); here only transpile.
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
  },
  testEnvironment: 'node',
};

// One S3 test server (Swift) for the run, started only when a project that needs it runs; tests reach it
// through test/helpers/s3Server.ts.
const withS3Server = {
  globalSetup: '<rootDir>/test/helpers/jestGlobalSetup.ts',
  globalTeardown: '<rootDir>/test/helpers/jestGlobalTeardown.ts',
};

module.exports = {
  projects: [
    { ...shared, displayName: 'unit', roots: ['<rootDir>/test/unit'] },
    { ...shared, ...withS3Server, displayName: 'integration', roots: ['<rootDir>/test/integration'] },
    { ...shared, displayName: 'e2e', roots: ['<rootDir>/test/e2e'] },
  ],
  testTimeout: 120000,
  maxWorkers: 2,
};
