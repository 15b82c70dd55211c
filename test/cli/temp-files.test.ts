import * as fs from "node:fs";
import * as path from "node:path";
import { RedisCloudDatabaseVersion, RedisSoftwareDatabaseVersion } from "../../src";
import { RedisCloudSimulator } from "../../src/simulator/redis-cloud";
import { RedisSoftwareSimulator } from "../../src/simulator/redis-software";
import { serve } from "../../src/simulator/server";
import { synthStack, terraformOrSkip, waitFor } from "../support/terraform";
import { tempDir } from "../support/temp";
import { spawnCli } from "../support/cli";
import { PrivateTmp, privateTmp } from "../support/private-tmp";

const REPO = path.resolve(__dirname, "..", "..");
const suite = terraformOrSkip();

/** Each command runs with an OS temp directory of its own, so whatever it leaves there is seen. */
describe("what npm start and redis-version plan leave in the OS temp directory", () => {
  let tmp: PrivateTmp;
  beforeEach(() => (tmp = privateTmp()));
  afterEach(() => tmp.remove());
  const env = () => ({ PATH: process.env.PATH, HOME: process.env.HOME, CHECKPOINT_DISABLE: "1", ...tmp.env });

  suite("npm start (redis-version demo)", () => {
    it("converges and removes the synthesized app and the simulators' CA files", async () => {
      const demo = spawnCli(["demo"], { cwd: REPO, env: env() });
      expect(await demo.exited()).toBe(0);
      expect(demo.output()).toMatch(/==> converged: \d+ upgrades applied/);
      expect(tmp.leftovers()).toEqual([]);
    }, 120_000);

    it("on Ctrl-C during terraform, stops terraform, then removes them too, and exits 130", async () => {
      const demo = spawnCli(["demo"], { cwd: REPO, env: env() });
      await demo.waitFor(/==> 4\/6 terraform apply in /, 60_000);
      expect(tmp.leftovers()).toHaveLength(2);
      demo.child.kill("SIGINT");
      expect(await demo.exited()).toBe(130);
      expect(demo.output()).toMatch(/==> interrupted \(SIGINT\): stopping the simulators and removing .*redis-version-demo-/);
      expect(tmp.leftovers()).toEqual([]);
    }, 120_000);
  });

  describe("redis-version plan", () => {
    it("interrupted while it reads, leaves nothing but the state it keeps", async () => {
      const credentials = { software: { username: "tmp@example.com", password: "tmp-Pa55word" }, cloud: { accessKey: "tmp-key", secretKey: "tmp-secret" } };
      const software = new RedisSoftwareSimulator({ credentials: credentials.software });
      const cloud = new RedisCloudSimulator({ credentials: credentials.cloud });
      software.addDatabase({ uid: 12, version: "7.2" });
      cloud.addDatabase({ subscriptionId: 1234, databaseId: 5678, plan: "pro", version: "7.4" });
      const server = await serve({ controlPlanes: [software, cloud], lifetimeMs: 60_000 });
      // Every answer takes 30 s: the plan is still reading when it is interrupted.
      server.faults.add({ path: "^/v1/", fault: { kind: "slow", ms: 30_000 }, times: 100 });
      const outdir = tempDir("tmp-plan-out");
      try {
        synthStack(outdir, (scope) => {
          new RedisSoftwareDatabaseVersion(scope, "orders", { cluster: { url: server.url }, databaseUid: 12, redisVersion: "7.4" });
          new RedisCloudDatabaseVersion(scope, "sessions", { subscriptionId: 1234, databaseId: 5678, redisVersion: "8.2", allowMajorVersionUpgrade: true, api: { url: `${server.url}/v1` } });
        });
        const plan = spawnCli(["plan", "--dir", outdir], {
          env: {
            ...env(),
            REDIS_SOFTWARE_USERNAME: credentials.software.username,
            REDIS_SOFTWARE_PASSWORD: credentials.software.password,
            REDISCLOUD_ACCESS_KEY: credentials.cloud.accessKey,
            REDISCLOUD_SECRET_KEY: credentials.cloud.secretKey,
          },
        });
        await waitFor(() => server.requests.length >= 2, "the plan's first reads", 20_000);
        plan.child.kill("SIGINT");
        expect(await plan.exited()).toBe("SIGINT");
        expect(tmp.leftovers()).toEqual([]);
      } finally {
        await server.close();
        fs.rmSync(outdir, { recursive: true, force: true });
      }
    });
  });
});
