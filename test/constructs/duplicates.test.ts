import { App, TerraformStack } from "cdktf";
import { RedisCloudDatabaseVersion, RedisCloudPlan, RedisSoftwareActiveActiveVersion, RedisSoftwareDatabaseVersion } from "../../src";
import { errorOf } from "../support/synth";
import { tempDir } from "../support/temp";

const guid = "1b8e6b4f-6c2a-4d7e-9f10-2a3b4c5d6e7f";
const cluster = { url: "https://cluster.example.com:9443" };

/** A fresh app with two stacks, synthesized as `cdktf synth` does, validations on. */
function twoStacks(build: (a: TerraformStack, b: TerraformStack) => void): () => void {
  const app = new App({ outdir: tempDir("dup") });
  build(new TerraformStack(app, "a"), new TerraformStack(app, "b"));
  return () => app.synth();
}

describe("two pins of one database fail synth, naming both", () => {
  it("the same Redis Software cluster and uid in one stack, whatever the URL's spelling", () => {
    const synth = twoStacks((a) => {
      new RedisSoftwareDatabaseVersion(a, "orders", { cluster, databaseUid: 12, redisVersion: "7.4" });
      new RedisSoftwareDatabaseVersion(a, "orders-again", { cluster: { url: "https://CLUSTER.example.com:9443/" }, databaseUid: 12, redisVersion: "8.0" });
    });
    const message = errorOf(synth);
    expect(message).toMatch(/\[a\/orders\] pins the same database as a\/orders-again \(redis-software https:\/\/cluster\.example\.com:9443 bdb 12\)/);
    expect(message).toMatch(/\[a\/orders-again\] pins the same database as a\/orders /);
    expect(message).toMatch(/Keep one pin per database/);
  });

  it("across the stacks of one app", () => {
    const synth = twoStacks((a, b) => {
      new RedisSoftwareDatabaseVersion(a, "orders", { cluster, databaseUid: 12, redisVersion: "7.4" });
      new RedisSoftwareDatabaseVersion(b, "orders", { cluster, databaseUid: 12, redisVersion: "7.4" });
    });
    expect(errorOf(synth)).toMatch(/\[a\/orders\] pins the same database as b\/orders/);
  });

  it("the same CRDB GUID, even through another participating cluster", () => {
    const synth = twoStacks((a, b) => {
      new RedisSoftwareActiveActiveVersion(a, "carts", { cluster, crdbGuid: guid, redisVersion: "8.2" });
      new RedisSoftwareActiveActiveVersion(b, "carts", { cluster: { url: "https://west.example.com:9443" }, crdbGuid: guid.toUpperCase(), redisVersion: "8.2" });
    });
    expect(errorOf(synth)).toMatch(new RegExp(`\\[a/carts\\] pins the same database as b/carts \\(redis-software crdb ${guid}\\)`));
  });

  it("the same Redis Cloud subscription and database", () => {
    const synth = twoStacks((a, b) => {
      new RedisCloudDatabaseVersion(a, "sessions", { subscriptionId: 1234, databaseId: 5678, redisVersion: "7.4" });
      new RedisCloudDatabaseVersion(b, "sessions", { subscriptionId: 1234, databaseId: 5678, redisVersion: "8.2" });
    });
    expect(errorOf(synth)).toMatch(/\[a\/sessions\] pins the same database as b\/sessions \(redis-cloud https:\/\/api\.redislabs\.com subscriptions\/1234\/databases\/5678\)/);
  });

  it("a Redis Cloud pin without api.url and one naming the default API in another spelling (issue 20 item 5)", () => {
    const synth = twoStacks((a, b) => {
      new RedisCloudDatabaseVersion(a, "sessions", { subscriptionId: 1234, databaseId: 5678, redisVersion: "7.4" });
      new RedisCloudDatabaseVersion(b, "sessions", { subscriptionId: 1234, databaseId: 5678, redisVersion: "7.4", api: { url: "HTTPS://API.RedisLabs.com:443/v1/" } });
    });
    expect(errorOf(synth)).toMatch(/\[a\/sessions\] pins the same database as b\/sessions \(redis-cloud https:\/\/api\.redislabs\.com subscriptions\/1234\/databases\/5678\)/);
  });

  it("the same cluster named with its default port, or as a fully qualified name ending in a dot (issue 20 item 5)", () => {
    const synth = twoStacks((a, b) => {
      new RedisSoftwareDatabaseVersion(a, "orders", { cluster: { url: "https://cluster.example.com" }, databaseUid: 12, redisVersion: "7.4" });
      new RedisSoftwareDatabaseVersion(b, "orders", { cluster: { url: "https://Cluster.Example.com.:443/" }, databaseUid: 12, redisVersion: "7.4" });
    });
    expect(errorOf(synth)).toMatch(/\[a\/orders\] pins the same database as b\/orders \(redis-software https:\/\/cluster\.example\.com bdb 12\)/);
  });

  it("lets different databases through: another uid, another cluster, another Cloud plan's ids", () => {
    const synth = twoStacks((a, b) => {
      new RedisSoftwareDatabaseVersion(a, "orders", { cluster, databaseUid: 12, redisVersion: "7.4" });
      new RedisSoftwareDatabaseVersion(a, "carts", { cluster, databaseUid: 13, redisVersion: "7.4" });
      new RedisSoftwareDatabaseVersion(b, "orders", { cluster: { url: "https://other.example.com:9443" }, databaseUid: 12, redisVersion: "7.4" });
      new RedisCloudDatabaseVersion(a, "sessions", { subscriptionId: 1234, databaseId: 5678, redisVersion: "7.4" });
      new RedisCloudDatabaseVersion(b, "sessions", { subscriptionId: 1234, databaseId: 5678, plan: RedisCloudPlan.ESSENTIALS, redisVersion: "8.2" });
    });
    expect(synth).not.toThrow();
  });

  it("keeps apart pins of two apps in one process", () => {
    const first = twoStacks((a) => new RedisSoftwareDatabaseVersion(a, "orders", { cluster, databaseUid: 12, redisVersion: "7.4" }));
    const second = twoStacks((a) => new RedisSoftwareDatabaseVersion(a, "orders", { cluster, databaseUid: 12, redisVersion: "7.4" }));
    expect(first).not.toThrow();
    expect(second).not.toThrow();
  });
});
