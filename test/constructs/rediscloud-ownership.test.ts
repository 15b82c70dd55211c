import { TerraformResource, TerraformStack, Testing } from "cdktf";
import { RedisCloudDatabaseVersion, RedisCloudPlan, RedisSoftwareDatabaseVersion } from "../../src";
import { errorOf } from "../support/synth";

/** Raw resources of the provider's types stand in for @cdktf/provider-rediscloud's bindings: no provider is downloaded. */
function providerDatabase(stack: TerraformStack, type: string, id: string, settings: Record<string, unknown>): TerraformResource {
  const resource = new TerraformResource(stack, id, { terraformResourceType: type });
  for (const [field, value] of Object.entries(settings)) resource.addOverride(field, value);
  return resource;
}

const newStack = () => new TerraformStack(Testing.app(), "owned");
const synth = (stack: TerraformStack) => Testing.synth(stack, true);

describe("a pin and a rediscloud database resource that both set redis_version", () => {
  it.each(["rediscloud_subscription_database", "rediscloud_active_active_subscription_database", "rediscloud_essentials_database"])(
    "fails synth for a pin whose ids reference a %s, naming both paths and both ways out",
    (type) => {
      const stack = newStack();
      const db = providerDatabase(stack, type, "db", { subscription_id: "${rediscloud_subscription.sub.id}", redis_version: "7.4" });
      new RedisCloudDatabaseVersion(stack, "sessions", {
        subscriptionId: db.getStringAttribute("subscription_id"),
        databaseId: db.getNumberAttribute("db_id"),
        redisVersion: "8.2",
      });
      const message = errorOf(() => synth(stack));
      expect(message).toMatch(/RedisCloudDatabaseVersion at owned\/sessions/);
      expect(message).toContain(`${type} at owned/db`);
      expect(message).toMatch(/lifecycle: \{ ignoreChanges: \["redis_version"\] \}/);
      expect(message).toMatch(/or the provider: remove the pin owned\/sessions and keep redis_version on the resource/);
    },
  );

  it("names the generated binding's class in the fix", () => {
    const stack = newStack();
    const db = providerDatabase(stack, "rediscloud_essentials_database", "cache", { subscription_id: "77", redis_version: "7.4" });
    new RedisCloudDatabaseVersion(stack, "pin", { subscriptionId: 77, databaseId: db.getNumberAttribute("db_id"), plan: RedisCloudPlan.ESSENTIALS, redisVersion: "8.2" });
    expect(errorOf(() => synth(stack))).toMatch(/new EssentialsDatabase\(this, "cache", \{ \.\.\., lifecycle:/);
  });

  it("fails synth for literal ids that match the resource's subscription and its import id, whichever was created first", () => {
    const stack = newStack();
    new RedisCloudDatabaseVersion(stack, "sessions", { subscriptionId: 1234, databaseId: 5678, redisVersion: "8.2" });
    const db = providerDatabase(stack, "rediscloud_subscription_database", "db", { subscription_id: "1234", redis_version: "7.4" });
    db.importFrom("1234/5678");
    expect(errorOf(() => synth(stack))).toMatch(/both set the Redis version of the same database/);
  });

  it("passes when the provider resource ignores redis_version, through lifecycle or an override", () => {
    const stack = newStack();
    const viaLifecycle = providerDatabase(stack, "rediscloud_subscription_database", "a", { subscription_id: "1", redis_version: "7.4" });
    viaLifecycle.lifecycle = { ignoreChanges: ["redis_version"] };
    const viaOverride = providerDatabase(stack, "rediscloud_subscription_database", "b", { subscription_id: "1", redis_version: "7.4" });
    viaOverride.addOverride("lifecycle.ignore_changes", "all");
    new RedisCloudDatabaseVersion(stack, "pa", { subscriptionId: 1, databaseId: viaLifecycle.getNumberAttribute("db_id"), redisVersion: "8.2" });
    new RedisCloudDatabaseVersion(stack, "pb", { subscriptionId: 1, databaseId: viaOverride.getNumberAttribute("db_id"), redisVersion: "8.2" });
    expect(() => synth(stack)).not.toThrow();
  });

  it("passes when the resource sets no redis_version, or targets another database", () => {
    const stack = newStack();
    const unset = providerDatabase(stack, "rediscloud_subscription_database", "unset", { subscription_id: "1" });
    providerDatabase(stack, "rediscloud_subscription_database", "other", { subscription_id: "1", redis_version: "7.4" }).importFrom("1/999");
    new RedisCloudDatabaseVersion(stack, "a", { subscriptionId: 1, databaseId: unset.getNumberAttribute("db_id"), redisVersion: "8.2" });
    new RedisCloudDatabaseVersion(stack, "b", { subscriptionId: 1, databaseId: 5, redisVersion: "8.2" });
    new RedisSoftwareDatabaseVersion(stack, "c", { cluster: { url: "https://c:9443" }, databaseUid: 1, redisVersion: "7.4" });
    expect(() => synth(stack)).not.toThrow();
  });
});
