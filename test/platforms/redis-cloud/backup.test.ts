import { RunFailure } from "../../../src/core/errors";
import { parseVersion } from "../../../src/versions";
import { CloudWorld, startCloud } from "../../support/cloud-account";
import { followSteps } from "../../../src/engine";

const failureOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: Error) => error);

describe("backupBeforeUpgrade on Redis Cloud, against the simulator over HTTPS", () => {
  let cloud: CloudWorld;
  const output = () => cloud.context.log.lines.join("\n");
  const posts = (suffix: string) => cloud.server.requests.filter((request) => request.method === "POST" && request.path.endsWith(suffix));
  const indexOf = (suffix: string) => cloud.server.requests.findIndex((request) => request.method === "POST" && request.path.endsWith(suffix));

  beforeEach(async () => {
    cloud = await startCloud();
  });
  afterEach(() => cloud.close());

  const pro = { subscriptionId: 1234, databaseId: 5678, plan: "pro" } as const;
  const essentials = { subscriptionId: 77, databaseId: 88, plan: "essentials" } as const;
  const activeActive = { ...pro, plan: "active-active" } as const;

  it("backs a Pro database up, waits for the backup to finish, then requests the upgrade", async () => {
    cloud.simulator.addDatabase({ ...pro, version: "7.2" });
    const outcome = await cloud.apply({ ...pro, redisVersion: "7.4", backupBeforeUpgrade: true });
    expect(outcome.kind).toBe("upgraded");
    expect(cloud.simulator.database(1234, 5678).timeline).toEqual(["backup requested", "backup succeeded", "upgrade requested 7.4"]);
    expect(posts("/backup")).toMatchObject([{ path: "/v1/subscriptions/1234/databases/5678/backup", body: {} }]);
    expect(indexOf("/backup")).toBeLessThan(indexOf("/upgrade"));
    expect(output()).toMatch(/backing up before the upgrade \(backupBeforeUpgrade\)/);
    expect(output()).toMatch(/: backed up in \d+s \(GET \/v1\/tasks\/[0-9a-f-]{36}\)/);
  });

  it("backs an Essentials database up under /v1/fixed", async () => {
    cloud.simulator.addDatabase({ ...essentials, version: "7.4" });
    await cloud.apply({ ...essentials, redisVersion: "8.2", backupBeforeUpgrade: true });
    expect(posts("/backup")).toMatchObject([{ path: "/v1/fixed/subscriptions/77/databases/88/backup" }]);
    expect(cloud.simulator.database(77, 88).timeline).toEqual(["backup requested", "backup succeeded", "upgrade requested 8.2"]);
  });

  it("backs each region of an Active-Active database up, naming it, as the API requires", async () => {
    cloud.simulator.addDatabase({ ...pro, version: "7.2", activeActive: true, regions: ["us-east-1", "eu-west-1"] });
    await cloud.apply({ ...activeActive, redisVersion: "7.4", backupBeforeUpgrade: true });
    expect(posts("/backup").map((request) => request.body)).toEqual([{ regionName: "us-east-1" }, { regionName: "eu-west-1" }]);
    expect(cloud.simulator.database(1234, 5678).timeline).toEqual([
      "backup requested us-east-1",
      "backup succeeded",
      "backup requested eu-west-1",
      "backup succeeded",
      "upgrade requested 7.4",
    ]);
  });

  it("refuses, sending nothing, when the database has no remote backup location, and says how to give it one", async () => {
    cloud.simulator.addDatabase({ ...pro, version: "7.2", backupDestination: false });
    const error = await failureOf(cloud.apply({ ...pro, redisVersion: "7.4", backupBeforeUpgrade: true }));
    expect(error).toBeInstanceOf(RunFailure);
    expect(error?.message).toMatch(/no backup destination\. No upgrade was requested\./);
    expect(error?.message).toMatch(/Configuration → Durability → Remote backup/);
    expect(error?.message).toMatch(/PUT \/v1\/subscriptions\/1234\/databases\/5678 with remoteBackup/);
    expect(posts("/backup")).toEqual([]);
    expect(cloud.upgradePosts()).toEqual([]);
  });

  it("observes whether the database has a backup destination", async () => {
    cloud.simulator.addDatabase({ ...pro, version: "7.2" });
    cloud.simulator.addDatabase({ ...essentials, version: "7.4", backupDestination: false });
    expect((await cloud.upgrader({ ...pro, redisVersion: "7.4" }).observe(parseVersion("7.4"))).backupDestination).toBe(true);
    expect((await cloud.upgrader({ ...essentials, redisVersion: "8.2" }).observe(parseVersion("8.2"))).backupDestination).toBe(false);
  });

  it("stops before the upgrade when the backup task fails", async () => {
    cloud.simulator.addDatabase({ ...pro, version: "7.2" });
    cloud.simulator.failNextBackup(1234, 5678);
    const error = await failureOf(cloud.apply({ ...pro, redisVersion: "7.4", backupBeforeUpgrade: true }));
    expect(error?.message).toMatch(/the backup before the upgrade failed: Redis Cloud answered DATABASE_BACKUP_FAILED: .*No upgrade was requested/);
    expect(cloud.upgradePosts()).toEqual([]);
    expect(cloud.simulator.database(1234, 5678)).toMatchObject({ redisVersion: "7.2", timeline: ["backup requested", "backup failed DATABASE_BACKUP_FAILED"] });
  });

  it("reads a task's DATABASE_BACKUP_DISABLED as no destination, for databases whose read does not tell", async () => {
    cloud.simulator.addDatabase({ ...pro, version: "7.2" });
    cloud.simulator.failNextBackup(1234, 5678, { type: "DATABASE_BACKUP_DISABLED", description: "Database backup is disabled" });
    const upgrader = cloud.upgrader({ ...pro, redisVersion: "7.4" });
    const backup = upgrader.backup!;
    const started = await backup.start();
    const loop = { clock: cloud.context.clock, deadline: cloud.context.deadline, pollIntervalMs: 10, onProgress: () => undefined };
    const result = started.kind === "ended" ? started.result : await followSteps(started.operation, (current) => backup.step(current), loop);
    expect(result).toMatchObject({ kind: "no-destination", fix: expect.stringMatching(/has no remote backup location/) });
  });

  it("gives up when the backup outlasts the deadline, with no upgrade requested", async () => {
    cloud.simulator.addDatabase({ ...pro, version: "7.2" });
    cloud.simulator.queueForeignTask(100_000);
    const error = await failureOf(cloud.apply({ ...pro, redisVersion: "7.4", backupBeforeUpgrade: true, timeoutMinutes: 1 }, 5_000));
    expect(error?.message).toMatch(/timed out after 1 minutes while the backup before the upgrade was still running \(last seen: task queued\)/);
    expect(cloud.upgradePosts()).toEqual([]);
  });

  it("does not back up when it resumes an upgrade already running", async () => {
    cloud.simulator.addDatabase({ ...pro, version: "7.2" });
    const earlier = cloud.upgrader({ ...pro, redisVersion: "7.4" });
    await earlier.submit(parseVersion("7.4"), await earlier.observe(parseVersion("7.4")));
    // Every request moves the simulated world one step: read until the upgrade runs in the database.
    for (let reads = 0; reads < 10 && cloud.simulator.database(1234, 5678).upgradeStatus !== "in-progress"; reads++) await earlier.observe(parseVersion("7.4"));
    const outcome = await cloud.apply({ ...pro, redisVersion: "7.4", backupBeforeUpgrade: true });
    expect(outcome.kind).toBe("upgraded");
    expect(output()).toMatch(/an upgrade is already running .* following it instead of starting another/);
    expect(cloud.simulator.database(1234, 5678).timeline).toEqual(["upgrade requested 7.4"]);
  });

  it("backs up once in a run whose upgrade request is sent again after an answer that was lost", async () => {
    cloud.simulator.addDatabase({ ...pro, version: "7.2" });
    cloud.server.faults.add({ method: "POST", path: "/upgrade$", times: 1, fault: { kind: "status", status: 502 } });
    const outcome = await cloud.apply({ ...pro, redisVersion: "7.4", backupBeforeUpgrade: true });
    expect(outcome.kind).toBe("upgraded");
    expect(posts("/backup")).toHaveLength(1);
    expect(posts("/upgrade").length).toBeGreaterThan(1);
  });

  it("sends no backup when the pin does not ask for one, nor when the pin is already reached", async () => {
    cloud.simulator.addDatabase({ ...pro, version: "7.2" });
    await cloud.apply({ ...pro, redisVersion: "7.4" });
    await cloud.apply({ ...pro, redisVersion: "7.4", backupBeforeUpgrade: true });
    expect(posts("/backup")).toEqual([]);
  });
});
