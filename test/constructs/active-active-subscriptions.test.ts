import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { RedisCloudDatabaseVersion, RedisCloudPlan } from "../../src";
import { errorOf } from "../support/synth";
import { tempDir } from "../support/temp";

/** Two stacks of one app, synthesized as `cdktf synth` does, validations on: the check is app-wide. */
function synthJson(build: (scope: Construct, other: Construct) => void): void {
  const app = new App({ outdir: tempDir("aa") });
  build(new TerraformStack(app, "a"), new TerraformStack(app, "b"));
  app.synth();
}

const activeActive = { subscriptionId: 1234, plan: RedisCloudPlan.ACTIVE_ACTIVE };

describe("Active-Active pins of one Redis Cloud subscription", () => {
  it("fail synth when they pin different versions, across stacks, naming the other pin", () => {
    const message = errorOf(() =>
      synthJson((scope, other) => {
        new RedisCloudDatabaseVersion(scope, "orders", { ...activeActive, databaseId: 1, redisVersion: "7.4" });
        new RedisCloudDatabaseVersion(other, "carts", { ...activeActive, databaseId: 2, redisVersion: "8.2" });
      }),
    );
    expect(message).toMatch(/pins 7\.4 on an Active-Active database of Redis Cloud subscription 1234, but .*carts pins 8\.2/);
    expect(message).toMatch(/upgrades every database of an Active-Active subscription to one version/);
  });

  it("synthesize when they agree, or when the databases are not declared Active-Active, or live in other subscriptions", () => {
    expect(() =>
      synthJson((scope) => {
        new RedisCloudDatabaseVersion(scope, "orders", { ...activeActive, databaseId: 1, redisVersion: "7.4" });
        new RedisCloudDatabaseVersion(scope, "carts", { ...activeActive, databaseId: 2, redisVersion: "7.4" });
        new RedisCloudDatabaseVersion(scope, "elsewhere", { ...activeActive, subscriptionId: 99, databaseId: 3, redisVersion: "8.2" });
        new RedisCloudDatabaseVersion(scope, "single", { subscriptionId: 1234, databaseId: 4, redisVersion: "8.2" });
      }),
    ).not.toThrow();
  });
});
