import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as https from "node:https";
import * as path from "node:path";
import { RedisCloudDatabaseVersion, RedisCloudPlan } from "../../src";
import { readPins } from "../../src/cli/stacks";
import { CLI } from "../support/cli";
import { SimulateProcess, startSimulate } from "../support/simulate-process";
import { acceptedUpgradePosts } from "../support/served";
import { simulatedCloudEachTest } from "./simulated-cloud";
import { initAndApply, synthStack, terraform, TerraformRun, terraformEnv, terraformOrSkip } from "../support/terraform";
import { tempDir } from "../support/temp";

const suite = terraformOrSkip();

const UPGRADE_PATH = "/v1/subscriptions/1234/databases/5678/upgrade";
const SCHEDULE = /Redis Cloud schedules Active-Active upgrades within 1–3 weeks in the subscription's maintenance windows/;

suite("Redis Cloud Active-Active upgrade that the control plane schedules, real terraform against the simulator", () => {
  const { sim, stack } = simulatedCloudEachTest();

  /** `redis-version plan` in a process of its own, reading the synthesized app as a CI job would. */
  const planCli = (outdir: string, ...args: string[]): Promise<TerraformRun & { stdout: string }> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [CLI, "plan", "--dir", outdir, ...args], { env: sim.env() });
      let stdout = "";
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => ((stdout += chunk), (output += chunk)));
      child.stderr.on("data", (chunk: Buffer) => (output += chunk));
      child.on("close", (code) => resolve({ code, stdout, output }));
    });

  const posts = () => sim.server.requests.filter((request) => request.method === "POST");

  it("apply succeeds once saying it is requested; -replace and plan show it scheduled and send nothing; after the window it converges", async () => {
    sim.simulator.setActiveActiveUpgrades("scheduled");
    sim.simulator.addDatabase({ subscriptionId: 1234, databaseId: 5678, plan: "pro", version: "7.4", activeActive: true, name: "sessions" });
    sim.simulator.addDatabase({ subscriptionId: 1234, databaseId: 5679, plan: "pro", version: "7.4", activeActive: true, name: "carts" });
    const dir = stack({ plan: RedisCloudPlan.ACTIVE_ACTIVE });
    const outdir = path.resolve(dir, "../..");

    // (1) One apply: the request is accepted and held; the apply succeeds and says so.
    const first = await initAndApply(dir, sim.env());
    expect(first.code).toBe(0);
    expect(first.output).toMatch(SCHEDULE);
    expect(first.output).toMatch(/: requested: .*\(upgrade to 8\.2 pending: GET \/v1\/subscriptions\/1234\/databases\/5678\/upgrade\); nothing more is sent while it waits/);
    expect(first.output).toMatch(/Apply complete! Resources: 1 added, 0 changed, 0 destroyed/);
    expect(acceptedUpgradePosts(sim.server).map((request) => request.path)).toEqual([UPGRADE_PATH]);
    expect(sim.simulator.database(1234, 5678)).toMatchObject({ redisVersion: "7.4", upgradeStatus: "scheduled", upgradeRequests: ["8.2"] });
    // The subscription moves as one: its other database waits for the same window.
    expect(sim.simulator.database(1234, 5679)).toMatchObject({ redisVersion: "7.4", upgradeStatus: "scheduled", upgradeRequests: [] });

    // (2) The handler again, on a pin Terraform replaces: already requested, nothing sent.
    const [{ resourceAddress: address }] = readPins(outdir);
    const postsBefore = posts().length;
    const replaced = await terraform(dir, ["apply", "-auto-approve", "-input=false", "-no-color", `-replace=${address}`], sim.env());
    expect(replaced.code).toBe(0);
    expect(replaced.output).toMatch(/: already requested: /);
    expect(replaced.output).toMatch(SCHEDULE);
    expect(replaced.output).toMatch(/Apply complete! Resources: 1 added, 0 changed, 1 destroyed/);
    expect(posts()).toHaveLength(postsBefore);

    // (3) plan, as a pull-request check would run it: scheduled, pending for --detailed-exitcode, GETs only.
    const requestsBefore = sim.server.requests.length;
    const table = await planCli(outdir, "--detailed-exitcode");
    expect(table.code).toBe(2);
    expect(table.stdout).toMatch(/^PIN +DATABASE +CURRENT +PINNED +ACTION\ne2e\/sessions +subscription 1234\/db 5678 \(active-active\) +7\.4 +8\.2 +scheduled\n/);
    expect(table.stdout).toMatch(/\ne2e\/sessions: scheduled: an upgrade to 8\.2 is requested and pending \(GET \/v1\/subscriptions\/1234\/databases\/5678\/upgrade\): Redis Cloud schedules/);
    expect(table.stdout).toMatch(/\n1 pin: 1 requested and pending\n$/);

    const json = await planCli(outdir, "--detailed-exitcode", "--format", "json");
    expect(json.code).toBe(2);
    const [row] = JSON.parse(json.stdout).pins;
    expect(row).toMatchObject({ address: "e2e/sessions", platform: "redis-cloud", current: "7.4", pinned: "8.2", action: "scheduled" });
    expect(row.reason).toMatch(SCHEDULE);
    expect(row.notes).toContain("Redis Cloud Active-Active subscription 1234: one request upgrades all its databases to one version: db 5678 (sessions) on 7.4, db 5679 (carts) on 7.4");
    expect(json.output).toContain("redis-version plan: 1 pin: 1 requested and pending");

    const planned = sim.server.requests.slice(requestsBefore);
    expect(planned.length).toBeGreaterThan(0);
    expect(planned.filter((request) => request.method !== "GET")).toEqual([]);
    expect(acceptedUpgradePosts(sim.server)).toHaveLength(1);

    // (4) The window comes: the held upgrade runs; apply follows it to the end and plan finds nothing to do.
    sim.simulator.openMaintenanceWindow(1234);
    const resumed = await terraform(dir, ["apply", "-auto-approve", "-input=false", "-no-color", `-replace=${address}`], sim.env());
    expect(resumed.code).toBe(0);
    expect(resumed.output).toMatch(/an upgrade is already running \(GET \/v1\/subscriptions\/1234\/databases\/5678\/upgrade\); following it/);
    expect(resumed.output).toMatch(/: upgraded 8\.2 in \d+s \(GET \/v1\/subscriptions\/1234\/databases\/5678\/upgrade\)/);
    expect(sim.simulator.database(1234, 5678).redisVersion).toBe("8.2");
    expect(sim.simulator.database(1234, 5679).redisVersion).toBe("8.2");

    const converged = await planCli(outdir, "--detailed-exitcode", "--format", "json");
    expect(converged.code).toBe(0);
    expect(JSON.parse(converged.stdout).pins.map((pin: { action: string }) => pin.action)).toEqual(["noop"]);
    expect(posts()).toHaveLength(postsBefore);
    expect(acceptedUpgradePosts(sim.server)).toHaveLength(1);
  });
});

