import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { plan, planExitCode, planFound, PlanRow } from "../../src/cli/plan";
import { readPins } from "../../src/cli/stacks";
import { silentLogger } from "../../src/core/log";
import {
  RedisCloudDatabaseVersion,
  RedisCloudPlan,
  RedisSoftwareActiveActiveVersion,
  RedisSoftwareDatabaseVersion,
  RedisSoftwareDatabaseVersionProps,
} from "../../src";
import { RedisCloudSimulator } from "../../src/simulator/redis-cloud";
import { RedisSoftwareSimulator } from "../../src/simulator/redis-software";
import { RunningServer, serve } from "../../src/simulator/server";
import { scaledClock } from "../support/clock";
import { tempDir } from "../support/temp";
import { credentialsEnv } from "../support/credentials-env";

const software = { username: "plan-admin@example.com", password: "plan-Pa55word-never-shown" };
const cloud = { accessKey: "plan-account-key-7Hq2", secretKey: "plan-user-key-9Kw4" };
const ENV = credentialsEnv(software, cloud);
/** Redis Cloud 6.2 reaches end of life 151 days later, 8.0 (a preview) 30 days later. */
const TODAY = new Date("2026-11-01T09:00:00Z");

const CRDB_GUID = "0b1c2d3e-4f50-4617-8a9b-0c1d2e3f4a5b";
const RS_NOTES = "https://redis.io/docs/latest/operate/rs/release-notes";
const WHATS_NEW = "https://redis.io/docs/latest/develop/whats-new";

/** One cdktf app with several stacks, synthesized as `cdktf synth` does. */
function synthApp(outdir: string, stacks: Record<string, (scope: Construct) => void>): string {
  const app = new App({ outdir, skipValidation: true });
  for (const [name, build] of Object.entries(stacks)) build(new TerraformStack(app, name));
  app.synth();
  return outdir;
}

