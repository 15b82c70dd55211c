import { run } from "../../../src/engine";
import {
  actionOperation,
  connectCluster,
  isRunningUpgrade,
  RedisSoftwareClient,
  softwareActiveActiveUpgrader,
  softwareDatabaseUpgrader,
} from "../../../src/platforms/redis-software";
import { actionStep } from "../../../src/platforms/redis-software/action-step";
import { crdbTaskStep } from "../../../src/platforms/redis-software/crdb-task-step";
import { actionSchema, bdbSchema } from "../../../src/platforms/redis-software/schemas";
import { crdbTaskSchema } from "../../../src/platforms/redis-software/crdb-schemas";
import { activeActiveSpecSchema, parseResolved } from "../../../src/spec";
import { CrdbRegistry, RedisSoftwareSimulatorOptions } from "../../../src/simulator/redis-software";
import { parseVersion } from "../../../src/versions";
import { profileOf } from "../../../src/kinds";
import { followToEnd, withTestRun } from "../../support/run";
import { ActiveActiveClusters, applyDatabase, Cluster, databaseSpec, fastTransport, startActiveActive, startCluster } from "../../support/software-cluster";

const same = (text: string) => text;

describe("Redis Software fidelity (issue 12): a database against the simulator over HTTPS", () => {
  let cluster: Cluster;

  async function start(options: Partial<RedisSoftwareSimulatorOptions> = {}) {
    cluster = await startCluster(options);
  }
  afterEach(() => cluster.close());

  const specFor = (overrides: object = {}) => databaseSpec(cluster, overrides);
  const apply = (spec = specFor()) => applyDatabase(cluster, spec);
  const output = () => cluster.context.log.lines.join("\n");

  it("item 2: reads and upgrades a database whose module_args is null", async () => {
    await start();
    cluster.simulator.addDatabase({ uid: 12, version: "7.2", replication: true, modules: [{ name: "search", id: "m1", version: "2.8.4", args: null }] });
    expect((await apply()).kind).toBe("upgraded");
  });

  it("item 2: lists bdbs when one is memcached and has no redis_version", async () => {
    await start();
    cluster.simulator.addDatabase({ uid: 3, version: "1.6.17", type: "memcached" });
    cluster.simulator.addDatabase({ uid: 12, version: "7.2" });
    const client = new RedisSoftwareClient(connectCluster(cluster.spec, cluster.context, fastTransport()), cluster.spec);
    expect((await client.listBdbs()).map((bdb) => [bdb.uid, bdb.type])).toEqual([[3, "memcached"], [12, "redis"]]);
  });

  it("item 2: a pin on a memcached database is refused with what it is, sending nothing", async () => {
    await start();
    cluster.simulator.addDatabase({ uid: 12, version: "1.6.17", type: "memcached" });
    await expect(apply()).rejects.toThrow(/database 12 on .* is a memcached database and reports no redis_version: there is no Redis version to pin/);
    expect(cluster.upgradePosts()).toHaveLength(0);
  });

  it("item 3: a 7.4.2 pin on a cluster that offers only 7.4.3 sends 7.4, upgrades to 7.4.3 and is satisfied", async () => {
    await start({ supportedVersions: ["7.2.7", "7.4.3"] });
    cluster.simulator.addDatabase({ uid: 12, version: "7.2", replication: true });
    const outcome = await apply(specFor({ redisVersion: "7.4.2" }));
    expect(outcome.kind).toBe("upgraded");
    expect(cluster.upgradePosts().map((request) => request.body)).toEqual([{ redis_version: "7.4" }]);
    expect(cluster.simulator.database(12)).toMatchObject({ redis_version: "7.4", version: "7.4.3" });
  });

  it("item 3: a 7.4.2 pin is refused, sending nothing, when the line offers only an older patch", async () => {
    await start({ supportedVersions: ["7.2.7", "7.4.0"] });
    cluster.simulator.addDatabase({ uid: 12, version: "7.2", replication: true });
    await expect(apply(specFor({ redisVersion: "7.4.2" }))).rejects.toThrow(/7\.4\.2 is not a version this control plane can upgrade to; it offers 7\.2\.7, 7\.4\.0/);
    expect(cluster.upgradePosts()).toHaveLength(0);
  });

  it("item 5: follows an upgrade through a status the docs do not list, saying so", async () => {
    await start();
    cluster.simulator.addDatabase({ uid: 12, version: "7.2", replication: true });
    const running = cluster.simulator.state.startUpgrade(cluster.simulator.state.databases.get(12)!, "7.4.2");
    cluster.simulator.reportActionStatus(running.uid, "suspended", 3);
    expect((await apply()).kind).toBe("upgraded");
    expect(output()).toMatch(/status "suspended" is not one the docs list: still following it until the deadline/);
    expect(cluster.upgradePosts()).toHaveLength(0);
  });

  it("item 5: a cancelled upgrade ends the follow with its own message", async () => {
    await start();
    cluster.simulator.addDatabase({ uid: 12, version: "7.2", replication: true });
    cluster.simulator.cancelNextUpgrade(12);
    await expect(apply()).rejects.toThrow(/the upgrade failed: SMUpgradeBDB was cancelled in state \w+: cancelled by the operator/);
    expect(cluster.simulator.database(12)).toMatchObject({ redis_version: "7.2" });
  });

  describe("item 5: the followed action must be the upgrade", () => {
    const follow = (actionUid: string) => followToEnd(softwareDatabaseUpgrader(specFor(), cluster.context, fastTransport()), actionOperation(actionUid), parseVersion("7.4"), cluster.context);

    it("an action uid naming another state machine leads to the bdb's own upgrade", async () => {
      await start();
      cluster.simulator.addDatabase({ uid: 12, version: "7.2", replication: true });
      const db = cluster.simulator.state.databases.get(12)!;
      const update = cluster.simulator.state.startStateMachine(db, "SMUpdateBDB");
      cluster.simulator.state.startUpgrade(db, "7.4.2");
      expect(await follow(update.uid)).toEqual({ kind: "completed" });
      expect(cluster.simulator.database(12)).toMatchObject({ version: "7.4.2" });
    });

    it("without an upgrade on the bdb, the follow fails naming both", async () => {
      await start();
      cluster.simulator.addDatabase({ uid: 12, version: "7.2", replication: true });
      const update = cluster.simulator.state.startStateMachine(cluster.simulator.state.databases.get(12)!, "SMUpdateBDB");
      expect(await follow(update.uid)).toEqual({
        kind: "failed",
        reason: expect.stringMatching(new RegExp(`action ${update.uid} is SMUpdateBDB, not the upgrade \\(SMUpgradeBDB\\), and GET /v1/actions/bdb/12 lists no upgrade`)),
      });
    });
  });

  it("item 9: parallelShardsUpgrade 0 (the documented default) is accepted and sent", async () => {
    await start();
    cluster.simulator.addDatabase({ uid: 12, version: "7.2", replication: true });
    expect((await apply(specFor({ upgrade: { parallelShardsUpgrade: 0 } }))).kind).toBe("upgraded");
    expect(cluster.upgradePosts()[0].body).toEqual({ redis_version: "7.4", parallel_shards_upgrade: 0 });
  });
});

