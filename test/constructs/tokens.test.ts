import { TerraformResource, TerraformStack, Testing, Token } from "cdktf";
import { RedisCloudDatabaseVersion, RedisSoftwareActiveActiveVersion, RedisSoftwareDatabaseVersion } from "../../src";
import { pinStateOf } from "../../src/constructs/pin-state";
import { errorOf, handlerSpecOf, pinOf, specOf } from "../support/synth";

/** A stack with a raw resource of the provider's type, as generated bindings would make it, without the provider. */
function providerStack() {
  const app = Testing.app();
  const stack = new TerraformStack(app, "tokens");
  const database = new TerraformResource(stack, "db", { terraformResourceType: "rediscloud_subscription_database" });
  database.addOverride("subscription_id", "${rediscloud_subscription.sub.id}");
  return { app, stack, database };
}

const synthOf = (stack: TerraformStack): Record<string, any> => JSON.parse(Testing.synth(stack));

describe("identities given as cdktf tokens", () => {
  it("writes Terraform references into the spec, input, triggers and the handler's environment; the pin depends on the resource", () => {
    const { stack, database } = providerStack();
    new RedisCloudDatabaseVersion(stack, "sessions", {
      subscriptionId: database.getStringAttribute("subscription_id"),
      databaseId: database.getNumberAttribute("db_id"),
      redisVersion: "8.2",
    });
    const json = synthOf(stack);
    const pin = pinOf(json);
    const spec = specOf(json);
    expect(spec.subscriptionId).toBe("${rediscloud_subscription_database.db.subscription_id}");
    expect(spec.databaseId).toBe("${rediscloud_subscription_database.db.db_id}");
    expect(JSON.parse(pin.input)).toEqual(spec);
    expect(JSON.parse(pin.triggers_replace)).toEqual(
      expect.objectContaining({ subscriptionId: "${rediscloud_subscription_database.db.subscription_id}", databaseId: "${rediscloud_subscription_database.db.db_id}" }),
    );
    // Terraform orders resources by the references in their arguments: no depends_on is needed.
    expect(pin.input).toContain("${rediscloud_subscription_database.db.db_id}");
    expect(pin.depends_on).toBeUndefined();
  });

  it("takes a Redis Software uid, a CRDB GUID and cluster URLs built around a reference", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "software");
    const cluster = new TerraformResource(stack, "re", { terraformResourceType: "terraform_data" });
    const host = cluster.getStringAttribute("output.host");
    new RedisSoftwareDatabaseVersion(stack, "orders", {
      cluster: { url: `https://${host}:9443` },
      databaseUid: Token.asNumber(cluster.getNumberAttribute("output.uid")),
      redisVersion: "7.4",
    });
    new RedisSoftwareActiveActiveVersion(stack, "global", {
      cluster: { url: `https://${host}:9443` },
      crdbGuid: cluster.getStringAttribute("output.guid"),
      redisVersion: "7.4",
    });
    const specs = Object.values(synthOf(stack).resource.terraform_data as Record<string, any>)
      .filter((resource) => resource.provisioner)
      .map(handlerSpecOf);
    expect(specs.map((spec) => spec.cluster.url)).toEqual(["https://${terraform_data.re.output.host}:9443", "https://${terraform_data.re.output.host}:9443"]);
    const byKind = Object.fromEntries(specs.map((spec) => [spec.kind, spec]));
    expect(byKind["redis-software-database"].databaseUid).toBe("${terraform_data.re.output.uid}");
    expect(byKind["redis-software-active-active"].crdbGuid).toBe("${terraform_data.re.output.guid}");
  });

  it("still validates literal ids at synth, with the messages they always had, every pin in one report", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "literal");
    new RedisCloudDatabaseVersion(stack, "a", { subscriptionId: 0, databaseId: 5, redisVersion: "8.2" });
    new RedisCloudDatabaseVersion(stack, "b", { subscriptionId: 1, databaseId: 2.5, redisVersion: "8.2" });
    new RedisSoftwareActiveActiveVersion(stack, "c", { cluster: { url: "https://c:9443" }, crdbGuid: "not-a-guid", redisVersion: "7.4" });
    new RedisSoftwareDatabaseVersion(stack, "d", { cluster: { url: "ftp://c" }, databaseUid: 1, redisVersion: "7.4" });
    const message = errorOf(() => Testing.synth(stack));
    expect(message).toMatch(/\[literal\/a\] subscriptionId: must be greater than zero/);
    expect(message).toMatch(/\[literal\/b\] databaseId: must be a whole number/);
    expect(message).toMatch(/\[literal\/c\] crdbGuid: must be the CRDB's GUID/);
    expect(message).toMatch(/\[literal\/d\] cluster\.url: must be the cluster's REST API address/);
  });

  it("reads numeric text as the number it spells, at synth as at apply", () => {
    const stack = new TerraformStack(Testing.app(), "numeric");
    const pin = new RedisCloudDatabaseVersion(stack, "sessions", { subscriptionId: "1234", databaseId: "5678", redisVersion: "8.2" });
    expect(pinStateOf(pin)?.spec).toEqual(expect.objectContaining({ subscriptionId: 1234, databaseId: 5678 }));
  });
});
