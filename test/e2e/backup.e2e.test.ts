import { simulatedCloudEachTest } from "./simulated-cloud";
import { initAndApply, terraformOrSkip } from "../support/terraform";

const suite = terraformOrSkip();

suite("backupBeforeUpgrade, real terraform against the Redis Cloud simulator", () => {
  const { sim, stack } = simulatedCloudEachTest();
  const postIndex = (suffix: string) => sim.server.requests.findIndex((request) => request.method === "POST" && request.path.endsWith(suffix));

  it("backs up, and the backup has finished, before the upgrade is requested", async () => {
    sim.simulator.addDatabase({ subscriptionId: 1234, databaseId: 5678, plan: "pro", version: "7.4" });
    const result = await initAndApply(stack({ backupBeforeUpgrade: true, allowMajorVersionUpgrade: true }), sim.env());
    expect(result.code).toBe(0);
    expect(result.output).toMatch(/backed up in \d+s \(GET \/v1\/tasks\/[0-9a-f-]{36}\)/);
    expect(result.output).toMatch(/upgraded 7\.4 → 8\.2/);
    expect(postIndex("/5678/backup")).toBeGreaterThanOrEqual(0);
    expect(postIndex("/5678/backup")).toBeLessThan(postIndex("/5678/upgrade"));
    // The simulator's own record: the backup task had succeeded when the upgrade request arrived.
    expect(sim.simulator.database(1234, 5678).timeline).toEqual(["backup requested", "backup succeeded", "upgrade requested 8.2"]);
  });

  it("a failing backup fails the apply and no upgrade is requested", async () => {
    sim.simulator.addDatabase({ subscriptionId: 1234, databaseId: 5678, plan: "pro", version: "7.4" });
    sim.simulator.failNextBackup(1234, 5678);
    const result = await initAndApply(stack({ backupBeforeUpgrade: true, allowMajorVersionUpgrade: true }), sim.env());
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/the backup before the upgrade failed: Redis Cloud answered DATABASE_BACKUP_FAILED/);
    expect(sim.upgradePosts()).toEqual([]);
    expect(sim.simulator.database(1234, 5678).redisVersion).toBe("7.4");
  });

  it("a database without a backup destination fails the apply with the fix, sending nothing", async () => {
    sim.simulator.addDatabase({ subscriptionId: 1234, databaseId: 5678, plan: "pro", version: "7.4", backupDestination: false });
    const result = await initAndApply(stack({ backupBeforeUpgrade: true, allowMajorVersionUpgrade: true }), sim.env());
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/has no remote backup location/);
    expect(result.output).toMatch(/remove\s+backupBeforeUpgrade/);
    expect(postIndex("/backup")).toBe(-1);
    expect(sim.upgradePosts()).toEqual([]);
  });
});

