// `npm run test:langs`: the Python and Java checks of test/langs/*.langs.ts. They need the packages of
// `npm run package` and reach PyPI and Maven Central on a cold cache, so `npm test` does not run them.
const unit = require('../../jest.config.js').projects[0];

/** @type {import('jest').Config} */
module.exports = {
  ...unit,
  rootDir: '../..',
  displayName: 'langs',
  roots: ['<rootDir>/test/langs'],
  testMatch: ['**/*.langs.ts'],
  testPathIgnorePatterns: [],
  // A cold run installs aws-cdk-lib for Python and Java before the first test.
  testTimeout: 10 * 60 * 1000,
  verbose: true,
};
