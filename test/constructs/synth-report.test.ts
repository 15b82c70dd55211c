import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO } from "../support/packed";

/**
 * An app with three invalid pins in two stacks, synthesized as users do:
 * `node main.js` and `npx cdktf synth`. Every problem is printed once, with
 * its construct path, and no stack trace. Uses the built package (lib/).
 */
const MAIN_JS = `
const { App, TerraformStack } = require(${JSON.stringify(path.join(REPO, "node_modules", "cdktf"))});
const { RedisCloudDatabaseVersion, RedisSoftwareDatabaseVersion } = require(${JSON.stringify(path.join(REPO, "lib", "src"))});

const app = new App();
const orders = new TerraformStack(app, "orders");
new RedisSoftwareDatabaseVersion(orders, "primary", { cluster: { url: "https://cluster.example.com:9443" }, databaseUid: 0, redisVersion: "7.4" });
new RedisSoftwareDatabaseVersion(orders, "replica", { cluster: { url: "https://cluster.example.com:9443" }, databaseUid: 13, redisVersion: "latest" });
new RedisSoftwareDatabaseVersion(orders, "fine", { cluster: { url: "https://cluster.example.com:9443" }, databaseUid: 14, redisVersion: "7.4" });
const sessions = new TerraformStack(app, "sessions");
new RedisCloudDatabaseVersion(sessions, "cache", { subscriptionId: 1234, databaseId: 5678, redisVersion: "8.2", timeoutMinutes: 0 });
app.synth();
`;

const PROBLEMS = [
  "[orders/primary] databaseUid: must be greater than zero",
  '[orders/replica] redisVersion: "latest" is not a valid Redis version',
  "[sessions/cache] timeoutMinutes: must be greater than zero",
];

describe("a synth with three invalid pins in two stacks", () => {
  let dir = "";

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "rv-synth-report-"));
    fs.writeFileSync(path.join(dir, "main.js"), MAIN_JS);
    fs.writeFileSync(path.join(dir, "cdktf.json"), JSON.stringify({ language: "typescript", app: "node main.js" }));
  });
  afterEach(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  it("node main.js prints the three, once each, and nothing else, and writes nothing", () => {
    const ran = run(process.execPath, ["main.js"]);
    expect(ran.status).toBe(1);
    expect(ran.stdout).toBe("");
    const lines = ran.stderr.trimEnd().split("\n");
    expect(lines[0]).toBe("cdktf-redis-version: synth stopped, 3 problems in the app's version pins:");
    expect(lines.slice(1).map((line) => line.trim())).toEqual(PROBLEMS.map((problem) => expect.stringContaining(problem)));
    expect(fs.existsSync(path.join(dir, "cdktf.out", "manifest.json"))).toBe(false);
  });

  it("npx cdktf synth prints the three, once each with its path, and no stack trace", () => {
    const ran = run(path.join(REPO, "node_modules", ".bin", "cdktf"), ["synth"]);
    expect(ran.status).not.toBe(0);
    const output = ran.stdout + ran.stderr;
    for (const problem of PROBLEMS) {
      const [, address, message] = /^\[(.*?)\] (.*)$/.exec(problem)!;
      expect(output.split(`ERROR [${address}]: ${message}`)).toHaveLength(2);
    }
    expect(output).not.toMatch(/^\s+at /m);
    expect(output).not.toContain("Command output on stderr");
  });

  function run(command: string, args: string[]) {
    // CHECKPOINT_DISABLE keeps cdktf-cli and terraform from calling home.
    return spawnSync(command, args, { cwd: dir, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" }, timeout: 60_000 });
  }
});
