const fs = require("node:fs");

module.exports = () => {
  const dir = process.env.REDIS_VERSION_TEST_RUN_DIR;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
};