suite("Redis Cloud Active-Active scheduled upgrade against `redis-version simulate` in another process", () => {
  let simulator: SimulateProcess | undefined;
  afterEach(() => simulator?.stop());

  /** A control request to the simulator, trusting its CA as the handler does. */
  function control(method: string, route: string): Promise<{ status: number; body: any }> {
    const { url, env } = simulator!;
    return new Promise((resolve, reject) => {
      const request = https.request(`${url}${route}`, { method, ca: fs.readFileSync(env.REDISCLOUD_CA_CERT) }, (response) => {
        let text = "";
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
      });
      request.on("error", reject);
      request.end();
    });
  }

  const upgradePosts = async () =>
    ((await control("GET", "/__sim/requests")).body as Array<{ method: string; path: string }>).filter((r) => r.method === "POST" && r.path.endsWith("/upgrade"));

  it("is seeded Active-Active and scheduling by flags; opening the window over /__sim/cloud lets the next apply converge", async () => {
    simulator = await startSimulate(["--cloud-database", "1234/5678=7.4:active-active", "--cloud-active-active-upgrades", "scheduled"], { env: terraformEnv({}) });
    const dir = synthStack(tempDir("out"), (scope) => {
      new RedisCloudDatabaseVersion(scope, "sessions", { subscriptionId: 1234, databaseId: 5678, plan: RedisCloudPlan.ACTIVE_ACTIVE, redisVersion: "8.2", allowMajorVersionUpgrade: true });
    });
    const env = terraformEnv(simulator.env);

    const first = await initAndApply(dir, env);
    expect(first.code).toBe(0);
    expect(first.output).toMatch(/: requested: Redis Cloud schedules Active-Active upgrades within 1–3 weeks/);
    expect(await upgradePosts()).toHaveLength(1);

    expect(await control("POST", "/__sim/cloud/subscriptions/1234/maintenance-window")).toEqual({ status: 200, body: { opened: 1234 } });
    const [pin] = readPins(path.resolve(dir, "../.."));
    const converged = await terraform(dir, ["apply", "-auto-approve", "-input=false", "-no-color", `-replace=${pin.resourceAddress}`], env);
    expect(converged.code).toBe(0);
    expect(converged.output).toMatch(/an upgrade is already running .*; following it/);
    expect(converged.output).toMatch(/: upgraded 8\.2 in /);
    expect(await upgradePosts()).toHaveLength(1);
  });
});
