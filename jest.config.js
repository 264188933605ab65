// Unit specs live beside the code (src/**/*.spec.ts); end-to-end specs in test/ boot the real app
// against the real database. `npm test` (scripts/test.mjs) provides the database and runs both.
const { availableParallelism } = require('node:os');

// swc transpiles each file on its own (tsconfig has isolatedModules), with Nest's decorator
// metadata; `npm run build` and `npm run lint` do the type checking.
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
      sourceMaps: 'inline',
    },
  ],
};
const setupFiles = ['<rootDir>/test/support/fail-on-deprecation.ts'];

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: '<rootDir>/test/support/host-typed-arrays-environment.js',
      transform,
      setupFiles,
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/bench/**/*.spec.ts'],
    },
    {
      // Services with their real repositories on the real database, no HTTP (test/support/medium.ts).
      displayName: 'medium',
      testEnvironment: '<rootDir>/test/support/host-typed-arrays-environment.js',
      transform,
      setupFiles,
      testMatch: ['<rootDir>/test/medium/**/*.medium-spec.ts'],
      slowTestThreshold: 10,
    },
    {
      displayName: 'e2e',
      testEnvironment: '<rootDir>/test/support/host-typed-arrays-environment.js',
      transform,
      setupFiles,
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      slowTestThreshold: 20,
    },
  ],
  testTimeout: 30_000,
  // Jest's default (cores - 1) runs a 2-core machine's suite in band, one file at a time, while
  // most of an end-to-end file's time is spent waiting: on the database, on argon2 in libuv's
  // thread pool, on child processes. Every file has a database of its own, so files run side by
  // side safely: one worker per core. (1.5 per core starved the child-process specs, seed and
  // local-database, past their timeouts on a loaded 2-core machine.) `-w N` overrides it.
  maxWorkers: Math.max(2, availableParallelism()),
};
