// Unit specs live beside the code (src/**/*.spec.ts); end-to-end specs in test/ boot the real app
// against the real database. `npm test` (scripts/test.mjs) provides the database and runs both.
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };
const setupFiles = ['<rootDir>/test/support/fail-on-deprecation.ts'];

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      setupFiles,
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/bench/**/*.spec.ts'],
    },
    {
      // Services with their real repositories on the real database, no HTTP (test/support/medium.ts).
      displayName: 'medium',
      testEnvironment: 'node',
      transform,
      setupFiles,
      testMatch: ['<rootDir>/test/medium/**/*.medium-spec.ts'],
      slowTestThreshold: 10,
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      transform,
      setupFiles,
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      slowTestThreshold: 20,
    },
  ],
  testTimeout: 30_000,
};
