"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { TestEnvironment } = require("jest-environment-node");

/**
 * Node's test environment, with a temporary directory of its own for each
 * test file, set as TMPDIR while the file runs and removed with everything in
 * it afterwards. Whatever lands in os.tmpdir() goes with it: the tests' stacks
 * and CA files, cdktf's Testing outdirs, the handler's lock and request-budget
 * files, and those of every process started with our TMPDIR (terraformEnv
 * passes it on). Files running at once in parallel workers never share one.
 *
 * Set here, not in a setup file: inside a test `process.env` is a copy, which
 * os.tmpdir() and child processes never read.
 */
class OwnTempDirEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.outerTmpdir = process.env.TMPDIR;
    this.tmpdir = fs.mkdtempSync(path.join(os.tmpdir(), "rv-test-"));
    process.env.TMPDIR = this.tmpdir;
    this.global.process.env.TMPDIR = this.tmpdir;
  }

  async teardown() {
    await super.teardown();
    if (this.outerTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = this.outerTmpdir;
    fs.rmSync(this.tmpdir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }
}

module.exports = OwnTempDirEnvironment;
