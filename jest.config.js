/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  // Component tests (.test.tsx) choose jsdom in their docblock; everything else runs in Node.
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: {
    // Type checking is `tsc -b`'s job (it runs before jest in `npm test`); here only transpile.
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
  },
  // One S3 test server (Swift) for the whole run; tests reach it through test/helpers/s3Server.ts.
  globalSetup: '<rootDir>/test/helpers/jestGlobalSetup.ts',
  globalTeardown: '<rootDir>/test/helpers/jestGlobalTeardown.ts',
  testTimeout: 120000,
  maxWorkers: 2,
};
