import { RedisCloudDatabaseVersion } from "../../src";
import { simulatedCloudServerEachTest } from "./simulated-cloud";
import { initAndApply, synthStack, terraformOrSkip } from "../support/terraform";
import { tempDir } from "../support/temp";

const suite = terraformOrSkip();

suite("backupBeforeUpgrade, real terraform against the Redis Cloud simulator", () => {
  const sim = simulatedCloudServerEachTest();
  const posts = (database: number) => sim.server.requests.filter((request) => request.method === "POST" && request.path.includes(`/databases/${database}/`));
  const postIndex = (database: number, suffix: string) =>
    sim.server.requests.findIndex((request) => request.method === "POST" && request.path.endsWith(`/databases/${database}${suffix}`));
  /** The handler's lines about one pin: each starts with its address. */
  const linesOf = (output: string, pin: string) => output.split("\n").filter((line) => line.includes(`e2e/${pin} `)).join("\n");

  it("one apply of three pins: backs up and waits for it before the upgrade; a failing backup, or no backup location, fails its pin and requests no upgrade", async () => {
    sim.simulator.addDatabase({ subscriptionId: 1234, databaseId: 5678, plan: "pro", version: "7.4" });
    sim.simulator.addDatabase({ subscriptionId: 1235, databaseId: 5679, plan: "pro", version: "7.4" });
    sim.simulator.failNextBackup(1235, 5679);
    sim.simulator.addDatabase({ subscriptionId: 1236, databaseId: 5680, plan: "pro", version: "7.4", backupDestination: false });
    const dir = synthStack(tempDir("out"), (scope) => {
      const pin = (id: string, subscriptionId: number, databaseId: number) =>
        new RedisCloudDatabaseVersion(scope, id, { subscriptionId, databaseId, redisVersion: "8.2", backupBeforeUpgrade: true, allowMajorVersionUpgrade: true });
      pin("backed", 1234, 5678);
      pin("failing", 1235, 5679);
      pin("nowhere", 1236, 5680);
    });
    const result = await initAndApply(dir, sim.env());
    expect(result.code).not.toBe(0);

    const backed = linesOf(result.output, "backed");
    expect(backed).toMatch(/backed up in \d+s \(GET \/v1\/tasks\/[0-9a-f-]{36}\)/);
    expect(backed).toMatch(/upgraded 7\.4 → 8\.2/);
    expect(postIndex(5678, "/backup")).toBeGreaterThanOrEqual(0);
    expect(postIndex(5678, "/backup")).toBeLessThan(postIndex(5678, "/upgrade"));
    // The simulator's own record: the backup task had succeeded when the upgrade request arrived.
    expect(sim.simulator.database(1234, 5678).timeline).toEqual(["backup requested", "backup succeeded", "upgrade requested 8.2"]);

    expect(result.output).toMatch(/failing[^\n]*the backup before the upgrade failed: Redis Cloud answered DATABASE_BACKUP_FAILED/);
    expect(posts(5679).map((request) => request.path)).toEqual(["/v1/subscriptions/1235/databases/5679/backup"]);
    expect(sim.simulator.database(1235, 5679).redisVersion).toBe("7.4");

    expect(result.output).toMatch(/nowhere[^\n]*has no remote backup location/);
    expect(result.output).toMatch(/remove\s+backupBeforeUpgrade/);
    expect(posts(5680)).toEqual([]);
    expect(sim.simulator.database(1236, 5680).redisVersion).toBe("7.4");
  });
});
