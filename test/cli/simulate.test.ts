import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as https from "node:https";
import * as path from "node:path";
import { UserFacingError } from "../../src/core/errors";
import { seed, simulate, startSimulators } from "../../src/cli/simulate";
import { CLI } from "../support/cli";
import { PrivateTmp, privateTmp } from "../support/private-tmp";
import { startSimulate } from "../support/simulate-process";

describe("redis-version simulate arguments", () => {
  it.each([
    [["--cloud-active-active-upgrades", "later"], /--cloud-active-active-upgrades must be immediate or scheduled \(got "later"\)/],
    [["--cloud-database", "1234/5678=7.4:crdb"], /--cloud-database "1234\/5678=7\.4:crdb": expected SUB\/DB=VERSION\[:essentials\|:active-active\]\[:no-backup\]/],
    [["--cloud-database", "1234/5678=7.4:essentials:active-active"], /expected SUB\/DB=VERSION/],
    [["--lifetime-minutes", "0"], /--lifetime-minutes must be a positive whole number \(got "0"\)/],
    [["--crdb", "carts=7.4"], /--crdb "carts=7\.4": expected GUID=VERSION, e\.g\. 1b8e6b4f-6c2a-4d7e-9f10-2a3b4c5d6e7f=7\.4/],
    [["--participant", "west coast"], /--participant "west coast": expected a name of letters, digits and dashes, e\.g\. west/],
    [["--participant", "west", "--participant", "WEST"], /--participant WEST is given twice/],
    [["--stop", "--database", "12=7.2"], /--stop takes no other option/],
    [["--age-hours", "two days"], /--age-hours must be a positive number of hours, such as 48 or 0\.5 \(got "two days"\)/],
  ])("refuses %j with what is wrong, before serving anything", async (args, message) => {
    const refused = simulate(args);
    await expect(refused).rejects.toThrow(message);
    await expect(refused).rejects.toBeInstanceOf(UserFacingError);
  });
});

describe("startSimulators with --participant and seed with --crdb", () => {
  it("serves each participant on its own port with its own CA and user, and puts every CRDB on every cluster under its next free uid", async () => {
    const sims = await startSimulators({ tls: true, lifetimeMs: 60_000, participants: ["west"] });
    try {
      const lines = seed(sims, {
        databases: [{ uid: 12, version: "7.2", replication: true }],
        crdbs: [{ guid: GUID, version: "7.4" }],
        cloudDatabases: [{ subscriptionId: 1234, databaseId: 5678, plan: "pro", activeActive: true, version: "7.4" }],
      });
      const [west] = sims.participants;
      expect(lines).toEqual([`Active-Active database ${GUID} on 7.4: bdb 13 on this cluster, bdb 1 on west`]);
      expect(sims.software.database(12)).toMatchObject({ redis_version: "7.2", crdt: false });
      expect(sims.software.database(13)).toMatchObject({ redis_version: "7.4", crdt: true, crdt_guid: GUID });
      expect(west.software.database(1)).toMatchObject({ redis_version: "7.4", crdt: true, crdt_guid: GUID });
      expect(sims.cloud.database(1234, 5678)).toMatchObject({ redisVersion: "7.4", activeActive: true });

      expect(Object.keys(sims.env).sort()).toEqual([
        "REDISCLOUD_ACCESS_KEY",
        "REDISCLOUD_CA_CERT",
        "REDISCLOUD_SECRET_KEY",
        "REDISCLOUD_URL",
        "REDIS_SOFTWARE_CA_CERT",
        "REDIS_SOFTWARE_PASSWORD",
        "REDIS_SOFTWARE_URL",
        "REDIS_SOFTWARE_USERNAME",
        "REDIS_SOFTWARE_WEST_CA_CERT",
        "REDIS_SOFTWARE_WEST_PASSWORD",
        "REDIS_SOFTWARE_WEST_URL",
        "REDIS_SOFTWARE_WEST_USERNAME",
      ]);
      expect(sims.env.REDIS_SOFTWARE_WEST_URL).toBe(west.server.url);
      expect(west.server.url).not.toBe(sims.server.url);
      expect(fs.readFileSync(sims.env.REDIS_SOFTWARE_WEST_CA_CERT, "utf8")).toBe(west.server.caPem);
      expect(west.server.caPem).not.toBe(sims.server.caPem);
      expect(sims.env.REDIS_SOFTWARE_WEST_PASSWORD).not.toBe(sims.env.REDIS_SOFTWARE_PASSWORD);
    } finally {
      await sims.close();
    }
    expect(fs.existsSync(path.dirname(sims.env.REDIS_SOFTWARE_CA_CERT))).toBe(false);
  });
});

