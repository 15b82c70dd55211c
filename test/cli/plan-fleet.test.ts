import * as fs from "node:fs";
import * as path from "node:path";
import { App, TerraformResource, TerraformStack } from "cdktf";
import { planFound, PlanRow } from "../../src/cli/plan";
import { unresolvedRow } from "../../src/cli/plan/pending";
import { readStackPins } from "../../src/cli/stacks";
import { silentLogger } from "../../src/core/log";
import { MaintenanceWindowProps, RedisCloudDatabaseVersion, RedisSoftwareDatabaseVersion, Weekday } from "../../src";
import { RedisCloudSimulator } from "../../src/simulator/redis-cloud";
import { RedisSoftwareSimulator } from "../../src/simulator/redis-software";
import { RunningServer, serve } from "../../src/simulator/server";
import { SimRequest } from "../../src/simulator/types";
import { scaledClock } from "../support/clock";
import { tempDir } from "../support/temp";
import { credentialsEnv } from "../support/credentials-env";

const software = { username: "fleet-admin@example.com", password: "fleet-Pa55word-never-shown" };
const cloud = { accessKey: "fleet-account-key-5Rt1", secretKey: "fleet-user-key-8Yu3" };
const ENV = credentialsEnv(software, cloud);
/** A Sunday: a Wednesday window is closed. */
const TODAY = new Date("2026-11-01T09:00:00Z");
const WEDNESDAYS: MaintenanceWindowProps[] = [{ days: [Weekday.WED], start: "02:00", end: "04:00" }];

/** Sends a request to the Cloud simulator in this process, as a console or another tool would. */
function cloudCall(sim: RedisCloudSimulator, method: string, apiPath: string, body?: unknown) {
  const headers = { "x-api-key": cloud.accessKey, "x-api-secret-key": cloud.secretKey, "content-type": "application/json" };
  return sim.handle({ method, path: apiPath, query: new URLSearchParams(), headers, body });
}

/** What a plan sent, by kind of read. */
function reads(requests: readonly SimRequest[]): string[] {
  return requests.map((request) => `${request.method} ${request.path}`).sort();
}

/**
 * Every action a plan row can show, on one state of both simulators, read
 * twice: database by database (the plan before list reads) and with the
 * control planes' lists. The rows must not differ by a character.
 */
