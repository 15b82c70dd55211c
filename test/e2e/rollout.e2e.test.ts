import * as fs from "node:fs";
import * as path from "node:path";
import { App, LocalBackend, TerraformStack } from "cdktf";
import { Agent, request } from "undici";
import { RedisCloudDatabaseVersion, RedisSoftwareDatabaseVersion } from "../../src";
import { plan } from "../../src/cli/plan";
import { SimRequest } from "../../src/simulator/types";
import { simulatedCloudServerEachTest } from "./simulated-cloud";
import { simulatedSoftwareEachTest } from "./simulated-software";
import { apply, terraform, terraformOrSkip } from "../support/terraform";
import { tempDir } from "../support/temp";

const suite = terraformOrSkip();

const SOAK_HOURS = 48;
/** A minute more than the soak: a last change recorded to the second counts from the end of that second, so exactly 48 h can fall short when the apply before it took under a second. */
const AGE_MARGIN_HOURS = 1 / 60;
/** Always open (an end at its start's minute closes the next day): the window only gives the pins a local zone to print. */
const ALWAYS_OPEN = [{ start: "00:00", end: "23:59", timeZone: "Asia/Kolkata" }];

interface PlannedPin {
  readonly address: string;
  readonly action: string;
  readonly reason?: string;
  readonly waitingOn?: readonly { readonly address: string; readonly state: string; readonly soakHours?: number; readonly soakCompletesAt?: string }[];
}

/*
 * The scenario, with real terraform: a staging and a production
 * stack, each with a Redis Software and a Redis Cloud database; production
 * pins upgradeAfter the staging ones with soakHours. The stacks share no
 * state and no Terraform reference: the order is checked live by each
 * production handler. Four applies, each proving several things.
 */
