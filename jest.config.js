/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Type checking is `tsc -b`'s job (it runs before jest in `npm test`); here only transpile.
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
  },
  // One S3 test server (Swift) for the whole run; tests reach it through test/helpers/s3Server.ts.
  globalSetup: '<rootDir>/test/helpers/jestGlobalSetup.ts',
  globalTeardown: '<rootDir>/test/helpers/jestGlobalTeardown.ts',
  testTimeout: 120000,
  maxWorkers: 2,
};
