/** @type {import('jest').Config} */
const base = {
  // Node's environment, printing a test's console output only when that test fails (test/jest-environment.ts).
  testEnvironment: '<rootDir>/test/jest-environment.ts',
  // Prefer the TypeScript sources over the .js files jsii writes beside them.
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.dev.json', diagnostics: false }],
  },
  collectCoverageFrom: ['lib/**/*.ts', '!lib/**/*.d.ts', '!lib/**/index.ts'],
};

module.exports = {
  // Coverage of the library only (not the command line, scripts or tests), set at the top level as well, where
  // jest reads it when it runs several projects.
  collectCoverageFrom: base.collectCoverageFrom,
  projects: [
    { ...base, displayName: 'unit', roots: ['<rootDir>/test'], testMatch: ['**/*.test.ts'], testPathIgnorePatterns: ['\\.latest-cdk\\.test\\.ts$'] },
    {
      // The same library and examples against the newest aws-cdk-lib (the dev dependency
      // aws-cdk-lib-latest), whose built-in CloudFormation validation reads every template.
      ...base,
      displayName: 'latest-cdk',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.latest-cdk.test.ts'],
      moduleNameMapper: { '^aws-cdk-lib$': 'aws-cdk-lib-latest', '^aws-cdk-lib/(.*)$': 'aws-cdk-lib-latest/$1' },
    },
  ],
  coverageThreshold: {
    global: { lines: 95 },
  },
  coverageReporters: ['text-summary', 'lcov'],
  testTimeout: 120000,
};