describe("redis-version simulate in a process of its own leaves nothing in the OS temp directory", () => {
  let tmp: PrivateTmp;
  beforeEach(() => (tmp = privateTmp()));
  afterEach(() => tmp.remove());
  const env = () => ({ PATH: process.env.PATH, HOME: process.env.HOME, ...tmp.env });

  it("in the foreground: its CA files go when Ctrl-C stops it", async () => {
    const sim = await startSimulate(["--crdb", `${GUID}=7.4`, "--participant", "west"], { env: env() });
    expect(sim.process.output()).toContain(`Active-Active database ${GUID} on 7.4: bdb 1 on this cluster, bdb 1 on west`);
    expect(fs.existsSync(sim.env.REDIS_SOFTWARE_WEST_CA_CERT)).toBe(true);
    expect(tmp.leftovers()).toHaveLength(1);
    sim.process.child.kill("SIGINT");
    expect(await sim.process.exited()).toBe(0);
    expect(tmp.leftovers()).toEqual([]);
  });

  it("--print-env: eval gets the variables at once while it serves in the background, and --stop removes what it wrote", async () => {
    const seeds = `--database 12=7.2 --crdb ${GUID}=7.4 --participant west --cloud-database 1234/5678=7.4:active-active --cloud-database 2001/31=7.2:essentials`;
    const shell = spawnSync("bash", ["-c", `eval "$("${process.execPath}" "${CLI}" simulate --print-env ${seeds})" && env`], { env: env(), encoding: "utf8", timeout: 30_000 });
    expect(shell.status).toBe(0);
    expect(shell.stderr).toMatch(/serving in the background \(pid \d+\) for 60 minutes at most; stop it with: npx redis-version simulate --stop/);
    const exported = Object.fromEntries(shell.stdout.split("\n").map((line) => line.split(/=(.*)/s).slice(0, 2)));
    const pid = Number(exported.REDIS_VERSION_SIMULATOR_PID);
    try {
      expect(await get(exported.REDIS_SOFTWARE_URL, "/v1/bdbs/12", exported.REDIS_SOFTWARE_CA_CERT, basic(exported.REDIS_SOFTWARE_USERNAME, exported.REDIS_SOFTWARE_PASSWORD))).toMatchObject({ redis_version: "7.2" });
      const westCrdb = await get(exported.REDIS_SOFTWARE_WEST_URL, `/v1/crdbs/${GUID}`, exported.REDIS_SOFTWARE_WEST_CA_CERT, basic(exported.REDIS_SOFTWARE_WEST_USERNAME, exported.REDIS_SOFTWARE_WEST_PASSWORD));
      expect(westCrdb).toMatchObject({ guid: GUID, instances: [{ cluster: { name: "sim-cluster" } }, { cluster: { name: "west" } }] });
      const cloud = { "x-api-key": exported.REDISCLOUD_ACCESS_KEY, "x-api-secret-key": exported.REDISCLOUD_SECRET_KEY };
      expect(await get(exported.REDISCLOUD_URL, "/subscriptions/1234/databases/5678", exported.REDISCLOUD_CA_CERT, cloud)).toMatchObject({ redisVersion: "7.4" });
      expect(await get(exported.REDISCLOUD_URL, "/fixed/subscriptions/2001/databases/31", exported.REDISCLOUD_CA_CERT, cloud)).toMatchObject({ redisVersion: "7.2" });
      expect(tmp.leftovers()).toHaveLength(1);
    } finally {
      const stop = spawnSync(process.execPath, [CLI, "simulate", "--stop"], { env: { ...env(), ...exported }, encoding: "utf8", timeout: 30_000 });
      expect(stop.stdout).toBe(`stopped the simulator (pid ${pid}); its CA files are removed\n`);
    }
    expect(tmp.leftovers()).toEqual([]);
    const again = spawnSync(process.execPath, [CLI, "simulate", "--stop"], { env: { ...env(), REDIS_VERSION_SIMULATOR_PID: String(pid) }, encoding: "utf8" });
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/^no simulator runs as pid \d+ any more/);
  });

  it("--stop refuses a pid that is not a background simulator, and says what it needs when none is named", () => {
    const other = spawnSync(process.execPath, [CLI, "simulate", "--stop"], { env: { ...env(), REDIS_VERSION_SIMULATOR_PID: String(process.pid) }, encoding: "utf8" });
    expect(other.status).toBe(2);
    expect(other.stderr).toMatch(/pid \d+ is not a background redis-version simulator: nothing was stopped/);
    const unnamed = spawnSync(process.execPath, [CLI, "simulate", "--stop"], { env: env(), encoding: "utf8" });
    expect(unnamed.status).toBe(2);
    expect(unnamed.stderr).toMatch(/REDIS_VERSION_SIMULATOR_PID is not set: --stop stops the simulator that eval/);
  });
});

const GUID = "1b8e6b4f-6c2a-4d7e-9f10-2a3b4c5d6e7f";

const basic = (username: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}` });

/** One GET, trusting only the CA file the simulator exported. */
function get(base: string, route: string, caFile: string, headers: Record<string, string>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const request = https.get(`${base}${route}`, { ca: fs.readFileSync(caFile), headers }, (response) => {
      let text = "";
      response.on("data", (chunk) => (text += chunk));
      response.on("end", () => (response.statusCode === 200 ? resolve(JSON.parse(text)) : reject(new Error(`GET ${route}: ${response.statusCode} ${text}`))));
    });
    request.on("error", reject);
  });
}
