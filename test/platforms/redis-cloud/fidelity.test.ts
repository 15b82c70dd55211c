import { RunFailure } from "../../../src/core/errors";
import { decide } from "../../../src/engine";
import { parseVersion } from "../../../src/versions";
import { CloudWorld, startCloud } from "../../support/cloud-account";

const failureOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: Error) => error);

/** Issue #12, Redis Cloud: each scenario failed before the fix it names. */
describe("Redis Cloud fidelity against the simulator", () => {
  let cloud: CloudWorld;
  const output = () => cloud.context.log.lines.join("\n");
  const pro = { subscriptionId: 1234, databaseId: 5678, plan: "pro" } as const;
  const activeActive = { ...pro, plan: "active-active" } as const;

  beforeEach(async () => {
    cloud = await startCloud();
  });
  afterEach(() => cloud.close());

  describe("a scheduled Active-Active upgrade (item 1)", () => {
    beforeEach(() => {
      cloud.simulator.setActiveActiveUpgrades("scheduled");
      cloud.simulator.addDatabase({ ...pro, version: "7.2", activeActive: true, name: "orders" });
      cloud.simulator.addDatabase({ ...pro, databaseId: 5679, version: "7.2", activeActive: true, name: "carts" });
    });

    it("succeeds once saying it is requested, then sends nothing while it waits, then follows it when the window comes", async () => {
      const first = await cloud.apply({ ...activeActive, redisVersion: "7.4" });
      expect(first.kind).toBe("scheduled");
      expect(first.summary).toMatch(
        /requested: Redis Cloud schedules Active-Active upgrades within 1–3 weeks in the subscription's maintenance windows \(upgrade to 7\.4 pending: GET \/v1\/subscriptions\/1234\/databases\/5678\/upgrade\)/,
      );
      expect(cloud.simulator.database(1234, 5679)).toMatchObject({ redisVersion: "7.2", upgradeStatus: "scheduled" });

      const again = await cloud.apply({ ...activeActive, redisVersion: "7.4" });
      expect(again).toMatchObject({ kind: "scheduled", summary: expect.stringMatching(/already requested: Redis Cloud schedules/) });
      expect(cloud.upgradePosts()).toHaveLength(1);

      const observed = await cloud.upgrader({ ...activeActive, redisVersion: "7.4" }).observe(parseVersion("7.4"));
      expect(decide(parseVersion("7.4"), observed)).toMatchObject({ action: "scheduled" });
      expect(observed.upgradedTogether).toEqual({
        group: "Redis Cloud Active-Active subscription 1234",
        databases: ["db 5678 (orders) on 7.2", "db 5679 (carts) on 7.2"],
      });

      cloud.simulator.openMaintenanceWindow(1234);
      const after = await cloud.apply({ ...activeActive, redisVersion: "7.4" });
      expect(after.kind).toBe("upgraded");
      expect(output()).toMatch(/an upgrade is already running/);
      expect(cloud.simulator.database(1234, 5679).redisVersion).toBe("7.4");
      expect(cloud.upgradePosts()).toHaveLength(1);
    });

    it("refuses a pin for another version while a request waits, naming the pending one", async () => {
      await cloud.apply({ ...activeActive, redisVersion: "7.4" });
      const error = await failureOf(cloud.apply({ ...activeActive, redisVersion: "8.2" }));
      expect(error?.message).toMatch(/an upgrade to 7\.4 is already requested and pending .*pin 7\.4, or apply again once it has run/);
      expect(cloud.upgradePosts()).toHaveLength(1);
    });
  });

  it("follows an immediate Active-Active upgrade as before (provider 2.18 behaviour)", async () => {
    cloud.simulator.addDatabase({ ...pro, version: "7.2", activeActive: true });
    const outcome = await cloud.apply({ ...activeActive, redisVersion: "7.4" });
    expect(outcome.kind).toBe("upgraded");
  });

  it.each([
    ["pro", true, /reports database 5678 as Active-Active .* Set plan: "active-active"/],
    ["active-active", false, /reports database 5678 as a single-region Pro database .* Set plan: "pro"/],
  ] as const)("refuses a pin declaring plan %s where the API says otherwise, sending nothing", async (plan, isActiveActive, message) => {
    cloud.simulator.addDatabase({ ...pro, version: "7.2", activeActive: isActiveActive });
    const error = await failureOf(cloud.apply({ ...pro, plan, redisVersion: "7.4" }));
    expect(error).toBeInstanceOf(RunFailure);
    expect(error?.message).toMatch(message);
    expect(cloud.upgradePosts()).toHaveLength(0);
  });

  it("waits through the provider's pending statuses until the database is active (item 6)", async () => {
    cloud.simulator.addDatabase({ ...pro, version: "7.2" });
    cloud.simulator.lingerAfterNextUpgrade("bdb-update-pending", 6);
    const outcome = await cloud.apply({ ...pro, redisVersion: "7.4" });
    expect(outcome.kind).toBe("upgraded");
    expect(cloud.simulator.database(1234, 5678).status).toBe("active");
    expect(output()).toMatch(/database bdb-update-pending/);
  });

  it("does not fail a new attempt on a stale failed upgrade status (item 7)", async () => {
    cloud.simulator.addDatabase({ ...pro, version: "7.2" });
    cloud.simulator.recordFailedUpgrade(1234, 5678, "7.4");
    cloud.simulator.delayNextUpgradeStart(4);
    const outcome = await cloud.apply({ ...pro, redisVersion: "7.4" });
    expect(outcome.kind).toBe("upgraded");
    expect(cloud.simulator.database(1234, 5678)).toMatchObject({ redisVersion: "7.4", upgradeStatus: "done" });
  });

  it("still reports a failure of the attempt it followed", async () => {
    cloud.simulator.addDatabase({ ...pro, version: "7.2" });
    cloud.simulator.failNextUpgrade();
    const error = await failureOf(cloud.apply({ ...pro, redisVersion: "7.4" }));
    expect(error?.message).toMatch(/Redis Cloud reports that the upgrade to 7\.4 failed/);
  });

  it("offers no preview and nothing at or below the current version when it falls back to the plan's list (item 8)", async () => {
    cloud.server.faults.add({ path: "available-target-versions$", times: 10, fault: { kind: "status", status: 404 } });
    cloud.simulator.addDatabase({ ...pro, version: "7.4" });
    cloud.simulator.addDatabase({ subscriptionId: 77, databaseId: 88, plan: "essentials", version: "7.2" });
    const pinned = parseVersion("8.2");
    const proTargets = (await cloud.upgrader({ ...pro, redisVersion: "8.2" }).observe(pinned)).supportedTargets?.map((v) => v.text);
    expect(proTargets).toEqual(["8.2", "8.4", "8.6"]);
    const essentials = { subscriptionId: 77, databaseId: 88, plan: "essentials", redisVersion: "7.4" } as const;
    const observed = await cloud.upgrader(essentials).observe(parseVersion("7.4"));
    expect(observed.supportedTargets?.map((v) => v.text)).toEqual(expect.not.arrayContaining(["7.4", "8.0"]));
    expect(observed.supportedTargets?.length).toBeGreaterThan(0);
    expect(decide(parseVersion("7.4"), observed)).toMatchObject({ action: "refuse" });
  });

  describe("the per-database targets in any shape, and a version list that answers 500 (issue 20 items 11, 12)", () => {
    const TARGETS = "available-target-versions$";
    const pinned = parseVersion("8.2");
    const observe = () => cloud.upgrader({ ...pro, redisVersion: "8.2" }).observe(pinned);
    const targetsOf = async () => (await observe()).supportedTargets?.map((version) => version.text);
    beforeEach(() => cloud.simulator.addDatabase({ ...pro, version: "7.4" }));

    it.each([
      ["a bare array of objects", [{ redisVersion: "8.2" }]],
      ["a bare array of strings, as redisctl prints it", ["8.2"]],
      ["the OpenAPI object with strings in it", { targets: ["8.2"] }],
    ])("reads %s", async (_, body) => {
      cloud.server.faults.add({ method: "GET", path: TARGETS, fault: { kind: "replace-body", body } });
      expect(await targetsOf()).toEqual(["8.2"]);
    });

    it("falls back to the subscription's version list, with a note, for a shape it does not know", async () => {
      cloud.server.faults.add({ method: "GET", path: TARGETS, fault: { kind: "replace-body", body: { versions: ["8.2"] } } });
      const observed = await observe();
      expect(observed.supportedTargets?.map((version) => version.text)).toEqual(["8.2", "8.4", "8.6"]);
      expect(observed.notes).toContainEqual(
        expect.stringMatching(/GET \/v1\/subscriptions\/1234\/databases\/5678\/available-target-versions answered in a shape no source documents .*the subscription's version list \(GET \/v1\/subscriptions\/redis-versions\) stands in for it/),
      );
      expect(decide(pinned, observed, { allowMajorVersionUpgrade: true, now: 0 })).toMatchObject({ action: "upgrade" });
    });

    it("treats a 500 from the Essentials version list as not offered here, with a note, and asks it twice at most", async () => {
      cloud.simulator.addDatabase({ subscriptionId: 77, databaseId: 88, plan: "essentials", version: "7.2" });
      cloud.server.faults.add({ method: "GET", path: TARGETS, times: 10, fault: { kind: "status", status: 404 } });
      cloud.server.faults.add({ method: "GET", path: "^/v1/fixed/redis-versions$", times: 10, fault: { kind: "status", status: 500, body: { status: 500, description: "Internal Server Error" } } });
      const essentials = { subscriptionId: 77, databaseId: 88, plan: "essentials", redisVersion: "8.0", allowMajorVersionUpgrade: true } as const;
      const observed = await cloud.upgrader(essentials).observe(parseVersion("8.0"));
      expect(observed.supportedTargets).toBeUndefined();
      expect(observed.notes).toContainEqual(
        expect.stringMatching(/GET \/v1\/fixed\/redis-versions\?subscriptionId=77 answered 500: Redis Cloud does not offer the version list here, .*the upgrade request itself says whether the pinned version is a valid target/),
      );
      expect(cloud.server.requests.filter((request) => request.path === "/v1/fixed/redis-versions")).toHaveLength(2);
      expect(decide(parseVersion("8.0"), observed, { allowMajorVersionUpgrade: true, now: 0 })).toMatchObject({ action: "upgrade" });
    });
  });
});
