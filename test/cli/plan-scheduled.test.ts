import * as fs from "node:fs";
import * as path from "node:path";
import { App, TerraformStack } from "cdktf";
import { apply } from "../../src/cli/apply";
import { plan } from "../../src/cli/plan";
import { readPins } from "../../src/cli/stacks";
import { silentLogger } from "../../src/core/log";
import { RedisCloudDatabaseVersion, RedisCloudPlan } from "../../src";
import { RedisCloudSimulator } from "../../src/simulator/redis-cloud";
import { RunningServer, serve } from "../../src/simulator/server";
import { SPEC_ENV } from "../../src/spec";
import { acceptedUpgradePosts } from "../support/served";
import { tempDir } from "../support/temp";

const cloud = { accessKey: "sched-account-key-4Tn8", secretKey: "sched-user-key-2Vb6" };
const ENV = { REDISCLOUD_ACCESS_KEY: cloud.accessKey, REDISCLOUD_SECRET_KEY: cloud.secretKey };
const TODAY = new Date("2026-11-01T09:00:00Z");
const LOOKUP = "GET /v1/subscriptions/1234/databases/5678/upgrade";
const SCHEDULE = "Redis Cloud schedules Active-Active upgrades within 1–3 weeks in the subscription's maintenance windows";

/** An Active-Active subscription whose upgrade request Redis Cloud accepted and holds for its maintenance window. */
describe("redis-version plan of a scheduled Redis Cloud Active-Active upgrade", () => {
  let simulator: RedisCloudSimulator;
  let server: RunningServer;
  let outdir: string;

  beforeAll(async () => {
    simulator = new RedisCloudSimulator({ credentials: cloud });
    server = await serve({ tls: true, controlPlanes: [simulator], lifetimeMs: 2 * 60_000 });
    const caFile = path.join(tempDir("sched-ca"), "ca.pem");
    fs.writeFileSync(caFile, server.caPem ?? "");
    simulator.setActiveActiveUpgrades("scheduled");
    simulator.addDatabase({ subscriptionId: 1234, databaseId: 5678, plan: "pro", version: "7.2", activeActive: true, name: "orders" });
    simulator.addDatabase({ subscriptionId: 1234, databaseId: 5679, plan: "pro", version: "7.2", activeActive: true, name: "carts" });

    outdir = tempDir("sched-out");
    const app = new App({ outdir, skipValidation: true });
    new RedisCloudDatabaseVersion(new TerraformStack(app, "cloud"), "orders", {
      subscriptionId: 1234,
      databaseId: 5678,
      plan: RedisCloudPlan.ACTIVE_ACTIVE,
      redisVersion: "7.4",
      api: { url: `${server.url}/v1`, caCertFile: caFile },
    });
    app.synth();

    // The handler's own use case, as Terraform's local-exec runs it: the request is accepted and held.
    const [pin] = readPins(outdir);
    const code = await apply({ env: { ...ENV, [SPEC_ENV]: JSON.stringify(pin.spec), REDIS_VERSION_POLL_INTERVAL_MS: "100" }, log: silentLogger, cwd: pin.stackDir });
    expect(code).toBe(0);
    expect(simulator.database(1234, 5678).upgradeStatus).toBe("scheduled");
  });
  afterAll(() => server.close());

  async function runPlan(...args: string[]) {
    let stdout = "";
    let stderr = "";
    const before = server.requests.length;
    const code = await plan(["--dir", outdir, ...args], { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), env: ENV, today: TODAY });
    return { code, stdout, stderr, sent: server.requests.slice(before) };
  }

  it("JSON: the action is scheduled, its reason names the held request and the 1–3 weeks, and --detailed-exitcode exits 2", async () => {
    const { code, stdout, stderr, sent } = await runPlan("--format", "json", "--detailed-exitcode");
    expect(code).toBe(2);
    const { pins } = JSON.parse(stdout);
    expect(pins).toHaveLength(1);
    expect(pins[0]).toMatchObject({
      address: "cloud/orders",
      platform: "redis-cloud",
      database: "subscription 1234/db 5678 (active-active)",
      current: "7.2",
      pinned: "7.4",
      action: "scheduled",
      reason: `an upgrade to 7.4 is requested and pending (${LOOKUP}): ${SCHEDULE}; nothing more is sent`,
    });
    expect(pins[0].notes).toContain("Redis Cloud Active-Active subscription 1234: one request upgrades all its databases to one version: db 5678 (orders) on 7.2, db 5679 (carts) on 7.2");
    expect(stderr).toBe("redis-version plan: 1 pin: 1 requested and pending\n");
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.filter((request) => request.method !== "GET")).toEqual([]);
  });

  it("table: scheduled in the ACTION column, the reason under it, counted as requested and pending", async () => {
    const { code, stdout } = await runPlan();
    expect(code).toBe(0);
    expect(stdout).toMatch(/^PIN +DATABASE +CURRENT +PINNED +ACTION\ncloud\/orders +subscription 1234\/db 5678 \(active-active\) +7\.2 +7\.4 +scheduled\n/);
    expect(stdout).toContain(`\ncloud/orders: scheduled: an upgrade to 7.4 is requested and pending (${LOOKUP}): ${SCHEDULE}; nothing more is sent\n`);
    expect(stdout.endsWith("\n1 pin: 1 requested and pending\n")).toBe(true);
  });

  it("markdown: a scheduled row that does not block the apply, and the databases the request moves", async () => {
    const { code, stdout } = await runPlan("--format", "markdown", "--detailed-exitcode");
    expect(code).toBe(2);
    expect(stdout).toContain("## Redis version plan\n\n1 pin: 1 requested and pending\n");
    expect(stdout).toContain("| `cloud/orders`<br>subscription 1234/db 5678 (active-active) | 7.2 | 7.4 | scheduled |");
    expect(stdout).toContain("- `cloud/orders`: Redis Cloud Active-Active subscription 1234: one request upgrades all its databases to one version");
    expect(stdout).toMatch(/### Waiting\n\n- `cloud\/orders`: scheduled: .*1–3 weeks/);
    expect(stdout).not.toContain("[!CAUTION]");
  });

  it("never sends another upgrade request", () => {
    expect(acceptedUpgradePosts(server)).toHaveLength(1);
    expect(simulator.database(1234, 5678).upgradeRequests).toEqual(["7.4"]);
  });
});