suite("a soaked rollout across two stacks, real terraform against both simulators over TLS", () => {
  const software = simulatedSoftwareEachTest();
  const cloud = simulatedCloudServerEachTest();

  it(
    "defers production until staging has reached its pins and soaked, sends nothing meanwhile, then upgrades each production database once; plan agrees throughout",
    async () => {
      for (const uid of [22, 12]) software.simulator.addDatabase({ uid, version: "7.2", replication: true });
      cloud.simulator.addDatabase({ subscriptionId: 2001, databaseId: 22, plan: "pro", version: "7.2" });
      cloud.simulator.addDatabase({ subscriptionId: 1001, databaseId: 12, plan: "pro", version: "7.2" });
      const outdir = tempDir("rollout");
      try {
        const { staging, production } = synthesize(outdir, software.server.url, software.caFile, `${cloud.server.url}/v1`, cloud.caFile);
        // Only the credentials: each pin carries its own CA, and production reads staging with the copies carried into its stack.
        const env = { ...software.env(), ...cloud.env(), REDIS_SOFTWARE_CA_CERT: "", REDISCLOUD_CA_CERT: "", REDISCLOUD_URL: "" };
        const posts = () => [...software.upgradePosts(), ...cloud.upgradePosts()].map((request: SimRequest) => request.path);
        const planned = async (): Promise<{ code: number; pins: Record<string, PlannedPin> }> => {
          let stdout = "";
          const code = await plan(["--dir", outdir, "--format", "json", "--detailed-exitcode"], { stdout: (text) => (stdout += text), stderr: () => undefined, env });
          const pins = (JSON.parse(stdout).pins as PlannedPin[]).map((pin) => [pin.address, pin] as const);
          return { code, pins: Object.fromEntries(pins) };
        };
        for (const dir of [staging, production]) expect((await terraform(dir, ["init", "-input=false", "-no-color"], env)).code).toBe(0);

        // 1. Production first: deferred, naming both staging pins, nothing sent.
        const before = await planned();
        expect(before.code).toBe(2);
        expect([before.pins["staging/orders"].action, before.pins["staging/sessions"].action]).toEqual(["upgrade", "upgrade"]);
        for (const address of ["production/orders", "production/sessions"]) {
          expect(before.pins[address]).toMatchObject({ action: "deferred", waitingOn: [{ address: "staging/orders", state: "behind" }, { address: "staging/sessions", state: "behind" }] });
        }
        const first = await apply(production, env);
        expect(first.code).not.toBe(0);
        for (const address of ["production/orders", "production/sessions"]) {
          expect(first.output).toMatch(new RegExp(`${address} \\([^)]*\\): deferred: upgradeAfter: staging/orders runs 7\\.2[.\\d]*, not yet its pin 7\\.4, and must then run it for 48h; staging/sessions runs 7\\.2`));
          expect(oneLine(first.output)).toContain(before.pins[address].reason);
        }
        expect(posts()).toEqual([]);

        // 2. Staging: upgraded, one request per database.
        const stagingApplied = await apply(staging, env);
        expect(stagingApplied.code).toBe(0);
        expect(posts().sort()).toEqual(["/v1/bdbs/22/upgrade", "/v1/subscriptions/2001/databases/22/upgrade"]);
        const soaking = await planned();
        expect([soaking.pins["staging/orders"].action, soaking.pins["staging/sessions"].action]).toEqual(["noop", "noop"]);

        // 3. Production at once: deferred by the soak, with how long is left and when it ends, in the pin's zone and in UTC.
        const second = await apply(production, env);
        expect(second.code).not.toBe(0);
        for (const address of ["production/orders", "production/sessions"]) {
          const row = soaking.pins[address];
          expect(row).toMatchObject({ action: "deferred", waitingOn: [{ state: "soaking", soakHours: SOAK_HOURS }, { state: "soaking", soakHours: SOAK_HOURS }] });
          const completes = /the soak completes [^.]*Asia\/Kolkata \([^)]* UTC\)/.exec(row.reason ?? "")?.[0];
          expect(completes).toBeDefined();
          expect(second.output).toMatch(new RegExp(`${address} \\([^)]*\\): deferred: upgradeAfter: staging/orders runs 7\\.4[.\\d]* \\(its pin 7\\.4\\) and has soaked 0h 0\\dm of 48h`));
          expect(oneLine(second.output)).toContain(completes);
        }
        expect(posts()).toHaveLength(2);

        // 4. Two days later (the simulators' clocks of last change moved back): one request per production database, both converge.
        for (const { server, caFile } of [software, cloud]) {
          const dispatcher = new Agent({ connect: { ca: fs.readFileSync(caFile, "utf8") } });
          const aged = await request(`${server.url}/__sim/age`, { method: "POST", body: JSON.stringify({ hours: SOAK_HOURS + AGE_MARGIN_HOURS }), dispatcher });
          expect(aged.statusCode).toBe(200);
          await aged.body.dump();
          await dispatcher.close();
        }
        const soaked = await planned();
        expect([soaked.pins["production/orders"].action, soaked.pins["production/sessions"].action]).toEqual(["upgrade", "upgrade"]);
        const third = await apply(production, env);
        expect(third.code).toBe(0);
        expect(posts().sort()).toEqual(["/v1/bdbs/12/upgrade", "/v1/bdbs/22/upgrade", "/v1/subscriptions/1001/databases/12/upgrade", "/v1/subscriptions/2001/databases/22/upgrade"]);
        expect([software.simulator.database(12).redis_version, cloud.simulator.database(1001, 12).redisVersion]).toEqual(["7.4", "7.4"]);
        const after = await planned();
        expect(after.code).toBe(0);
        expect(Object.values(after.pins).map((pin) => pin.action)).toEqual(["noop", "noop", "noop", "noop"]);
      } finally {
        fs.rmSync(outdir, { recursive: true, force: true });
      }
    },
    5 * 60_000,
  );
});

/** One app, two stacks; each pin names its control plane's address and CA, as a team with two environments would. */
function synthesize(outdir: string, softwareUrl: string, softwareCa: string, cloudUrl: string, cloudCa: string) {
  const app = new App({ outdir, skipValidation: true });
  const stack = (name: string) => {
    const created = new TerraformStack(app, name);
    new LocalBackend(created, { path: "terraform.tfstate" });
    return created;
  };
  const cluster = { url: softwareUrl, caCertFile: softwareCa };
  const api = { url: cloudUrl, caCertFile: cloudCa };
  const staging = stack("staging");
  const stagingPins = [
    new RedisSoftwareDatabaseVersion(staging, "orders", { cluster, databaseUid: 22, redisVersion: "7.4" }),
    new RedisCloudDatabaseVersion(staging, "sessions", { subscriptionId: 2001, databaseId: 22, redisVersion: "7.4", api }),
  ];
  const production = stack("production");
  const order = { upgradeAfter: stagingPins, soakHours: SOAK_HOURS, maintenanceWindows: ALWAYS_OPEN };
  new RedisSoftwareDatabaseVersion(production, "orders", { cluster, databaseUid: 12, redisVersion: "7.4", ...order });
  new RedisCloudDatabaseVersion(production, "sessions", { subscriptionId: 1001, databaseId: 12, redisVersion: "7.4", api, ...order });
  app.synth();
  return { staging: path.join(outdir, "stacks", "staging"), production: path.join(outdir, "stacks", "production") };
}

/** Terraform prints a long line as it is; the handler's lines come prefixed, so a reason is compared whitespace-insensitively. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, " ");
}