describe("redis-version plan read with list endpoints, against the same plan read database by database", () => {
  let softwareSim: RedisSoftwareSimulator;
  let cloudSim: RedisCloudSimulator;
  let server: RunningServer;
  let each: { rows: PlanRow[]; sent: SimRequest[]; slept: number[] };
  let lists: { rows: PlanRow[]; sent: SimRequest[]; slept: number[] };

  beforeAll(async () => {
    softwareSim = new RedisSoftwareSimulator({ credentials: software });
    // Tasks settle at once, upgrades run for as long as the test needs them to.
    cloudSim = new RedisCloudSimulator({ credentials: cloud, stepsPerTask: 1, stepsPerUpgrade: 1_000_000 });
    server = await serve({ tls: true, controlPlanes: [softwareSim, cloudSim], lifetimeMs: 5 * 60_000 });
    const caFile = path.join(tempDir("fleet-ca"), "ca.pem");
    fs.writeFileSync(caFile, server.caPem ?? "");

    for (const [uid, version] of [[1, "7.2"], [2, "7.4"], [3, "7.2"], [4, "8.0"], [7, "7.2"], [8, "7.4"], [10, "7.2"], [11, "7.2"]] as const) {
      softwareSim.addDatabase({ uid, version, replication: true });
    }
    softwareSim.addDatabase({ uid: 5, version: "7.4", crdt: true, crdtGuid: "5e6f7a8b-0000-4000-8000-00000000cafe" });
    softwareSim.addDatabase({ uid: 6, version: "1.6.17", type: "memcached" });
    softwareSim.addDatabase({ uid: 12, version: "7.4", replication: true });
    softwareSim.addDatabase({ uid: 13, version: "7.2", replication: true });
    // A finished upgrade the bdb still points at, and one started behind the API's back.
    softwareSim.state.startUpgrade(softwareSim.state.databases.get(12)!, "7.4.2");
    softwareSim.expireAction(softwareSim.database(12).action_uid!);
    softwareSim.state.startUpgrade(softwareSim.state.databases.get(3)!, "7.4.2");

    const pro = (databaseId: number, version: string, more = {}) => cloudSim.addDatabase({ subscriptionId: 10, databaseId, plan: "pro", version, ...more });
    pro(101, "7.2");
    pro(102, "7.4");
    pro(103, "7.2");
    pro(104, "8.0");
    pro(105, "7.2");
    pro(106, "7.2", { backupDestination: false });
    pro(107, "7.2", { replicaOf: ["redis://:source-secret@redis-101.c1.sim.redis-version.invalid:12000"] });
    pro(108, "7.4");
    pro(109, "7.2");
    cloudSim.addDatabase({ subscriptionId: 20, databaseId: 201, plan: "essentials", version: "7.2" });
    cloudSim.addDatabase({ subscriptionId: 20, databaseId: 202, plan: "essentials", version: "7.4" });
    cloudSim.addDatabase({ subscriptionId: 30, databaseId: 301, plan: "pro", version: "7.2", activeActive: true, name: "orders" });
    cloudSim.addDatabase({ subscriptionId: 30, databaseId: 302, plan: "pro", version: "7.2", activeActive: true, name: "carts" });
    // Requested outside the plan: 103's upgrade runs, subscription 30's is held for its maintenance window.
    cloudSim.setActiveActiveUpgrades("scheduled");
    cloudCall(cloudSim, "POST", "/v1/subscriptions/10/databases/103/upgrade", { targetRedisVersion: "7.4" });
    cloudCall(cloudSim, "POST", "/v1/subscriptions/30/databases/301/upgrade", { targetRedisVersion: "7.4" });
    while (((cloudCall(cloudSim, "GET", "/v1/tasks")?.body as { tasks: unknown[] }).tasks ?? []).length > 0);
    expect(cloudSim.database(10, 103).status).toBe("active-upgrade-pending");
    expect(cloudSim.database(30, 302).upgradeStatus).toBe("scheduled");

    const outdir = tempDir("fleet-out");
    const app = new App({ outdir, skipValidation: true });
    const cluster = { url: server.url, caCertFile: caFile };
    const api = { url: `${server.url}/v1`, caCertFile: caFile };
    // Two stacks, each with its own copy of the CA: one group per cluster and account all the same.
    const first = new TerraformStack(app, "first");
    const second = new TerraformStack(app, "second");
    const rs = (stack: TerraformStack, uid: number, more = {}) => new RedisSoftwareDatabaseVersion(stack, `bdb-${uid}`, { cluster, databaseUid: uid, redisVersion: "7.4", ...more });
    const rc = (stack: TerraformStack, subscriptionId: number, databaseId: number, more = {}) =>
      new RedisCloudDatabaseVersion(stack, `db-${databaseId}`, { api, subscriptionId, databaseId, redisVersion: "7.4", ...more });
    const bdbs = new Map([1, 2, 3, 4, 5, 6].map((uid) => [uid, rs(first, uid)]));
    rs(first, 99);
    rs(second, 7, { maintenanceWindows: WEDNESDAYS });
    rs(second, 8, { redisVersion: "8.2", allowMajorVersionUpgrade: true });
    const replica = rs(second, 11);
    rs(second, 10, { upgradeAfter: [replica] });
    rs(second, 12);
    // Each waits for a predecessor's soak, measured from the time its list item records.
    rs(second, 13, { upgradeAfter: [bdbs.get(2)!], soakHours: 48 });
    const databases = new Map([101, 102, 103, 104, 107].map((databaseId) => [databaseId, rc(first, 10, databaseId)]));
    rc(first, 10, 199);
    rc(second, 10, 105, { maintenanceWindows: WEDNESDAYS });
    rc(second, 10, 106, { backupBeforeUpgrade: true });
    rc(second, 10, 108, { plan: "active-active" });
    rc(second, 10, 109, { upgradeAfter: [databases.get(102)!], soakHours: 48 });
    rc(second, 20, 201, { plan: "essentials" });
    rc(second, 20, 202, { plan: "essentials" });
    rc(second, 30, 301, { plan: "active-active" });
    rc(second, 30, 302, { plan: "active-active" });
    const ids = new TerraformResource(second, "ids", { terraformResourceType: "terraform_data" });
    rc(second, 10, 0, { databaseId: ids.getNumberAttribute("output.db") });
    app.synth();

    const { found, pending } = readStackPins(outdir, undefined, () => undefined);
    const planned = async (readEachDatabase: boolean) => {
      const before = server.requests.length;
      // A clock 20 times as fast: read one by one, Redis Cloud pins start 1.2 s apart (its request budget), 60 ms on it.
      const clock = scaledClock(20);
      const rows = [...(await planFound(found, { env: ENV, log: silentLogger, today: TODAY, readEachDatabase, clock })), ...pending.map(unresolvedRow)];
      return { rows, sent: server.requests.slice(before), slept: clock.slept };
    };
    each = await planned(true);
    lists = await planned(false);
  });
  afterAll(() => server.close());

  it("shows every action a row can show", () => {
    const actions = new Set(each.rows.map((row) => row.action));
    expect([...actions].sort()).toEqual(["deferred", "error", "noop", "refuse", "resume", "scheduled", "unresolved", "upgrade"]);
    expect(each.rows.find((row) => row.address === "second/db-106")?.warnings).toContain(
      "backupBeforeUpgrade is set but the database has no backup destination: apply will fail before it requests the upgrade; configure one first.",
    );
    expect(each.rows.find((row) => row.address === "second/db-301")?.notes.join("\n")).toContain("db 301 (orders) on 7.2, db 302 (carts) on 7.2");
    for (const address of ["second/bdb-13", "second/db-109"]) {
      expect(each.rows.find((row) => row.address === address)).toMatchObject({ action: "deferred", waitingOn: [{ state: "soaking", soakHours: 48 }] });
    }
  });

  it("makes exactly the rows the database-by-database plan makes: decisions, reasons, warnings, notes and errors", () => {
    expect(lists.rows).toEqual(each.rows);
  });

  it("reads each Redis Software cluster with three list reads, and on its own only a bdb the list cannot stand for", () => {
    const own = reads(lists.sent).filter((read) => /^GET \/v1\/(bdbs|nodes|actions)/.test(read));
    expect(own).toEqual(["GET /v1/actions", "GET /v1/bdbs", "GET /v1/bdbs/6", "GET /v1/bdbs/99", "GET /v1/nodes", "GET /v1/nodes", "GET /v1/nodes"]);
  });

  it("reads the Cloud account's tasks once, each subscription's list once, and a database's own endpoints only where the list cannot stand for them", () => {
    const own = reads(lists.sent).filter((read) => (read.includes("subscriptions") || read.includes("tasks")) && !read.endsWith("/maintenance-windows"));
    // Four pins on 7.2 share one read of the targets, whichever of them asks first; 104, on 8.0, needs its own.
    const targets = own.filter((read) => /^GET \/v1\/subscriptions\/10\/databases\/\d+\/available-target-versions$/.test(read));
    expect(targets).toHaveLength(2);
    expect(targets).toContain("GET /v1/subscriptions/10/databases/104/available-target-versions");
    expect(own.filter((read) => !/^GET \/v1\/subscriptions\/10\/databases\/\d+\/available-target-versions$/.test(read))).toEqual([
      // Essentials and Active-Active databases: their upgrade status, which the list does not carry.
      "GET /v1/fixed/subscriptions/20/databases",
      "GET /v1/fixed/subscriptions/20/databases/201/available-target-versions",
      "GET /v1/fixed/subscriptions/20/databases/201/upgrade",
      "GET /v1/fixed/subscriptions/20/databases/202/upgrade",
      "GET /v1/subscriptions/10/databases",
      // Not in the list: read on its own, which says so.
      "GET /v1/subscriptions/10/databases/199",
      "GET /v1/subscriptions/30/databases",
      "GET /v1/subscriptions/30/databases/301/upgrade",
      "GET /v1/subscriptions/30/databases/302/upgrade",
      "GET /v1/tasks",
    ]);
    expect(lists.sent.length).toBeLessThan(each.sent.length / 2);
  });

  it("spaces the Cloud pins it reads one by one on the plan's clock, not the wall clock's", () => {
    // Waits for a start slot, 1.2 s apart (less what passed since the slot was taken); a lock or a retry waits far less.
    expect(each.slept.filter((ms) => ms > 1_000).length).toBeGreaterThan(0);
  });
});

