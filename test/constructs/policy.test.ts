import { App, Aspects, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { RedisCloudDatabaseVersion, RedisCloudPlan, RedisSoftwareDatabaseVersion, RedisVersionPolicy, Weekday } from "../../src";
import { policyBreaches } from "../../src/constructs/policy-check";
import { cloudSpec, softwareSpec } from "../support/specs";
import { errorOf, pinOf, specOf, synthJson } from "../support/synth";
import { tempDir } from "../support/temp";

type Library = typeof import("../../src");
type Cdk = typeof import("cdktf");

const cluster = { url: "https://cluster.example.com:9443" };
/** Every rule but the end-of-life one, which depends on the day the test runs (tested below on fixed dates). */
const EVERY_RULE = {
  forbidPreviewTargets: true,
  requireMaintenanceWindow: true,
  requireBackupBeforeUpgrade: true,
  forbidMajorVersionUpgrade: true,
  forbidDataDiscard: true,
};

/** Two pins that break rules: a preview target with consent to a major upgrade, and a data-discarding upgrade. */
function breakingPins(library: Pick<Library, "RedisSoftwareDatabaseVersion" | "RedisCloudDatabaseVersion">, scope: Construct): void {
  new library.RedisCloudDatabaseVersion(scope, "cache", { subscriptionId: 1, databaseId: 2, plan: RedisCloudPlan.ESSENTIALS, redisVersion: "8.0", allowMajorVersionUpgrade: true });
  new library.RedisSoftwareDatabaseVersion(scope, "orders", {
    cluster,
    databaseUid: 12,
    redisVersion: "7.4",
    upgrade: { mayDiscardData: true },
    acknowledgeDataLoss: true,
    maintenanceWindows: [{ start: "01:00", end: "03:00" }],
  });
}

function synthApp(cdk: Cdk, build: (app: App) => void): string {
  const app = new cdk.App({ outdir: tempDir("policy") });
  build(app);
  return errorOf(() => app.synth());
}

describe("RedisVersionPolicy", () => {
  it("added to a stack, fails synth listing every breach of every pin with its path and rule", () => {
    const message = synthApp({ App, TerraformStack } as Cdk, (app) => {
      const stack = new TerraformStack(app, "prod");
      breakingPins({ RedisSoftwareDatabaseVersion, RedisCloudDatabaseVersion }, stack);
      Aspects.of(stack).add(new RedisVersionPolicy(EVERY_RULE));
    });
    const lines = message.split("\n").map((line) => line.trim()).filter((line) => line.startsWith("[prod/"));
    expect(lines).toEqual([
      "[prod/cache] RedisVersionPolicy forbidPreviewTargets: redisVersion 8.0 is a preview release line: pin a GA version",
      "[prod/cache] RedisVersionPolicy requireMaintenanceWindow: maintenanceWindows is not set: say when this database may be upgraded",
      "[prod/cache] RedisVersionPolicy requireBackupBeforeUpgrade: backupBeforeUpgrade is not true: back the database up before its upgrade",
      "[prod/cache] RedisVersionPolicy forbidMajorVersionUpgrade: allowMajorVersionUpgrade is true: major upgrades are not allowed here",
      "[prod/orders] RedisVersionPolicy forbidDataDiscard: upgrade.mayDiscardData may discard data: remove it",
    ]);
  });

  it("added to the app, reaches the pins of every stack, which cdktf 0.21 alone would not", () => {
    const message = synthApp({ App, TerraformStack } as Cdk, (app) => {
      breakingPins({ RedisSoftwareDatabaseVersion, RedisCloudDatabaseVersion }, new TerraformStack(app, "eu"));
      new RedisSoftwareDatabaseVersion(new TerraformStack(app, "us"), "carts", { cluster, databaseUid: 3, redisVersion: "7.4", allowMajorVersionUpgrade: true });
      Aspects.of(app).add(new RedisVersionPolicy({ forbidMajorVersionUpgrade: true }));
    });
    // One report for the whole app, though cdktf validates stacks one by one.
    expect(message).toContain("[eu/cache] RedisVersionPolicy forbidMajorVersionUpgrade");
    expect(message).toContain("[us/carts] RedisVersionPolicy forbidMajorVersionUpgrade");
    expect(message).not.toContain("[eu/orders]");
  });

  it("added to both the app and a stack, reports each breach once", () => {
    const message = synthApp({ App, TerraformStack } as Cdk, (app) => {
      const stack = new TerraformStack(app, "prod");
      breakingPins({ RedisSoftwareDatabaseVersion, RedisCloudDatabaseVersion }, stack);
      const policy = new RedisVersionPolicy({ forbidMajorVersionUpgrade: true });
      Aspects.of(app).add(policy);
      Aspects.of(stack).add(policy);
    });
    expect(message.match(/forbidMajorVersionUpgrade/g)).toHaveLength(1);
  });

  it("lets a stack of compliant pins synthesize", () => {
    const app = new App({ outdir: tempDir("policy") });
    const stack = new TerraformStack(app, "prod");
    new RedisSoftwareDatabaseVersion(stack, "orders", { cluster, databaseUid: 12, redisVersion: "7.4", maintenanceWindows: [{ start: "01:00", end: "03:00" }] });
    Aspects.of(app).add(new RedisVersionPolicy({ forbidMajorVersionUpgrade: true, requireMaintenanceWindow: true, forbidPreviewTargets: true }));
    expect(() => app.synth()).not.toThrow();
  });

  it("forbids a target past its documented end of life, measured on the synth date", () => {
    const options = { forbidEndOfLifeTargets: true };
    const spec = cloudSpec({ redisVersion: "8.0", plan: "essentials" });
    expect(policyBreaches(options, spec, new Date("2026-11-30T00:00:00Z"))).toEqual([]);
    expect(policyBreaches(options, spec, new Date("2026-12-01T00:00:00Z"))).toEqual([
      "RedisVersionPolicy forbidEndOfLifeTargets: redisVersion 8.0 reached its end of life on 2026-12-01: pin a supported version",
    ]);
    expect(policyBreaches(options, softwareSpec({ redisVersion: "7.4" }), new Date("2040-01-01T00:00:00Z"))).toEqual([]);
  });

  it("works for pins and policies of the CDK Terrain entry", () => {
    let terrain: { library: Library; cdk: Cdk; cdktn: Cdk } | undefined;
    jest.isolateModules(() => {
      // What scripts/build-cdktn.mjs does to the compiled constructs: their `cdktf` is `cdktn`.
      jest.doMock("cdktf", () => jest.requireActual("cdktn"));
      terrain = { library: require("../../src"), cdk: require("cdktf"), cdktn: jest.requireActual("cdktn") };
    });
    const { library, cdk, cdktn } = terrain!;
    expect(cdk.App).toBe(cdktn.App);
    const message = synthApp(cdk, (app) => {
      breakingPins(library, new cdk.TerraformStack(app, "terrain"));
      cdk.Aspects.of(app).add(new library.RedisVersionPolicy({ forbidDataDiscard: true }));
    });
    expect(message).toContain("[terrain/orders] RedisVersionPolicy forbidDataDiscard: upgrade.mayDiscardData may discard data");
  });
});

describe("upgradeAfter", () => {
  it("makes the pin's resource depend on the listed pins and carries their specs for the handler", () => {
    const json = synthJson((scope) => {
      const replica = new RedisSoftwareDatabaseVersion(scope, "replica", { cluster, databaseUid: 2, redisVersion: "8.0", allowMajorVersionUpgrade: true });
      new RedisSoftwareDatabaseVersion(scope, "source", { cluster, databaseUid: 1, redisVersion: "8.0", allowMajorVersionUpgrade: true, upgradeAfter: [replica] });
    });
    const [replica, source] = Object.entries(json.resource.terraform_data as Record<string, any>).sort(([a], [b]) => a.localeCompare(b));
    expect(source[1].depends_on).toEqual([`terraform_data.${replica[0]}`]);
    const spec = JSON.parse(source[1].input);
    expect(spec.upgradeAfter).toEqual([JSON.parse(replica[1].input)]);
    expect(spec.upgradeAfter[0]).toMatchObject({ databaseUid: 2, redisVersion: "8.0" });
  });

  it("leaves a pin without it as it was", () => {
    const json = synthJson((scope) => void new RedisSoftwareDatabaseVersion(scope, "orders", { cluster, databaseUid: 2, redisVersion: "7.4" }));
    expect(pinOf(json).depends_on).toBeUndefined();
    expect(specOf(json).upgradeAfter).toBeUndefined();
  });

  it("refuses what is not a pin, naming the field", () => {
    const stack = new TerraformStack(Testing.app(), "main");
    new RedisSoftwareDatabaseVersion(stack, "source", { cluster, databaseUid: 1, redisVersion: "7.4", upgradeAfter: [{} as never] });
    const message = errorOf(() => Testing.synth(stack));
    expect(message).toContain("[main/source] upgradeAfter.0: must be a version pin");
  });
});

describe("the safety props at synth", () => {
  it("write consent and windows into the spec, the zone defaulting to UTC", () => {
    const json = synthJson(
      (scope) =>
        void new RedisCloudDatabaseVersion(scope, "sessions", {
          subscriptionId: 1,
          databaseId: 2,
          redisVersion: "8.2",
          allowMajorVersionUpgrade: true,
          maintenanceWindows: [{ days: [Weekday.SAT, Weekday.SUN], start: "22:00", end: "02:00" }],
        }),
    );
    expect(specOf(json)).toMatchObject({ allowMajorVersionUpgrade: true, maintenanceWindows: [{ days: ["sat", "sun"], start: "22:00", end: "02:00", timeZone: "UTC" }] });
  });

  it("fail on an invalid window, naming the field", () => {
    const message = errorOf(() =>
      synthJson(
        (scope) =>
          void new RedisSoftwareDatabaseVersion(scope, "orders", {
            cluster,
            databaseUid: 12,
            redisVersion: "7.4",
            maintenanceWindows: [{ start: "22:00", end: "02:00", timeZone: "Mars/Olympus" }],
          }),
      ),
    );
    expect(message).toContain('maintenanceWindows.0.timeZone: "Mars/Olympus" is not an IANA time zone');
  });
});
