/** @type {import('jest').Config} */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "<rootDir>/test/support/environment.js",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  setupFilesAfterEnv: ["<rootDir>/test/setup.js"],
  // A directory for the whole run: test files share the packed tarball through it.
  globalSetup: "<rootDir>/test/global-setup.js",
  globalTeardown: "<rootDir>/test/global-teardown.js",
  testTimeout: 120000,
  // Two files at a time on this 2-core machine: each has its own TMPDIR (environment.js) and
  // serves its simulators on ports of its own, so none shares a lock file, port or variable.
  maxWorkers: 2,
  // Not jest's default (a jest_* folder in the OS temp directory): tests leave that directory as they found it.
  cacheDirectory: "<rootDir>/node_modules/.cache/jest",
  // With isolatedModules, ts-jest only transpiles; `npm test` type-checks src, tests and bench
  // first with one `tsc --noEmit` (12 s here); ts-jest checking file by file added 14 s for a fifth of the suite.
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: true }] },
};