describe("Redis Software fidelity (issue 12): statuses as open enums", () => {
  const base = { action_uid: "a-1", name: "SMUpgradeBDB" };

  it.each([
    ["cancelled", /SMUpgradeBDB was cancelled in state prepare/],
    ["aborted", /SMUpgradeBDB was aborted in state prepare/],
    ["failed", /SMUpgradeBDB failed in state prepare/],
  ])("an action %s ends the follow with its own message", (status, message) => {
    const step = actionStep(actionSchema.parse({ ...base, status, state: "prepare" }), same, "op");
    expect(step).toEqual({ kind: "ended", result: { kind: "failed", reason: expect.stringMatching(message) } });
  });

  it.each(["queued", "starting", "running", "cancelling", "pending", "active"])("an action %s is still running", (status) => {
    expect(actionStep(actionSchema.parse({ ...base, status }), same, "op")).toEqual({ kind: "running", progress: { state: status, percent: undefined }, operation: "op" });
  });

  it("an action with a word no doc lists is followed, naming the word", () => {
    expect(actionStep(actionSchema.parse({ ...base, status: "paused", progress: "40" }), same, "op")).toEqual({
      kind: "unknown",
      status: "paused",
      progress: { state: "paused", percent: 40 },
      operation: "op",
    });
  });

  it("only the upgrade's own state machine counts as a running upgrade", () => {
    expect(isRunningUpgrade(actionSchema.parse({ action_uid: "a", name: "SMUpdateBDB", status: "active" }))).toBe(false);
    expect(isRunningUpgrade(actionSchema.parse({ action_uid: "a", name: "SMUpgradeBDB", status: "running" }))).toBe(true);
    expect(isRunningUpgrade(actionSchema.parse({ action_uid: "a", name: "SMUpgradeBDB", status: "cancelled" }))).toBe(false);
  });

  it("a CRDB task cancelled ends the follow with its own message; an unknown word is followed", () => {
    expect(crdbTaskStep(crdbTaskSchema.parse({ id: "t-1", status: "cancelled" }), same, "op")).toEqual({
      kind: "ended",
      result: { kind: "failed", reason: "task t-1 was cancelled without naming a reason" },
    });
    expect(crdbTaskStep(crdbTaskSchema.parse({ id: "t-1", status: "committing" }), same, "op")).toEqual({
      kind: "unknown",
      status: "committing",
      progress: { state: "committing", detail: undefined },
      operation: "op",
    });
  });

  it("reads a bdb whose module_args is null", () => {
    expect(bdbSchema.parse({ uid: 1, redis_version: "7.4", status: "active", module_list: [{ module_name: "search", module_args: null }] }).module_list).toEqual([
      { module_name: "search", module_args: null },
    ]);
  });
});

