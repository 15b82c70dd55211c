import { endpointOf, PlannedPin, planPins } from "../../src/engine";
import { profileOf } from "../../src/kinds";
import { softwareDatabaseUpgrader } from "../../src/platforms/redis-software/upgrader";
import { SoftwareDatabaseSpec, specSchema } from "../../src/spec";
import { parseVersion } from "../../src/versions";
import { Cluster, fastTransport, startCluster } from "../support/software-cluster";

describe("endpointOf", () => {
  it.each([
    ["redis://admin:s3cret@Redis-12001.cluster.local:12001", "redis-12001.cluster.local:12001"],
    ["rediss://:pw@10.0.0.5:16379/0", "10.0.0.5:16379"],
    ["redis-12345.c1.us-east-1.ec2.cloud.redislabs.com:12345", "redis-12345.c1.us-east-1.ec2.cloud.redislabs.com:12345"],
    ["another", undefined],
  ])("%s → %s, never the credentials", (text, expected) => {
    expect(endpointOf(text)).toBe(expected);
  });
});

/*
 * Replica Of, read live: the simulated cluster reports bdb 13 as a replica of
 * bdb 12 (its replica_sources URI carries the source's password), and the
 * plan warns when the source would be upgraded with nothing ordering the
 * destination first.
 */
describe("plan and Replica Of links between pinned databases", () => {
  let cluster: Cluster;
  beforeEach(async () => {
    cluster = await startCluster();
    cluster.simulator.addDatabase({ uid: 12, version: "7.2", replication: true });
    cluster.simulator.addDatabase({ uid: 13, version: "7.2", replication: true, replicaOf: [12] });
  });
  afterEach(() => cluster.close());

  const spec = (address: string, databaseUid: number, extra: Record<string, unknown> = {}): SoftwareDatabaseSpec =>
    specSchema.parse({ kind: "redis-software-database", format: 1, address, redisVersion: "7.4", cluster: cluster.spec, databaseUid, ...extra }) as SoftwareDatabaseSpec;
  const planned = (pinSpec: SoftwareDatabaseSpec, after: SoftwareDatabaseSpec[] = []): PlannedPin => {
    const reader = (read: SoftwareDatabaseSpec) => ({
      address: read.address,
      redisVersion: read.redisVersion,
      observe: () => softwareDatabaseUpgrader(read, cluster.context, fastTransport()).observe(parseVersion(read.redisVersion)),
    });
    return { ...reader(pinSpec), kind: pinSpec.kind, profile: profileOf(pinSpec), upgradeAfter: after.map(reader) };
  };

  it("warns on a source upgraded with no upgradeAfter on its destination, and never shows the source's password", async () => {
    const rows = await planPins([planned(spec("app/source", 12)), planned(spec("app/destination", 13))]);
    expect(rows.map((row) => row.action)).toEqual(["upgrade", "upgrade"]);
    expect(rows[0].warnings).toContainEqual(expect.stringContaining("a Replica Of source of app/destination, which replicates from it"));
    expect(rows[0].warnings.join("\n")).toContain("Add upgradeAfter: [app/destination] to this pin");
    expect(rows[1].warnings.join("\n")).not.toContain("Replica Of");
    expect(JSON.stringify(rows)).not.toContain("source-password");
  });

  it("shows the order instead when the source lists its destination in upgradeAfter", async () => {
    const destination = spec("app/destination", 13);
    const rows = await planPins([planned(spec("app/source", 12), [destination]), planned(destination)]);
    expect(rows[0].action).toBe("upgrade");
    expect(rows[0].warnings.join("\n")).not.toContain("Replica Of");
    expect(rows[0].notes).toContain("upgradeAfter: upgraded after app/destination (7.2.7 → 7.4 earlier in the same apply)");
  });

  it("defers the source in the plan when its destination is listed but neither reached nor planned", async () => {
    const rows = await planPins([planned(spec("app/source", 12), [spec("app/destination", 13)])]);
    expect(rows[0]).toMatchObject({ action: "deferred", reason: expect.stringContaining("upgradeAfter: app/destination runs 7.2.7, not yet its pin 7.4") });
  });
});