describe("redis-version plan read with list endpoints while an upgrade request waits in the account's task queue", () => {
  it("reads the upgrade status of every database the waiting task may name, and makes the same rows", async () => {
    const sim = new RedisCloudSimulator({ credentials: cloud, stepsPerTask: 1 });
    const server = await serve({ controlPlanes: [sim], lifetimeMs: 60_000 });
    try {
      sim.addDatabase({ subscriptionId: 40, databaseId: 401, plan: "pro", version: "7.2" });
      sim.addDatabase({ subscriptionId: 40, databaseId: 402, plan: "pro", version: "7.2" });
      // Another change holds the queue, so the upgrade request's task names no database yet.
      sim.queueForeignTask(1_000_000);
      cloudCall(sim, "POST", "/v1/subscriptions/40/databases/401/upgrade", { targetRedisVersion: "7.4" });

      const outdir = tempDir("fleet-queued");
      const app = new App({ outdir, skipValidation: true });
      const stack = new TerraformStack(app, "queued");
      for (const databaseId of [401, 402]) {
        new RedisCloudDatabaseVersion(stack, `db-${databaseId}`, { api: { url: `${server.url}/v1` }, subscriptionId: 40, databaseId, redisVersion: "7.4" });
      }
      app.synth();
      const { found } = readStackPins(outdir, undefined, () => undefined);
      const planned = async (readEachDatabase: boolean) => {
        const before = server.requests.length;
        // A clock 20 times as fast: read one by one, the two Redis Cloud pins start 1.2 s apart, 60 ms on it.
        const rows = await planFound(found, { env: ENV, log: silentLogger, today: TODAY, readEachDatabase, clock: scaledClock(20) });
        return { rows, sent: reads(server.requests.slice(before)) };
      };
      const each = await planned(true);
      const lists = await planned(false);
      expect(lists.rows).toEqual(each.rows);
      expect(lists.sent.filter((read) => read.endsWith("/upgrade"))).toEqual([
        "GET /v1/subscriptions/40/databases/401/upgrade",
        "GET /v1/subscriptions/40/databases/402/upgrade",
      ]);
    } finally {
      await server.close();
    }
  });
});