describe("Redis Software fidelity (issue 12, #13 item 6): Active-Active", () => {
  const GUID = "6a0e3c1b-2d4f-4e5a-8b7c-9d1e2f3a4b5c";
  let aa: ActiveActiveClusters;

  async function start(options: Partial<RedisSoftwareSimulatorOptions> = {}) {
    aa = await startActiveActive(["east", "west"], () => options, new CrdbRegistry());
    aa.registry.addCrdb({
      guid: GUID,
      version: "7.2",
      featuresetVersion: 7,
      participants: [
        { cluster: aa.clusters.east.simulator, bdbUid: 2 },
        { cluster: aa.clusters.west.simulator, bdbUid: 5 },
      ],
    });
  }
  afterEach(() => aa.close());

  const specFor = (overrides: object = {}) =>
    parseResolved(
      activeActiveSpecSchema,
      {
        kind: "redis-software-active-active",
        format: 1,
        address: "stack/sessions",
        redisVersion: "7.4",
        timeoutMinutes: 30,
        cluster: aa.specs.east,
        crdbGuid: GUID,
        participants: [aa.specs.west],
        ...overrides,
      },
      "test",
    );
  const upgraderFor = (spec = specFor()) => softwareActiveActiveUpgrader(spec, aa.context, fastTransport());
  const apply = (spec = specFor()) =>
    withTestRun(aa.context, spec.timeoutMinutes, (context) =>
      run(softwareActiveActiveUpgrader(spec, context, fastTransport()), parseVersion(spec.redisVersion), { label: spec.address, context, pollIntervalMs: 1, profile: profileOf(spec) }),
    );
  const output = () => aa.context.log.lines.join("\n");
  const posts = () => Object.values(aa.clusters).flatMap((cluster) => cluster.upgradePosts());

  it("item 4: a cluster that ignored X-Task-ID: resume finds the running task in the task list and sends no second POST", async () => {
    await start({ taskIdHeader: "ignored" });
    const first = upgraderFor();
    const pin = parseVersion("7.4");
    const operation = await first.submit(pin, await first.observe(pin));
    expect(operation.taskId).not.toBe(posts()[0].headers["x-task-id"]);
    const outcome = await apply();
    expect(outcome).toMatchObject({ kind: "upgraded", operation: { taskId: operation.taskId } });
    expect(posts()).toHaveLength(1);
  });

  it("item 4: a cluster that refuses our X-Task-ID format: sent once more without it, the task followed by its own id", async () => {
    await start({ taskIdHeader: "rejected" });
    const outcome = await apply();
    expect(outcome.kind).toBe("upgraded");
    expect(posts().map((request) => request.headers["x-task-id"] === undefined)).toEqual([false, true]);
    expect(aa.registry.tasks.size).toBe(1);
    expect(outcome).toMatchObject({ operation: { taskId: [...aa.registry.tasks.keys()][0] } });
  });

  it("item 3: sends the release line of a patch pin", async () => {
    await start();
    expect((await apply(specFor({ redisVersion: "7.4.1" }))).kind).toBe("upgraded");
    expect(posts().map((request) => request.body)).toEqual([{ redis_version: "7.4" }]);
  });

  it("item 5: follows a task through a status the docs do not list", async () => {
    await start();
    const first = upgraderFor();
    const pin = parseVersion("7.4");
    const operation = await first.submit(pin, await first.observe(pin));
    aa.registry.reportTaskStatus(operation.taskId, "committing", 2);
    expect((await apply()).kind).toBe("upgraded");
    expect(output()).toMatch(/status "committing" is not one the docs list/);
  });

  it("#13 item 6: reports the featureset before and after, in the summary", async () => {
    await start();
    const outcome = await apply();
    expect(output()).toMatch(/before the upgrade: CRDB featureset_version 7 \(the cluster supports 8\)/);
    expect(output()).toMatch(/the featureset is behind: the one-call upgrade raises it .*by hand: crdb-cli crdb update --crdb-guid 6a0e3c1b-2d4f-4e5a-8b7c-9d1e2f3a4b5c --featureset-version true/);
    expect(outcome.kind === "upgraded" && outcome.summary).not.toMatch(/still behind/);
    expect(outcome.kind === "upgraded" && outcome.summary).toMatch(/; after the upgrade: CRDB featureset_version 8 \(the cluster supports 8\)$/);
  });

  it("#13 item 6: says the featureset still needs an update when the protocol was kept", async () => {
    await start();
    const outcome = await apply(specFor({ upgrade: { keepCrdtProtocolVersion: true } }));
    expect(outcome.kind === "upgraded" && outcome.summary).toMatch(
      /after the upgrade: CRDB featureset_version 7 \(the cluster supports 8\); the featureset is still behind: /,
    );
  });
});
