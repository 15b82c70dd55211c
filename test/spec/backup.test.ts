import { RedisCloudDatabaseVersion, RedisSoftwareActiveActiveVersion, RedisSoftwareDatabaseVersion } from "../../src";
import { errorOf, specOf, synthJson } from "../support/synth";

describe("backupBeforeUpgrade in the spec", () => {
  const cluster = { url: "https://cluster.example.com:9443" };

  it("is written into a Redis Cloud pin's spec", () => {
    const json = synthJson((scope) => new RedisCloudDatabaseVersion(scope, "sessions", { subscriptionId: 1, databaseId: 2, redisVersion: "7.4", backupBeforeUpgrade: true }));
    expect(specOf(json)).toMatchObject({ backupBeforeUpgrade: true });
  });

  it.each([
    ["database", (scope: Parameters<Parameters<typeof synthJson>[0]>[0]) => new RedisSoftwareDatabaseVersion(scope, "orders", { cluster, databaseUid: 1, redisVersion: "7.4", backupBeforeUpgrade: true })],
    [
      "Active-Active",
      (scope: Parameters<Parameters<typeof synthJson>[0]>[0]) =>
        new RedisSoftwareActiveActiveVersion(scope, "orders", { cluster, crdbGuid: "1a2b3c4d-0000-4000-8000-000000000001", redisVersion: "7.4", backupBeforeUpgrade: true }),
    ],
  ])("fails synth for a Redis Software %s pin, naming the pin, the field and why", (_kind, build) => {
    const message = errorOf(() => synthJson(build));
    expect(message).toMatch(/orders/);
    expect(message).toMatch(/backupBeforeUpgrade: not supported for Redis Software: its REST API offers no request that backs a database up to its configured backup location/);
  });

  it("accepts false on a Redis Software pin", () => {
    const json = synthJson((scope) => new RedisSoftwareDatabaseVersion(scope, "orders", { cluster, databaseUid: 1, redisVersion: "7.4", backupBeforeUpgrade: false }));
    expect(specOf(json)).toMatchObject({ backupBeforeUpgrade: false });
  });
});