/** A port nothing listens on: bound once, then closed. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

describe("redis-version plan against the simulators", () => {
  let softwareSim: RedisSoftwareSimulator;
  let cloudSim: RedisCloudSimulator;
  let server: RunningServer;
  let outdir: string;

  beforeAll(async () => {
    softwareSim = new RedisSoftwareSimulator({ credentials: software });
    cloudSim = new RedisCloudSimulator({ credentials: cloud });
    server = await serve({ tls: true, controlPlanes: [softwareSim, cloudSim], lifetimeMs: 5 * 60_000 });
    const caFile = path.join(tempDir("plan-ca"), "ca.pem");
    fs.writeFileSync(caFile, server.caPem ?? "");
    const deadUrl = `https://127.0.0.1:${await closedPort()}`;

    softwareSim.addDatabase({ uid: 12, version: "7.2" });
    softwareSim.addDatabase({ uid: 13, version: "7.4" });
    softwareSim.addDatabase({ uid: 14, version: "8.0" });
    softwareSim.addDatabase({ uid: 15, version: "7.2" });
    softwareSim.addDatabase({ uid: 16, version: "7.4" });
    softwareSim.addDatabase({ uid: 17, version: "7.4", crdt: true, crdtGuid: "1c2d3e4f-0000-4000-8000-00000000abcd" });
    // Started behind the API's back, so the plan meets an upgrade already running and sends nothing to start it.
    softwareSim.state.startUpgrade(softwareSim.state.databases.get(15)!, "7.4.2");
    softwareSim.crdbs.addCrdb({
      guid: CRDB_GUID,
      version: "7.4",
      participants: [{ cluster: softwareSim, bdbUid: 20 }],
      modules: [{ name: "search", id: "search-mod", version: "2.10.5" }],
    });
    cloudSim.addDatabase({ subscriptionId: 1, databaseId: 5678, plan: "pro", version: "6.2" });
    cloudSim.addDatabase({ subscriptionId: 2, databaseId: 91, plan: "essentials", version: "7.4" });

    // caCertFile is carried into each stack and written relative to it: the plan must read it from there.
    const rs = (scope: Construct, id: string, props: Partial<RedisSoftwareDatabaseVersionProps> & { databaseUid: number }) =>
      new RedisSoftwareDatabaseVersion(scope, id, { cluster: { url: server.url, caCertFile: caFile }, redisVersion: "7.4", ...props });
    const api = { url: `${server.url}/v1`, caCertFile: caFile };
    outdir = synthApp(tempDir("plan-out"), {
      pending: (scope) => {
        rs(scope, "orders", { databaseUid: 12, upgrade: { mayDiscardData: true }, acknowledgeDataLoss: true });
        rs(scope, "cache", { databaseUid: 13 });
        rs(scope, "sessions", { databaseUid: 15 });
        rs(scope, "search", { databaseUid: 16, redisVersion: "8.0", allowMajorVersionUpgrade: true });
      },
      clean: (scope) => rs(scope, "cache", { databaseUid: 13 }),
      refused: (scope) => {
        rs(scope, "legacy", { databaseUid: 14 });
        rs(scope, "replica", { databaseUid: 17 });
      },
      cloud: (scope) => {
        new RedisCloudDatabaseVersion(scope, "pro", { subscriptionId: 1, databaseId: 5678, redisVersion: "7.2", api, allowMajorVersionUpgrade: true });
        new RedisCloudDatabaseVersion(scope, "essentials", { subscriptionId: 2, databaseId: 91, plan: RedisCloudPlan.ESSENTIALS, redisVersion: "8.0", api, allowMajorVersionUpgrade: true });
      },
      global: (scope) =>
        new RedisSoftwareActiveActiveVersion(scope, "everywhere", {
          cluster: { url: server.url, caCertFile: caFile },
          crdbGuid: CRDB_GUID,
          redisVersion: "8.0",
          allowMajorVersionUpgrade: true,
        }),
      unreachable: (scope) =>
        new RedisSoftwareDatabaseVersion(scope, "far", { cluster: { url: deadUrl }, databaseUid: 9, redisVersion: "7.4" }),
    });
  });
  afterAll(() => server.close());

  async function runPlan(...args: string[]): Promise<Outcome> {
    let stdout = "";
    let stderr = "";
    // A clock 20 times as fast: the unreachable cluster's retries wait a twentieth of their seconds; real, for the pins that share a budget file's lock.
    const io = { stdout: (text: string) => void (stdout += text), stderr: (text: string) => void (stderr += text), env: ENV, today: TODAY, clock: scaledClock(20) };
    const code = await plan(["--dir", outdir, ...args], io);
    return { code, stdout, stderr };
  }

  describe("every pin, as JSON", () => {
    let plain: Outcome;
    let detailed: Outcome;
    let pins: Array<Record<string, any>>;
    const pin = (address: string) => pins.find((p) => p.address === address) ?? fail(`no row for ${address}`);

    beforeAll(async () => {
      // Both at once, each on its own clock.
      [plain, detailed] = await Promise.all([runPlan("--format", "json"), runPlan("--format", "json", "--detailed-exitcode")]);
      pins = JSON.parse(plain.stdout).pins;
    });

    it("reports every pin in the order of cdk.tf.json, with the same decision apply would make", () => {
      expect(pins.map((p) => [p.address, p.action])).toEqual([
        ["clean/cache", "noop"],
        ["cloud/essentials", "refuse"],
        ["cloud/pro", "upgrade"],
        ["global/everywhere", "upgrade"],
        ["pending/cache", "noop"],
        ["pending/orders", "upgrade"],
        ["pending/search", "upgrade"],
        ["pending/sessions", "resume"],
        ["refused/legacy", "refuse"],
        ["refused/replica", "refuse"],
        ["unreachable/far", "error"],
      ]);
    });

    it("names each database, its platform and kind, and both versions", () => {
      expect(pin("pending/orders")).toMatchObject({
        platform: "redis-software",
        kind: "redis-software-database",
        database: `bdb 12 @ ${server.url}`,
        current: "7.2.7",
        pinned: "7.4",
      });
      expect(pin("cloud/pro")).toMatchObject({
        platform: "redis-cloud",
        kind: "redis-cloud-database",
        database: "subscription 1/db 5678 (pro)",
        current: "6.2",
        pinned: "7.2",
      });
      expect(pin("global/everywhere")).toMatchObject({
        kind: "redis-software-active-active",
        database: `crdb ${CRDB_GUID} @ ${server.url}`,
        current: "7.4.2",
        pinned: "8.0",
      });
      expect(pin("pending/orders")).not.toHaveProperty("reason");
      expect(pin("pending/cache").reason).toBe("already at 7.4.2");
    });

    it("links the release notes of every line an upgrade crosses", () => {
      expect(pin("pending/orders").releaseNotes).toEqual([`${WHATS_NEW}/7-4/`, `${RS_NOTES}/rs-7-8-releases/#redis-74-breaking-changes`]);
      expect(pin("pending/search").releaseNotes).toEqual([`${WHATS_NEW}/8-0/`, `${RS_NOTES}/rs-8-0-releases/#redis-8-breaking-changes`]);
      expect(pin("pending/cache").releaseNotes).toEqual([]);
    });

    it("follows an upgrade already running instead of planning another", () => {
      expect(pin("pending/sessions").reason).toMatch(/^an upgrade is already running \(GET \/v1\/actions\/[0-9a-f-]+\): apply follows it/);
    });

    it("explains each refusal: a downgrade, a database of another kind, a target the platform does not offer", () => {
      expect(pin("refused/legacy").reason).toMatch(/the database runs 8\.0\.0, a newer major version than the pin 7\.4/);
      expect(pin("refused/replica").reason).toMatch(/one instance of an Active-Active \(CRDB\) database/);
      expect(pin("cloud/essentials").reason).toMatch(/8\.0 is not a version this control plane can upgrade to/);
    });

    it("warns: breaking changes, major upgrade, data discard, end of life, preview, Active-Active modules", () => {
      const warnings = (address: string) => pin(address).warnings.join("\n");
      expect(warnings("pending/orders")).toMatch(/7\.2\.7 → 7\.4 crosses documented breaking changes/);
      expect(warnings("pending/orders")).toMatch(/upgrade\.mayDiscardData is set \(acknowledged with acknowledgeDataLoss\)/);
      expect(warnings("pending/search")).toMatch(/7\.4\.2 → 8\.0 is a major upgrade \(Redis 7 → Redis 8\)/);
      expect(warnings("cloud/pro")).toMatch(/current version, Redis 6\.2, reaches end of life on Redis Cloud on 2027-04-01, in 151 days/);
      expect(warnings("cloud/essentials")).toMatch(/Redis 8\.0 is a preview version on Redis Cloud/);
      expect(warnings("cloud/essentials")).toMatch(/pinned version, Redis 8\.0, reaches end of life on Redis Cloud on 2026-12-01/);
      expect(warnings("global/everywhere")).toMatch(/Active-Active database moving from Redis 7\.4\.2 to 8\.0: run no search commands/);
      expect(warnings("pending/cache")).toBe("");
    });

    it("marks the pin on an unreachable cluster as an error and still reports the others", () => {
      expect(pin("unreachable/far")).toMatchObject({ action: "error", current: null, pinned: "7.4", releaseNotes: [] });
      expect(pin("unreachable/far").error).toMatch(/^GET \/v1\/(bdbs\/9|nodes) to https:\/\/127\.0\.0\.1:\d+ failed: nothing accepted the connection .*ECONNREFUSED.*cluster\.url/);
      expect(plain.stderr).toMatch(/retrying in/);
    });

    it("exits 1 with or without --detailed-exitcode, and prints the gist on stderr", () => {
      expect(plain.code).toBe(1);
      expect(detailed.code).toBe(1);
      expect(plain.stderr).toContain("redis-version plan: 11 pins: 4 to upgrade, 1 to resume, 2 unchanged, 3 refused, 1 unreadable");
    });

    it("sends nothing but GET requests, and changes nothing", () => {
      expect(server.requests.length).toBeGreaterThan(0);
      expect(server.requests.filter((request) => request.method !== "GET")).toEqual([]);
      expect(softwareSim.database(12).redis_version).toBe("7.2");
      expect(cloudSim.database(1, 5678).upgradeRequests).toEqual([]);
    });

    it("never shows a credential", () => {
      for (const secret of [software.password, cloud.accessKey, cloud.secretKey]) {
        expect(plain.stdout + plain.stderr).not.toContain(secret);
      }
    });
  });

  describe("exit codes, like terraform plan", () => {
    it("0 when nothing is to do, with or without --detailed-exitcode", async () => {
      expect((await runPlan("--stack", "clean")).code).toBe(0);
      expect((await runPlan("--stack", "clean", "--detailed-exitcode")).code).toBe(0);
    });

    it("0 when upgrades are pending, 2 with --detailed-exitcode", async () => {
      expect((await runPlan("--stack", "pending")).code).toBe(0);
      expect((await runPlan("--stack", "pending", "--detailed-exitcode")).code).toBe(2);
    });

    it("1 when a pin is refused, with or without --detailed-exitcode", async () => {
      expect((await runPlan("--stack", "refused")).code).toBe(1);
      expect((await runPlan("--stack", "refused", "--detailed-exitcode")).code).toBe(1);
    });

    it("2 for a resume alone, 1 for an error even beside pending upgrades", () => {
      const row = (action: PlanRow["action"]) => ({ action }) as PlanRow;
      expect(planExitCode([row("resume"), row("noop")], true)).toBe(2);
      expect(planExitCode([row("resume")], false)).toBe(0);
      expect(planExitCode([row("upgrade"), row("error")], true)).toBe(1);
    });
  });

  describe("formats", () => {
    it("prints an aligned table by default", async () => {
      const { stdout, stderr } = await runPlan("--stack", "pending");
      expect(stdout).toMatch(/^PIN +DATABASE +CURRENT +PINNED +ACTION\npending\/cache +bdb 13 @ https:\/\/127\.0\.0\.1:\d+ +7\.4\.2 +7\.4 +noop\n/);
      expect(stdout).toMatch(/\npending\/orders: upgrade 7\.2\.7 → 7\.4\n  warning: /);
      expect(stdout).toMatch(/\n4 pins: 2 to upgrade, 1 to resume, 1 unchanged\n$/);
      expect(stderr).toBe("");
    });

    it("prints a pull-request comment with --format markdown", async () => {
      const { stdout } = await runPlan("--stack", "refused", "--format", "markdown");
      expect(stdout).toMatch(/^<!-- redis-version-plan -->\n## Redis version plan\n/);
      expect(stdout).toContain("| `refused/legacy`<br>bdb 14 @ https://127.0.0.1:");
      expect(stdout).toContain("> [!CAUTION]\n> **`refused/legacy`**");
    });
  });

  describe("usage", () => {
    it.each([
      [["--bogus"], /Unknown option '--bogus'/],
      [["--format", "yaml"], /--format must be one of table, markdown, json \(got "yaml"\)/],
      [["stray"], /Unexpected argument 'stray'/],
    ])("rejects %j with a clear message and exit 2, before reading anything", async (args, message) => {
      const before = server.requests.length;
      const { code, stdout, stderr } = await runPlan(...args);
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toMatch(message);
      expect(stderr).toContain("usage: redis-version plan");
      expect(server.requests.length).toBe(before);
    });

    it("prints its help with --help", async () => {
      const { code, stdout } = await runPlan("--help");
      expect(code).toBe(0);
      expect(stdout).toMatch(/^usage: redis-version plan \[--dir DIR\]/);
    });

    it("exits 1 with the reason when there is nothing synthesized, or no such stack", async () => {
      const missing = await plan(["--dir", path.join(outdir, "nowhere")], { stdout: () => undefined, stderr: (text) => expect(text).toMatch(/no synthesized stacks in .*nowhere: run "cdktf synth" first/), env: ENV });
      expect(missing).toBe(1);
      const { code, stderr } = await runPlan("--stack", "nope");
      expect(code).toBe(1);
      expect(stderr).toMatch(/no stack named nope/);
    });
  });
});

describe("planFound on a cluster that drops every connection", () => {
  let asked: string[];
  let dropper: net.Server;
  let outdir: string;

  beforeAll(async () => {
    dropper = net.createServer((socket) => {
      socket.once("data", (chunk) => {
        asked.push(/^GET ([^?\s]+)/.exec(chunk.toString("latin1"))?.[1] ?? "?");
        socket.destroy();
      });
    });
    await new Promise<void>((resolve) => dropper.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(dropper.address() as net.AddressInfo).port}`;
    outdir = synthApp(tempDir("plan-drop"), {
      flaky: (scope) => {
        for (const uid of [1, 2, 3, 4, 5, 6, 7, 8, 9]) {
          new RedisSoftwareDatabaseVersion(scope, `db${uid}`, { cluster: { url }, databaseUid: uid, redisVersion: "7.4" });
        }
      },
    });
  });
  beforeEach(() => (asked = []));
  afterAll(async () => {
    await new Promise((resolve) => dropper.close(resolve));
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  // First: a pin read on its own fails on its first failed read while its other read still retries, which would land here.
  it("with its list reads, gives every pin the error of the cluster's lists and reads none of them on its own", async () => {
    // Sped-up clock: the retries of the dropped connections back off 8 to 15 s, overlapping as on the wall clock, in a twentieth of the time.
    const rows = await planFound(readPins(outdir), { env: ENV, log: silentLogger, clock: scaledClock(20) });
    expect(rows.map((row) => row.action)).toEqual(Array(9).fill("error"));
    for (const row of rows) expect(row.action === "error" && row.error).toMatch(/^GET \/v1\/(bdbs|nodes|actions) failed: UND_ERR_SOCKET/);
    expect([...new Set(asked)].sort()).toEqual(["/v1/actions", "/v1/bdbs", "/v1/nodes"]);
  });

  it("reads at most eight of its pins at once, and once they fail tries none of the rest", async () => {
    // Sped-up clock: the retries of each pin's dropped connections back off 8 to 15 s, overlapping across pins as on the wall clock, in a twentieth of the time.
    const rows = await planFound(readPins(outdir), { env: ENV, log: silentLogger, readEachDatabase: true, clock: scaledClock(20) });
    expect(rows.map((row) => row.action)).toEqual(Array(9).fill("error"));
    const errors = rows.map((row) => (row.action === "error" ? row.error : ""));
    expect(errors[0]).toMatch(/^GET \/v1\/(bdbs\/1|nodes) failed/);
    for (const error of errors.slice(8)) {
      expect(error).toMatch(/^not tried: the same control plane did not answer for another pin \(GET \/v1\/\S+ failed/);
    }
    expect([...new Set(asked)].filter((p) => p.startsWith("/v1/bdbs/")).sort()).toEqual(["1", "2", "3", "4", "5", "6", "7", "8"].map((uid) => `/v1/bdbs/${uid}`).sort());
  });
});
