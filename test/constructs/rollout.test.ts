import * as fs from "node:fs";
import * as path from "node:path";
import { App, Aspects, TerraformStack, Testing } from "cdktf";
import {
  PinSelector,
  RedisCloudDatabaseVersion,
  RedisSoftwareDatabaseVersion,
  RedisVersionPolicy,
  RedisVersionRollout,
  RedisVersionRolloutWave,
} from "../../src";
import { pinStateOf } from "../../src/constructs/pin-state";
import { Spec } from "../../src/spec";
import { errorOf } from "../support/synth";
import { tempDir } from "../support/temp";

const cluster = { url: "https://cluster.example.com:9443" };
/** An app with a staging and a production stack, as most teams split them; validated at synth only when asked, as a policy needs. */
function twoStacks(validated = false) {
  const app = new App({ outdir: tempDir("rollout"), skipValidation: !validated });
  return { app, staging: new TerraformStack(app, "staging"), production: new TerraformStack(app, "production") };
}

/** Each pin resource of a synthesized stack, by its spec's address, with its parsed spec. */
function pinsOf(app: App, stack: string): Record<string, { resource: any; spec: any }> {
  const json = JSON.parse(fs.readFileSync(path.join(app.outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
  return Object.fromEntries(
    Object.values(json.resource.terraform_data as Record<string, any>).map((resource) => {
      const spec = JSON.parse(resource.input);
      return [spec.address, { resource, spec }];
    }),
  );
}

describe("upgradeAfter across stacks", () => {
  it("carries the staging pin's spec and CA file into the production stack, with no Terraform dependency between the stacks", () => {
    const { app, staging, production } = twoStacks();
    const caFile = path.join(tempDir("rollout"), "staging-ca.pem");
    fs.writeFileSync(caFile, "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
    const stagingOrders = new RedisSoftwareDatabaseVersion(staging, "orders", { cluster: { ...cluster, caCertFile: caFile }, databaseUid: 22, redisVersion: "7.4" });
    new RedisSoftwareDatabaseVersion(production, "orders", { cluster, databaseUid: 12, redisVersion: "7.4", upgradeAfter: [stagingOrders], soakHours: 48 });
    app.synth();

    const { resource, spec } = pinsOf(app, "production")["production/orders"];
    expect(resource.depends_on).toBeUndefined();
    expect(spec).toMatchObject({ upgradeAfter: [{ address: "staging/orders", databaseUid: 22, redisVersion: "7.4", soakHours: 48 }] });
    expect(spec.upgradeAfter[0]).toEqual({ ...pinsOf(app, "staging")["staging/orders"].spec, soakHours: 48 });
    // The handler runs in the production stack's directory: the CA it reads staging with is there.
    const carried = path.join(app.outdir, "stacks", "production", spec.upgradeAfter[0].cluster.caCertFile);
    expect(fs.readFileSync(carried, "utf8")).toBe(fs.readFileSync(caFile, "utf8"));
  });

  it("takes fractions of an hour, and refuses a soak without upgradeAfter, a soak of zero, the pin itself and another app's pin, all in one report", () => {
    const { app, staging, production } = twoStacks();
    const first = new RedisCloudDatabaseVersion(staging, "sessions", { subscriptionId: 1, databaseId: 2, redisVersion: "7.4" });
    const second = new RedisCloudDatabaseVersion(production, "sessions", { subscriptionId: 1, databaseId: 3, redisVersion: "7.4", upgradeAfter: [first], soakHours: 0.25 });
    expect((pinStateOf(second)?.spec as Spec).upgradeAfter?.[0].soakHours).toBe(0.25);

    new RedisCloudDatabaseVersion(production, "alone", { subscriptionId: 1, databaseId: 4, redisVersion: "7.4", soakHours: 48 });
    new RedisCloudDatabaseVersion(production, "zero", { subscriptionId: 1, databaseId: 5, redisVersion: "7.4", upgradeAfter: [first], soakHours: 0 });
    const other = new RedisCloudDatabaseVersion(new TerraformStack(Testing.app(), "elsewhere"), "sessions", { subscriptionId: 9, databaseId: 9, redisVersion: "7.4" });
    const odd: RedisCloudDatabaseVersion = new RedisCloudDatabaseVersion(production, "odd", { subscriptionId: 1, databaseId: 6, redisVersion: "7.4", upgradeAfter: [other, {} as never] });
    new RedisCloudDatabaseVersion(production, "itself", { subscriptionId: 1, databaseId: 7, redisVersion: "7.4", upgradeAfter: [odd] });
    const message = errorOf(() => app.synth());
    expect(message).toContain("[production/alone] soakHours: needs upgradeAfter");
    expect(message).toContain("[production/zero] soakHours: must be greater than zero");
    expect(message).toContain("[production/odd] upgradeAfter.0: elsewhere/sessions belongs to another app");
    expect(message).toContain("[production/odd] upgradeAfter.1: must be a version pin");
    expect(message).toContain("[production/itself] upgradeAfter.0: production/odd is itself invalid: fix it first");
  });
});

describe("RedisVersionRollout", () => {
  function rollout(waves: (stacks: ReturnType<typeof twoStacks> & Record<string, any>) => RedisVersionRolloutWave[]) {
    const stacks = twoStacks();
    const pins = {
      ...stacks,
      stagingOrders: new RedisSoftwareDatabaseVersion(stacks.staging, "orders", { cluster, databaseUid: 22, redisVersion: "7.4" }),
      stagingSessions: new RedisCloudDatabaseVersion(stacks.staging, "sessions", { subscriptionId: 1, databaseId: 22, redisVersion: "8.2", allowMajorVersionUpgrade: true }),
      orders: new RedisSoftwareDatabaseVersion(stacks.production, "orders", { cluster, databaseUid: 12, redisVersion: "7.4" }),
      sessions: new RedisCloudDatabaseVersion(stacks.production, "sessions", { subscriptionId: 1, databaseId: 12, redisVersion: "8.2", allowMajorVersionUpgrade: true }),
    };
    new RedisVersionRollout(stacks.app, "rollout", { waves: waves(pins) });
    return pins;
  }

  it("orders each wave after the previous one with the wave's soak, and marks every pin with its wave for plan", () => {
    const { app } = rollout((pins) => [
      { name: "staging", pins: [pins.stagingOrders, pins.stagingSessions] },
      { name: "production", pins: [pins.orders, pins.sessions], soakHours: 48 },
    ]);
    app.synth();
    const staging = pinsOf(app, "staging");
    const production = pinsOf(app, "production");
    expect(staging["staging/orders"].spec).toMatchObject({ rollout: { name: "rollout", wave: "staging", index: 1 } });
    expect(staging["staging/orders"].spec.upgradeAfter).toBeUndefined();
    for (const address of ["production/orders", "production/sessions"]) {
      const { spec } = production[address];
      expect(spec).toMatchObject({ rollout: { name: "rollout", wave: "production", index: 2 } });
      expect(spec.upgradeAfter).toEqual([staging["staging/orders"].spec, staging["staging/sessions"].spec].map((listed) => ({ ...withoutOrder(listed), soakHours: 48 })));
    }
  });

  it("adds to a pin's own upgradeAfter, each listed pin with its own soak; only the pins of its stack become dependencies", () => {
    const { app, staging, production } = twoStacks();
    const first = new RedisSoftwareDatabaseVersion(staging, "orders", { cluster, databaseUid: 22, redisVersion: "7.4" });
    const replica = new RedisSoftwareDatabaseVersion(production, "orders-replica", { cluster, databaseUid: 13, redisVersion: "7.4" });
    const orders = new RedisSoftwareDatabaseVersion(production, "orders", { cluster, databaseUid: 12, redisVersion: "7.4", upgradeAfter: [replica] });
    new RedisVersionRollout(app, "rollout", { waves: [{ name: "staging", pins: [first] }, { name: "production", pins: [orders], soakHours: 48 }] });
    app.synth();
    const { resource, spec } = pinsOf(app, "production")["production/orders"];
    // The replica goes first with no soak (the pin asked none); staging must have run its pin for the wave's 48 hours.
    expect(spec.upgradeAfter.map((listed: Spec & { soakHours?: number }) => [listed.address, listed.soakHours])).toEqual([
      ["production/orders-replica", undefined],
      ["staging/orders", 48],
    ]);
    expect(resource.depends_on).toEqual([expect.stringMatching(/^terraform_data\.orders-replica_pin_/)]);
  });

  it.each<[string, (pins: any) => RedisVersionRolloutWave[], string]>([
    ["one wave", (pins) => [{ name: "all", pins: [pins.orders] }], "waves: must list at least two waves"],
    ["a soak on the first wave", (pins) => [{ name: "staging", pins: [pins.stagingOrders], soakHours: 1 }, { name: "production", pins: [pins.orders] }], "waves.0.soakHours: the first wave waits for nothing"],
    ["two waves of one name", (pins) => [{ name: "a", pins: [pins.stagingOrders] }, { name: "a", pins: [pins.orders] }], 'waves.1.name: "a" names two waves'],
    ["a pin in two waves", (pins) => [{ name: "a", pins: [pins.orders] }, { name: "b", pins: [pins.orders] }], "waves.1.pins.0: production/orders is already in wave a"],
    ["something that is not a pin", (pins) => [{ name: "a", pins: [pins.orders] }, { name: "b", pins: [{}] }], "waves.1.pins.0: must be a version pin"],
    ["an empty wave", (pins) => [{ name: "a", pins: [pins.orders] }, { name: "b", pins: [] }], "waves.1.pins: must list at least one pin"],
  ])("refuses %s at synth, naming the field, even with validations skipped", (_case, waves, expected) => {
    const message = errorOf(() => rollout(waves).app.synth());
    expect(message).toContain(`[rollout] ${expected}`);
  });

  it("refuses a pin that lists a pin of the previous wave itself with another soak", () => {
    const { staging, production, app } = twoStacks();
    const first = new RedisSoftwareDatabaseVersion(staging, "orders", { cluster, databaseUid: 22, redisVersion: "7.4" });
    const second = new RedisSoftwareDatabaseVersion(production, "orders", { cluster, databaseUid: 12, redisVersion: "7.4", upgradeAfter: [first], soakHours: 1 });
    new RedisVersionRollout(app, "rollout", { waves: [{ name: "staging", pins: [first] }, { name: "production", pins: [second], soakHours: 2 }] });
    expect(errorOf(() => app.synth())).toContain(
      "[production/orders] upgradeAfter: staging/orders is listed with soakHours 1 by this pin and 2 by its wave production of rollout: set it in one place",
    );
  });
});

describe("RedisVersionPolicy requireUpgradeAfter", () => {
  const policed = (build: (stacks: ReturnType<typeof twoStacks>) => void, policy: RedisVersionPolicy) => {
    const stacks = twoStacks(true);
    build(stacks);
    Aspects.of(stacks.app).add(policy);
    return () => stacks.app.synth();
  };
  const pins = ({ staging, production }: ReturnType<typeof twoStacks>, ordered: boolean) => {
    const first = new RedisSoftwareDatabaseVersion(staging, "orders", { cluster, databaseUid: 22, redisVersion: "7.4" });
    new RedisSoftwareDatabaseVersion(production, "orders", { cluster, databaseUid: 12, redisVersion: "7.4", ...(ordered ? { upgradeAfter: [first] } : {}) });
  };

  it("fails synth for a selected pin upgraded after nothing, and passes the same pin once ordered", () => {
    const policy = () => new RedisVersionPolicy({ requireUpgradeAfter: PinSelector.inStacks("production") });
    const message = errorOf(policed((stacks) => pins(stacks, false), policy()));
    expect(message).toContain("[production/orders] RedisVersionPolicy requireUpgradeAfter: upgradeAfter is not set");
    expect(message).not.toContain("[staging/orders]");
    expect(() => policed((stacks) => pins(stacks, true), policy())()).not.toThrow();
  });

  it("takes the user's own selector, and counts a rollout's wave as an order", () => {
    const selected: string[] = [];
    const policy = new RedisVersionPolicy({
      requireUpgradeAfter: { selects: (pin) => (selected.push(`${pin.stackName} ${pin.path} ${pin.redisVersion}`), pin.path.endsWith("/orders")) },
    });
    const synth = policed(({ app, staging, production }) => {
      const first = new RedisSoftwareDatabaseVersion(staging, "orders", { cluster, databaseUid: 22, redisVersion: "7.4" });
      const second = new RedisSoftwareDatabaseVersion(production, "orders", { cluster, databaseUid: 12, redisVersion: "7.4" });
      new RedisVersionRollout(app, "rollout", { waves: [{ name: "staging", pins: [first] }, { name: "production", pins: [second] }] });
    }, policy);
    const message = errorOf(synth);
    expect(message).toContain("[staging/orders] RedisVersionPolicy requireUpgradeAfter");
    expect(message).not.toContain("[production/orders]");
    expect(selected).toEqual(expect.arrayContaining(["staging staging/orders 7.4"]));
  });
});

/** A predecessor's spec is carried without its own order fields. */
function withoutOrder(spec: Record<string, unknown>): Record<string, unknown> {
  const { upgradeAfter, soakHours, rollout, ...own } = spec;
  void [upgradeAfter, soakHours, rollout];
  return own;
}
