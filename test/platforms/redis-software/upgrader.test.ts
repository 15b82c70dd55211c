import { RunFailure } from "../../../src/core/errors";
import { UserFacingError } from "../../../src/core/errors";
import { softwareDatabaseUpgrader } from "../../../src/platforms/redis-software";
import { SoftwareDatabaseSpec } from "../../../src/spec";
import { parseVersion } from "../../../src/versions";
import { applyDatabase, Cluster, databaseSpec, fastTransport, startCluster } from "../../support/software-cluster";
import { followToEnd, withTestRun } from "../../support/run";

describe("softwareDatabaseUpgrader with run() against the simulator", () => {
  let cluster: Cluster;

  beforeEach(async () => {
    cluster = await startCluster();
  });
  afterEach(() => cluster.close());

  const specFor = (overrides: Partial<SoftwareDatabaseSpec> = {}) => databaseSpec(cluster, { upgrade: { preserveRoles: true }, ...overrides });
  const upgraderFor = (spec: SoftwareDatabaseSpec) => softwareDatabaseUpgrader(spec, cluster.context, fastTransport());
  const apply = (spec = specFor()) => applyDatabase(cluster, spec);
  const output = () => cluster.context.log.lines.join("\n");
  const failureOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: Error) => error);

  it("upgrades 7.2 to 7.4: observe, submit, follow with progress, verify", async () => {
    cluster.simulator.addDatabase({ uid: 12, version: "7.2", replication: true });
    const outcome = await apply();
    expect(outcome.kind).toBe("upgraded");
    expect(outcome.summary).toMatch(new RegExp(`Redis Software database 12 at ${cluster.server.url}\\): upgraded 7\\.2\\.7 → 7\\.4\\.2`));
    expect(cluster.upgradePosts().map((request) => request.body)).toEqual([{ redis_version: "7.4", preserve_roles: true }]);
    expect(cluster.simulator.database(12)).toMatchObject({ redis_version: "7.4", version: "7.4.2", status: "active" });
    expect(output()).toMatch(/upgrade requested, following GET \/v1\/actions\/[\w-]+/);
    expect(output()).toMatch(/\] (check_slaves|prepare) \d+%/);
  });

  it("does nothing when the database already runs the pin", async () => {
    cluster.simulator.addDatabase({ uid: 12, version: "7.4" });
    expect((await apply()).kind).toBe("noop");
    expect(cluster.upgradePosts()).toHaveLength(0);
  });

  it("follows an upgrade that is already running and submits nothing", async () => {
    cluster.simulator.addDatabase({ uid: 12, version: "7.2", replication: true });
    const running = cluster.simulator.state.startUpgrade(cluster.simulator.state.databases.get(12)!, "7.4.2");
    const outcome = await apply();
    expect(outcome).toMatchObject({ kind: "upgraded", operation: { actionUid: running.uid, lookup: `GET /v1/actions/${running.uid}` } });
    expect(output()).toMatch(/an upgrade is already running/);
    expect(cluster.upgradePosts()).toHaveLength(0);
  });

  it("does not mistake the bdb's last, completed action for a running one", async () => {
    cluster.simulator.addDatabase({ uid: 12, version: "7.2", replication: true });
    const earlier = cluster.simulator.state.startUpgrade(cluster.simulator.state.databases.get(12)!, "7.2.7");
    cluster.simulator.state.expireAction(earlier.uid);
    expect(cluster.simulator.database(12).action_uid).toBe(earlier.uid);
    expect((await apply()).kind).toBe("upgraded");
    expect(cluster.upgradePosts()).toHaveLength(1);
  });

  it("refuses an Active-Active instance and names the construct and GUID to use", async () => {
    cluster.simulator.addDatabase({ uid: 12, version: "7.2", crdt: true, crdtGuid: "1a2b-guid" });
    const error = await failureOf(apply());
    expect(error).toBeInstanceOf(RunFailure);
    expect(error?.message).toMatch(/Active-Active.*RedisSoftwareActiveActiveVersion and crdbGuid: "1a2b-guid"/);
    expect(cluster.upgradePosts()).toHaveLength(0);
  });

  it("refuses a downgrade and posts nothing", async () => {
    cluster.simulator.addDatabase({ uid: 12, version: "8.0" });
    expect((await failureOf(apply()))?.message).toMatch(/refused: the database runs 8\.0\.0, a newer major version/);
    expect(cluster.upgradePosts()).toHaveLength(0);
  });

  it("refuses a version the nodes do not offer and posts nothing", async () => {
    cluster.simulator.addDatabase({ uid: 12, version: "7.2" });
    const error = await failureOf(apply(specFor({ redisVersion: "7.4.9" })));
    expect(error?.message).toMatch(/7\.4\.9 is not a version this control plane can upgrade to; it offers 6\.2\.13, 7\.2\.7, 7\.4\.2, 8\.0\.0/);
    expect(cluster.upgradePosts()).toHaveLength(0);
  });

  it("never sends data-loss flags without the acknowledgement, even if the spec check was bypassed", async () => {
    cluster.simulator.addDatabase({ uid: 12, version: "7.2" });
    const unchecked = { ...specFor(), upgrade: { mayDiscardData: true } };
    const error = await failureOf(apply(unchecked));
    expect(error).toBeInstanceOf(UserFacingError);
    expect(error?.message).toMatch(/not sending the upgrade: upgrade\.mayDiscardData can discard/);
    expect(cluster.upgradePosts()).toHaveLength(0);
  });

  it("sends acknowledged data-loss flags, which a database without replication or persistence needs", async () => {
    cluster.simulator.addDatabase({ uid: 12, version: "7.2" });
    expect((await failureOf(apply()))?.message).toMatch(/\(400\).*neither replication nor persistence/);
    const outcome = await apply(specFor({ upgrade: { mayDiscardData: true }, acknowledgeDataLoss: true }));
    expect(outcome.kind).toBe("upgraded");
    expect(cluster.upgradePosts().at(-1)?.body).toEqual({ redis_version: "7.4", may_discard_data: true });
  });

  it("reports a failed action with the cluster's reason", async () => {
    cluster.simulator.addDatabase({ uid: 12, version: "7.2", replication: true });
    cluster.simulator.failNextUpgrade(12, "shard 3 did not come back");
    const error = await failureOf(apply());
    expect(error?.message).toMatch(/the upgrade failed: SMUpgradeBDB failed in state \w+: shard 3 did not come back\. Details: GET \/v1\/actions\//);
    expect(cluster.simulator.database(12)).toMatchObject({ redis_version: "7.2", status: "active" });
  });

  it("verifies through the database when the action is gone", async () => {
    cluster.simulator.addDatabase({ uid: 12, version: "7.2", replication: true });
    const upgrader = upgraderFor(specFor());
    const operation = await upgrader.submit(parseVersion("7.4"), await upgrader.observe(parseVersion("7.4")));
    const result = await followToEnd(upgrader, operation, parseVersion("7.4"), cluster.context, () => cluster.simulator.expireAction(operation.actionUid));
    expect(result).toEqual({ kind: "gone" });
    expect(await upgrader.verify(parseVersion("7.4"))).toMatchObject({ kind: "verified", observed: { current: { text: "7.4.2" } } });
  });

  it("times out at the deadline with the last progress seen", async () => {
    cluster.simulator.addDatabase({ uid: 12, version: "7.2", replication: true });
    const upgrader = upgraderFor(specFor());
    const operation = await upgrader.submit(parseVersion("7.4"), await upgrader.observe(parseVersion("7.4")));
    // Reads at 1 s, then the next would come after the deadline at 1.5 s.
    const result = await withTestRun(cluster.context, 0.025, (short) => followToEnd(upgrader, operation, parseVersion("7.4"), short, undefined, 1_000));
    expect(result).toEqual({ kind: "timeout", last: { state: "check_slaves", percent: 17 } });
  });

  it("does not verify while the database is still changing, or off the pinned patch", async () => {
    cluster.simulator.addDatabase({ uid: 12, version: "7.4", replication: true });
    const upgrader = upgraderFor(specFor());
    cluster.simulator.state.startUpgrade(cluster.simulator.state.databases.get(12)!, "7.4.2");
    expect(await upgrader.verify(parseVersion("7.4"))).toEqual({ kind: "not-yet", why: "the database status is active-change-pending, not active" });
    expect(await upgrader.verify(parseVersion("7.4.3"))).toEqual({ kind: "not-yet", why: "the database reports redis_version 7.4 (version 7.4.2), which does not satisfy 7.4.3" });
    expect(await upgrader.verify(parseVersion("8.0"))).toEqual({ kind: "not-yet", why: "the database reports redis_version 7.4 (version 7.4.2), which does not satisfy 8.0" });
  });

  it("stops before any request when the CA file is missing, naming the path and the field", async () => {
    const spec = specFor({ cluster: { ...cluster.spec, caCertFile: "certs/missing.pem" } });
    expect(() => upgraderFor(spec)).toThrow(/certs\/missing\.pem named by cluster\.caCertFile \(ENOENT\)/);
    expect(cluster.server.requests).toHaveLength(0);
  });

  it("reads the CA from REDIS_SOFTWARE_CA_CERT when the spec names none", async () => {
    cluster.simulator.addDatabase({ uid: 12, version: "7.4" });
    const spec = specFor({ cluster: { ...cluster.spec, caCertFile: undefined } });
    const context = { ...cluster.context, env: { ...cluster.context.env, REDIS_SOFTWARE_CA_CERT: "ca.pem" } };
    expect((await softwareDatabaseUpgrader(spec, context, fastTransport()).observe(parseVersion("7.4"))).current.text).toBe("7.4.2");
  });

  it("stops before any request when a credential variable is unset", async () => {
    const context = { ...cluster.context, env: {} };
    expect(() => softwareDatabaseUpgrader(specFor(), context)).toThrow(/RS_USER .*is not set/);
  });
});
