import * as fs from "node:fs";
import * as path from "node:path";
import { App, Aspects, LocalBackend, TerraformStack } from "cdktf";
import { RedisSoftwareDatabaseVersion, RedisSoftwareDatabaseVersionProps, RedisVersionPolicy } from "../../src";
import { simulatedSoftwareEachTest } from "./simulated-software";
import { virtualClock } from "../support/clock";
import { applyInProcess } from "../support/in-process";
import { apply, initAndApply, synthStack, terraformOrSkip } from "../support/terraform";
import { tempDir } from "../support/temp";

const suite = terraformOrSkip();

const MINUTE = 60_000;
/** India keeps UTC+05:30 all year, so the expected local time needs no time-zone code of ours. */
const ZONE = "Asia/Kolkata";
const ZONE_OFFSET_MINUTES = 5 * 60 + 30;

/** "HH:MM" on the zone's wall clock at epoch `at`. */
function wallTime(at: number): string {
  const local = new Date(at + ZONE_OFFSET_MINUTES * MINUTE);
  return `${String(local.getUTCHours()).padStart(2, "0")}:${String(local.getUTCMinutes()).padStart(2, "0")}`;
}

suite("safety rails, real terraform against the Redis Software simulator over TLS", () => {
  const sim = simulatedSoftwareEachTest();
  const pin = (props: Partial<RedisSoftwareDatabaseVersionProps> & { databaseUid: number }): RedisSoftwareDatabaseVersionProps => ({
    cluster: { url: sim.server.url },
    redisVersion: "7.4",
    ...props,
  });
  const postedPaths = () => sim.upgradePosts().map((request) => request.path);

  it("refuses a major upgrade without consent, sending no POST, and upgrades once allowMajorVersionUpgrade is set", async () => {
    sim.simulator.addDatabase({ uid: 12, version: "7.4", replication: true });
    const outdir = tempDir("out");
    const refused = await initAndApply(synthStack(outdir, (scope) => void new RedisSoftwareDatabaseVersion(scope, "orders", pin({ databaseUid: 12, redisVersion: "8.0" }))), sim.env());
    expect(refused.code).not.toBe(0);
    expect(refused.output).toMatch(/refused: 8\.0 is a new major version for a database on 7\.4[\s\S]*allowMajorVersionUpgrade: true/);
    expect(postedPaths()).toEqual([]);

    const dir = synthStack(outdir, (scope) => void new RedisSoftwareDatabaseVersion(scope, "orders", pin({ databaseUid: 12, redisVersion: "8.0", allowMajorVersionUpgrade: true })));
    const consented = await apply(dir, sim.env());
    expect(consented.code).toBe(0);
    expect(sim.simulator.database(12).redis_version).toBe("8.0");
    expect(postedPaths()).toEqual(["/v1/bdbs/12/upgrade"]);
  });

  it("outside its window fails with the next opening in the zone and in UTC, sending no POST; the tainted pin runs again and, in the window, upgrades", async () => {
    sim.simulator.addDatabase({ uid: 12, version: "7.2", replication: true });
    // Opens at the start of a minute at least a minute away, and stays open for half an hour.
    const opensAt = Math.ceil((Date.now() + MINUTE) / MINUTE) * MINUTE;
    const window = { start: wallTime(opensAt), end: wallTime(opensAt + 30 * MINUTE), timeZone: ZONE };
    const dir = synthStack(tempDir("out"), (scope) => void new RedisSoftwareDatabaseVersion(scope, "orders", pin({ databaseUid: 12, maintenanceWindows: [window] })));
    const deferred = `deferred: outside its maintenanceWindows (every day ${window.start}–${window.end} ${ZONE})`;

    const outside = await initAndApply(dir, sim.env());
    expect(outside.code).not.toBe(0);
    const utc = new Date(opensAt).toISOString().slice(11, 16);
    expect(outside.output).toContain(deferred);
    expect(outside.output).toMatch(new RegExp(`the next opening is \\w{3} [\\d-]+ ${window.start} ${ZONE} \\(\\w{3} [\\d-]+ ${utc} UTC\\)`));
    expect(postedPaths()).toEqual([]);

    // Unchanged configuration: Terraform re-runs the pin because the failed apply left it tainted (still before the opening).
    const again = await apply(dir, sim.env());
    expect(again.code).not.toBe(0);
    expect(again.output).toMatch(/must be replaced|tainted/);
    expect(again.output).toContain(deferred);
    expect(postedPaths()).toEqual([]);

    // Virtual clock: the same handler on the spec Terraform hands it, at the opening instead of after a minute or two of waiting for it.
    const inside = await applyInProcess(dir, sim.env(), virtualClock(opensAt));
    expect(inside.code).toBe(0);
    expect(inside.output).not.toContain("deferred");
    expect(sim.simulator.database(12).redis_version).toBe("7.4");
    expect(postedPaths()).toEqual(["/v1/bdbs/12/upgrade"]);
  });

  it("upgrades a Replica Of destination before its source in one apply", async () => {
    sim.simulator.addDatabase({ uid: 12, version: "7.2", replication: true });
    sim.simulator.addDatabase({ uid: 13, version: "7.2", replication: true });
    const dir = synthStack(tempDir("out"), (scope) => {
      const destination = new RedisSoftwareDatabaseVersion(scope, "destination", pin({ databaseUid: 13 }));
      new RedisSoftwareDatabaseVersion(scope, "source", pin({ databaseUid: 12, upgradeAfter: [destination] }));
    });
    const result = await initAndApply(dir, sim.env());
    expect(result.code).toBe(0);
    expect(postedPaths()).toEqual(["/v1/bdbs/13/upgrade", "/v1/bdbs/12/upgrade"]);
    // Not merely sent first: the destination's upgrade had finished before the source's was requested.
    const destinationDone = result.output.search(/e2e\/destination \([^)]*\): upgraded 7\.2(\.\d+)? → 7\.4/);
    const sourceRequested = result.output.search(/e2e\/source \([^)]*\): upgrade requested/);
    expect(destinationDone).toBeGreaterThan(-1);
    expect(sourceRequested).toBeGreaterThan(destinationDone);
    expect([sim.simulator.database(12).redis_version, sim.simulator.database(13).redis_version]).toEqual(["7.4", "7.4"]);
  });

  it("a policy on the app fails synth listing every breach, so there is nothing for terraform to apply", () => {
    const outdir = tempDir("out");
    const app = new App({ outdir });
    const stack = new TerraformStack(app, "prod");
    new LocalBackend(stack, { path: "terraform.tfstate" });
    new RedisSoftwareDatabaseVersion(stack, "orders", pin({ databaseUid: 12, redisVersion: "8.0", allowMajorVersionUpgrade: true }));
    new RedisSoftwareDatabaseVersion(stack, "carts", pin({ databaseUid: 13, upgrade: { forceDiscard: true }, acknowledgeDataLoss: true }));
    Aspects.of(app).add(new RedisVersionPolicy({ forbidMajorVersionUpgrade: true, forbidDataDiscard: true, requireMaintenanceWindow: true }));
    expect(() => app.synth()).toThrow(
      new RegExp(
        [
          "\\[prod/orders\\] RedisVersionPolicy requireMaintenanceWindow",
          "\\[prod/orders\\] RedisVersionPolicy forbidMajorVersionUpgrade",
          "\\[prod/carts\\] RedisVersionPolicy requireMaintenanceWindow",
          "\\[prod/carts\\] RedisVersionPolicy forbidDataDiscard: upgrade.forceDiscard",
        ].join("[\\s\\S]*"),
      ),
    );
    expect(fs.existsSync(path.join(outdir, "stacks", "prod", "cdk.tf.json"))).toBe(false);
  });
});
