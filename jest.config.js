// Jest through Oracle's SuiteCloud configuration: `N/*` ids map to stubs, AMD files under
// src/FileCabinet are transformed to CommonJS, and `SuiteScripts/...` resolves into the build output.
// customStubs is where real implementations of `N/` modules plug in: the local NetSuite emulator
// registers its modules here, replacing Oracle's empty stubs.
const SuiteCloudJestConfiguration = require('@oracle/suitecloud-unit-testing/jest-configuration/SuiteCloudJestConfiguration');

const EMULATED_MODULES = [
  'record',
  'search',
  'query',
  'runtime',
  'log',
  'error',
  'https',
  'crypto',
  'encode',
  'format',
  'cache',
  'currency',
  'email',
  'task',
  'transaction',
  'ui/serverWidget',
];

/** @type {{ module: string, path: string }[]} */
const customStubs = EMULATED_MODULES.map((name) => ({
  module: `N/${name}`,
  path: `<rootDir>/emulator/jest/${name}.ts`,
}));

const suitecloud = SuiteCloudJestConfiguration.build({
  projectFolder: 'src',
  projectType: SuiteCloudJestConfiguration.ProjectType.ACP,
  customStubs,
});

/** @type {import('jest').Config} */
module.exports = {
  ...suitecloud,
  transform: {
    ...suitecloud.transform,
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
  },
  testEnvironment: 'node',
  // Integration tests run a whole account (sandbox, relay, emulator) per test: on a loaded 2-core machine one
  // can take longer than Jest's 5 s default. A hang still fails; no test is timed (speed goes to the bench).
  testTimeout: 30_000,
  testMatch: [
    '<rootDir>/test/**/*.test.ts',
    '<rootDir>/emulator/test/**/*.test.ts',
    '<rootDir>/stripe-sandbox/test/**/*.test.ts',
    '<rootDir>/relay/test/**/*.test.ts',
  ],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/build/'],
};
