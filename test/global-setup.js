const os = require("node:os");
const path = require("node:path");

/** One directory for what test files share during this run (the packed tarball); made on first use, removed by global-teardown.js. */
module.exports = () => {
  process.env.REDIS_VERSION_TEST_RUN_DIR = path.join(os.tmpdir(), `rv-test-run-${process.pid}-${Date.now()}`);
};
